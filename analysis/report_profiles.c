// SPDX-License-Identifier: GPL-2.0-only
/*
 * report's profiles: for each section measured with profile = on, a table
 * of the functions whose share differs most between its profiled points
 * (children/self % of the samples), the samples each point had, and what
 * the sampling cost: a point's ns per unit with profile = on over the
 * same point's with profile = off, where the run measured both.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/figure.h"
#include "analysis/profile_table.h"
#include "analysis/report.h"

#define PER_TABLE 3	/* 80 columns */
#define ROWS 12

/* The label without its section: "none/on" */
static const char *short_label(const struct rs_point *p)
{
	const char *sp = strchr(p->label, ' ');

	return sp ? sp + 1 : p->label;
}

/* The point equal to p but for profile = off, or NULL. */
static const struct rs_point *profile_off(const struct resultset *rs, const struct rs_point *p,
					  int axis)
{
	int i, a;

	for (i = 0; i < rs->npoints; i++) {
		const struct rs_point *q = &rs->point[i];

		if (q == p || strcmp(q->axis_val[axis], "off") ||
		    strcmp(q->axis_val[rs->naxes], p->axis_val[rs->naxes]))
			continue;
		for (a = 0; a < rs->naxes && (a == axis || !strcmp(q->axis_val[a], p->axis_val[a]));
		     a++)
			;
		if (a == rs->naxes)
			return q;
	}
	return NULL;
}

/* The first ns_per_<unit> metric: what the sampling slows */
static int cost_metric(const struct resultset *rs)
{
	int m;

	for (m = 0; m < rs->nmetrics; m++)
		if (!strncmp(rs->metric[m], "ns_per_", 7))
			return m;
	return -1;
}

static double mean(const struct resultset *rs, const struct rs_point *p, int m)
{
	struct fig_stats st;

	return fig_stats(rs, p, m, &st) ? NAN : st.mean;
}

static void samples_line(FILE *out, const struct resultset *rs, const struct rs_point *p,
			 const struct pf_point *pp, int axis, int cost)
{
	const struct rs_point *off = axis >= 0 ? profile_off(rs, p, axis) : NULL;
	double on_ns = cost >= 0 ? mean(rs, p, cost) : NAN, off_ns;

	fprintf(out, "  %-20.20s %7.0f samples, %4.1f %% in user mode, %.0f lost",
		short_label(p), pp->samples, pp->samples ? 100 * pp->user / pp->samples : 0,
		pp->lost);
	off_ns = off && cost >= 0 ? mean(rs, off, cost) : NAN;
	if (!isnan(on_ns) && !isnan(off_ns) && off_ns > 0)
		fprintf(out, "; cost x%.2f", on_ns / off_ns);
	fputc('\n', out);
}

static int section_table(FILE *out, const struct resultset *rs, const char *section)
{
	const struct rs_point *pt[PER_TABLE];
	struct pf_point pp[PER_TABLE];
	const char *labels[PER_TABLE];
	int axis = resultset_axis(rs, "profile"), cost = cost_metric(rs), i, n = 0, k, ret = 0;

	for (i = 0; i <= rs->npoints && !ret; i++) {
		const struct rs_point *p = i < rs->npoints ? &rs->point[i] : NULL;

		if (p && (strcmp(p->axis_val[rs->naxes], section) || p->index < 0))
			continue;
		if (p) {
			k = pf_load(rs->dir, p->index, &pp[n]);
			if (k < 0)
				ret = -1;
			if (k)
				continue;
			pt[n] = p;
			labels[n] = short_label(p);
			n++;
		}
		if (n == PER_TABLE || (!p && n)) {
			fprintf(out, "[%s] profiles: a sample every %.0f us of a task's CPU time\n"
				"  (profile/point-NNNN.csv, .folded; cost: %s with profile = on\n"
				"  over the same point's with off, where the run measured both)\n",
				section, pp[0].period_ns / 1000, cost >= 0 ? rs->metric[cost] : "-");
			for (k = 0; k < n; k++)
				samples_line(out, rs, pt[k], &pp[k], axis, cost);
			pf_table(out, labels, pp, n, ROWS);
			fputc('\n', out);
			for (k = 0; k < n; k++)
				pf_free(&pp[k]);
			n = 0;
		}
	}
	for (k = 0; k < n; k++)
		pf_free(&pp[k]);
	return ret;
}

int report_profiles(FILE *out, const struct resultset *rs)
{
	const char *done[64];
	int i, j, nd = 0;

	for (i = 0; i < rs->npoints; i++) {
		const char *s = rs->point[i].axis_val[rs->naxes];

		for (j = 0; j < nd && strcmp(done[j], s); j++)
			;
		if (j < nd || nd == 64)
			continue;
		done[nd++] = s;
		if (section_table(out, rs, s))
			return -1;
	}
	return 0;
}
