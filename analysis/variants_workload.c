// SPDX-License-Identifier: GPL-2.0-only
/*
 * fabench variants: one workload's tables, chosen by the base run's
 * meta.json "metrics" declarations, never by metric name.  Each headline
 * metric is a table of the workload's points by runs:
 *
 *   better=none          the value every repetition had (exact: pages per
 *                        fault), or "~" and the mean where they differ;
 *   better=lower|higher  the mean, and "xN" its ratio over the baseline's
 *                        where Welch's test says p < 0.05 (compare's
 *                        judgement of noise); a time or a rate per time is
 *                        titled indicative under TCG;
 *   better=zero          correctness counts: variants_counts.c.
 *
 * Metrics declared with a mark are the verdict table's
 * (variants_verdicts.c), and in no other.
 */
#include <string.h>

#include "analysis/comparison.h"
#include "analysis/variants.h"
#include "bench/lib/textwrap.h"
#include "bench/lib/timeunit.h"

bool variants_measured(const struct variants *v, const char *workload, const char *name)
{
	const struct resultset *b = &v->run[v->base].rs;
	double sum;
	int r, i;

	for (r = 0; r < v->n; r++)
		for (i = 0; i < b->npoints; i++)
			if (!strcmp(b->point[i].workload, workload) &&
			    variants_sum(v, r, &b->point[i], name, &sum))
				return true;
	return false;
}

/*
 * The workload's own declarations hold wherever samples.csv has the
 * column (its points may all be unsupported: the table shows why); the
 * harness's, globs matching every workload's columns, only where measured.
 */
const struct rs_metric_decl *variants_decl(const struct variants *v, const char *workload,
					   const char *name)
{
	const struct resultset *rs = &v->run[v->base].rs;
	const struct rs_metric_decl *d = resultset_decl_by_workload(rs, workload, name);

	if (!d || resultset_metric(rs, name) < 0)
		return NULL;
	if (d != resultset_decl_by_workload(rs, NULL, name))
		return d;
	return variants_measured(v, workload, name) ? d : NULL;
}

/*
 * "dirty_wp_async: tracked_pages_per_sec (pages/s), mean", then the
 * declared label and what the cells mean (legend), wrapped.
 */
static void title(FILE *out, const struct variants *v, const char *workload,
		  const struct rs_metric_decl *d, const char *how, const char *legend)
{
	bool label = *d->label && strcmp(d->label, d->name);
	char buf[1024];

	snprintf(buf, sizeof(buf), "%s: %s%s%s%s, %s", workload, d->shown, *d->unit ? " (" : "",
		 d->unit, *d->unit ? ")" : "", how);
	variants_title(out, v, buf, timeunit_is_time(d->unit));
	snprintf(buf, sizeof(buf), "  %s%s%s", label ? d->label : "", label && *legend ? "; " : "",
		 legend);
	if (label || *legend)
		textwrap(out, 0, buf, 2);
}

struct exact_arg {
	const char *name;
	bool mean_shown;	/* some cell is a mean: the legend says so */
};

static bool exact_cell(const struct variants *v, int r, const struct rs_point *p,
		       void *arg, char *buf, size_t len)
{
	struct exact_arg *a = arg;
	char num[32];
	double x;

	if (variants_same(v, r, p, a->name, &x)) {
		snprintf(buf, len, "%.10g", x);
		return true;
	}
	if (!variants_mean(v, r, p, a->name, &x))
		return false;
	a->mean_shown = true;
	snprintf(buf, len, "~%s", variants_num(x, num, sizeof(num)));
	return true;
}

static void exact_table(FILE *out, const struct variants *v, const char *workload,
			const struct rs_metric_decl *d)
{
	struct exact_arg a = { .name = d->name };
	const struct var_grid g = { .workload = workload, .cell = exact_cell, .arg = &a };

	title(out, v, workload, d, "exact", "");
	variants_grid(out, v, &g);
	if (a.mean_shown)
		fprintf(out, "  ~: the repetitions differ; their mean\n");
	fputc('\n', out);
}

static bool mean_cell(const struct variants *v, int r, const struct rs_point *p,
		      void *arg, char *buf, size_t len)
{
	const char *name = arg;
	char num[32];
	double mean, ratio;

	if (!variants_mean(v, r, p, name, &mean))
		return false;
	variants_num(mean, num, sizeof(num));
	if (r != v->base && variants_differs(v, v->base, r, p, name, &ratio))
		snprintf(buf, len, "%s x%.2f", num, ratio);
	else
		snprintf(buf, len, "%s", num);
	return true;
}

static void mean_table(FILE *out, const struct variants *v, const char *workload,
		       const struct rs_metric_decl *d)
{
	const struct var_grid g = { .workload = workload, .cell = mean_cell,
				    .arg = (void *)d->name };
	char legend[256];

	snprintf(legend, sizeof(legend), "xN: the mean over %s's, where p < 0.05 (Welch)%s; "
		 "a mean alone: no difference beyond the noise", v->run[v->base].name,
		 v->run[v->base].rs.icount ? " and " ICOUNT_FLOOR_TEXT " or more (icount)" : "");
	title(out, v, workload, d, "mean", legend);
	variants_grid(out, v, &g);
	fputc('\n', out);
}

/* The headline metrics of one better kind, in samples.csv's column order. */
static int tables_of(FILE *out, const struct variants *v, const char *workload, bool exact)
{
	const struct resultset *rs = &v->run[v->base].rs;
	const struct rs_metric_decl *d;
	int m, n = 0;

	for (m = 0; m < rs->nmetrics; m++) {
		d = variants_decl(v, workload, rs->metric[m]);
		if (!d || !d->headline || d->better == RS_BETTER_ZERO || *d->mark ||
		    (d->better == RS_BETTER_NONE) != exact)
			continue;
		if (exact)
			exact_table(out, v, workload, d);
		else
			mean_table(out, v, workload, d);
		n++;
	}
	return n;
}

/* The headlines the workload declared that samples.csv has no column of. */
static void unmeasured(FILE *out, const struct variants *v, const char *workload)
{
	const struct resultset *rs = &v->run[v->base].rs;
	const struct rs_metric_decl *d;
	int t, i;

	for (t = 0; t < rs->ntables; t++) {
		if (strcmp(rs->table[t].workload, workload))
			continue;
		for (i = 0; i < rs->table[t].n; i++) {
			d = &rs->table[t].decl[i];
			if (d->headline && !variants_decl(v, workload, d->name))
				variants_line(out, "%s: %s: declared a headline, not in the "
					      "baseline's samples.csv", workload, d->name);
		}
	}
}

void variants_workload(FILE *out, const struct variants *v, const char *workload)
{
	int n;

	n = variants_verdicts(out, v, workload, true);
	n += tables_of(out, v, workload, true);
	n += tables_of(out, v, workload, false);
	n += variants_counts(out, v, workload);
	unmeasured(out, v, workload);
	if (!n) {
		variants_line(out, "%s: no headline metric declared in the baseline's meta.json",
			      workload);
		fputc('\n', out);
	}
}
