// SPDX-License-Identifier: GPL-2.0-only
/* fabench lkp-stats: a result directory as lkp-tests stats lines (lkp_stats.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/lkp_stats.h"
#include "analysis/resultset.h"

/*
 * A stats name may hold no white space and no ": " (dump-stat splits a
 * line there), and '.' separates its parts: anything else than letters,
 * digits and "_-=+%" becomes '_'.
 */
static void put_name_part(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc(strchr("_-=+%", *s) || (*s >= 'a' && *s <= 'z') ||
		      (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ? *s : '_', out);
}

/* "SECTION" or "SECTION.name=value,name=value": the point's stats prefix. */
static void put_point(FILE *out, const struct resultset *rs, const struct rs_point *p)
{
	char sep = '.';
	int a;

	put_name_part(out, p->axis_val[rs->naxes]);
	for (a = 0; a < rs->naxes; a++) {
		if (!resultset_axis_varies(rs, p, a))
			continue;
		fputc(sep, out);
		put_name_part(out, rs->axis_name[a]);
		fputc('=', out);
		put_name_part(out, p->axis_val[a][0] ? p->axis_val[a] : "-");
		sep = ',';
	}
}

/*
 * LKP reads a value with a '.' as a float and one without as an integer
 * ("3e+06" would be 3), and a float must have a digit after its point
 * (Ruby's Float() refuses "397566.", and dump-stat then drops the run's
 * stats): whole numbers as such, others with a point and a digit after it.
 */
static void put_value(FILE *out, double v)
{
	char buf[64];

	if (v == floor(v) && fabs(v) < 1e15) {
		fprintf(out, "%.0f\n", v);
		return;
	}
	snprintf(buf, sizeof(buf), "%.6g", v);
	if (strchr(buf, 'e') && !strchr(buf, '.'))
		snprintf(buf, sizeof(buf), "%.5e", v);
	else if (!strchr(buf, '.') && !strchr(buf, 'e'))
		strcat(buf, ".0");
	fprintf(out, "%s\n", buf);
}

static void put_point_stats(FILE *out, const struct resultset *rs, const struct rs_point *p,
			    double *buf)
{
	const struct rs_metric_decl *d;
	double sum;
	size_t n, i;
	int m;

	for (m = 0; m < rs->nmetrics; m++) {
		n = resultset_samples(rs, p, m, buf);
		if (!n)
			continue;
		for (sum = 0, i = 0; i < n; i++)
			sum += buf[i];
		/* LKP takes numbers only */
		if (!isfinite(sum))
			continue;
		d = resultset_decl(rs, p, rs->metric[m]);
		put_point(out, rs, p);
		fprintf(out, ".%s: ", rs->metric[m]);
		if (d && d->better == RS_BETTER_ZERO) {
			put_value(out, sum);
			if (sum != 0) {
				put_point(out, rs, p);
				fprintf(out, ".%s.fail: 1\n", rs->metric[m]);
			}
		} else {
			put_value(out, sum / (double)n);
		}
	}
}

int lkp_stats_write(const char *dir, FILE *out)
{
	struct resultset rs;
	size_t most = 1;
	double *buf;
	int i;

	if (resultset_load(dir, &rs))
		return -1;
	for (i = 0; i < rs.npoints; i++)
		if (rs.point[i].nreps > most)
			most = rs.point[i].nreps;
	buf = malloc(most * sizeof(*buf));
	if (!buf)
		abort();
	fprintf(out, "# fabench lkp-stats %s: the mean of each metric's repetitions; "
		"correctness counts summed\n", dir);
	for (i = 0; i < rs.npoints; i++) {
		const struct rs_point *p = &rs.point[i];

		if (p->status && !strncmp(p->status, "unsupported", 11)) {
			fputs("# ", out);
			put_point(out, &rs, p);
			fprintf(out, " %s\n", p->status);
			put_point(out, &rs, p);
			fputs(".unsupported: 1\n", out);
		} else if (p->status) {
			fputs("# ", out);
			put_point(out, &rs, p);
			fprintf(out, " %s\n", p->status);
			put_point(out, &rs, p);
			fputs(".error: 1\n", out);
		} else {
			put_point_stats(out, &rs, p, buf);
		}
	}
	free(buf);
	resultset_free(&rs);
	return 0;
}
