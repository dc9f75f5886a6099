// SPDX-License-Identifier: GPL-2.0-only
/* Metric directions and headlines from the declarations; see direction.h. */
#include <fnmatch.h>
#include <stddef.h>
#include <string.h>

#include "analysis/direction.h"

enum direction decl_direction(const struct rs_metric_decl *d)
{
	if (!d)
		return DIR_NONE;
	switch (d->better) {
	case RS_BETTER_LOWER:
		return DIR_LOWER;
	case RS_BETTER_HIGHER:
		return DIR_HIGHER;
	case RS_BETTER_ZERO:
		return DIR_ZERO;
	default:
		return DIR_NONE;
	}
}

const char *direction_name(enum direction d)
{
	switch (d) {
	case DIR_LOWER:
		return "lower";
	case DIR_HIGHER:
		return "higher";
	case DIR_ZERO:
		return "zero";
	default:
		return "";
	}
}

const struct rs_metric_decl *metric_decl(const struct resultset *rs,
					 const struct rs_point *p, const char *metric)
{
	const struct rs_metric_decl *d;
	int t;

	if (p)
		return resultset_decl(rs, p, metric);
	for (t = 0; t < rs->ntables; t++) {
		if (!strcmp(rs->table[t].workload, "*"))
			continue;
		d = resultset_decl_by_workload(rs, rs->table[t].workload, metric);
		if (d && !strcmp(d->name, metric))
			return d;
	}
	return resultset_decl_by_workload(rs, NULL, metric);
}

enum direction metric_direction(const struct resultset *rs, const struct rs_point *p,
				const char *metric)
{
	return decl_direction(metric_decl(rs, p, metric));
}

int metric_decls_present(const struct resultset *rs)
{
	return rs->ntables > 0;
}

void metric_decls_note(FILE *out, const struct resultset *rs)
{
	if (!metric_decls_present(rs))
		fprintf(out, "fabench: note: %s: format_version %d, no metric declarations: "
			"every metric is information only\n", rs->dir, rs->format_version);
}

int metric_headlines(const struct resultset *rs, int *out)
{
	int t, i, m, k, n = 0;

	for (t = 0; t < rs->ntables; t++) {
		for (i = 0; i < rs->table[t].n; i++) {
			if (!rs->table[t].decl[i].headline)
				continue;
			m = resultset_metric(rs, rs->table[t].decl[i].name);
			for (k = 0; k < n && out[k] != m; k++)
				;
			if (m >= 0 && k == n)
				out[n++] = m;
		}
	}
	return n;
}

int metric_is_percentile(const char *metric)
{
	return !fnmatch("lat_p*", metric, 0) || !fnmatch("lat_max*", metric, 0);
}
