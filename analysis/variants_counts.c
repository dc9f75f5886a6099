// SPDX-License-Identifier: GPL-2.0-only
/*
 * fabench variants: a workload's correctness counts, the metrics declared
 * better=zero (a lost write-protect, a missed dirty page), summed over the
 * repetitions: counts, exact under TCG too.  The headline ones make a
 * table whose cell is "clean" where every one of them is 0, else those
 * that are not ("lost_wp 4907").  Under it every zero metric of the
 * workload, headline or not (the harness's "*_errors" too), is either in
 * the line of the clean ones or has a line saying in which runs it was
 * not 0 (and, for those no table shows, at which points).
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/variants.h"
#include "bench/lib/textwrap.h"

#define MAX_COUNTS 64
#define MAX_POINT_LINES 8

struct counts {
	const char *name[MAX_COUNTS];
	bool headline[MAX_COUNTS];
	int n, nhead;
};

/* The zero metrics with samples, headline ones first, else column order. */
static void find_counts(const struct variants *v, const char *workload, struct counts *c)
{
	const struct resultset *rs = &v->run[v->base].rs;
	const struct rs_metric_decl *d;
	int pass, m;

	memset(c, 0, sizeof(*c));
	for (pass = 0; pass < 2; pass++)
		for (m = 0; m < rs->nmetrics && c->n < MAX_COUNTS; m++) {
			d = variants_decl(v, workload, rs->metric[m]);
			/* marked: the verdict table's */
			if (!d || d->better != RS_BETTER_ZERO || d->headline != (pass == 0) ||
			    *d->mark)
				continue;
			c->name[c->n] = rs->metric[m];
			c->headline[c->n++] = !pass;
			c->nhead += !pass;
		}
}

static bool counts_cell(const struct variants *v, int r, const struct rs_point *p,
			void *arg, char *buf, size_t len)
{
	const struct counts *c = arg;
	bool measured = false, bad = false;
	size_t at = 0;
	double sum;
	int i;

	buf[0] = 0;
	for (i = 0; i < c->nhead; i++) {
		if (!variants_sum(v, r, p, c->name[i], &sum))
			continue;
		measured = true;
		if (sum == 0 || at >= len)
			continue;
		at += (size_t)snprintf(buf + at, len - at, "%s%s %.0f", bad ? " " : "",
				       c->name[i], sum);
		bad = true;
	}
	if (measured && !bad)
		snprintf(buf, len, "clean");
	return measured;
}

/* Every run measured every point of the workload. */
static bool all_measured(const struct variants *v, const char *workload)
{
	const struct resultset *b = &v->run[v->base].rs;
	const struct rs_point *q;
	int r, i;

	for (r = 0; r < v->n; r++)
		for (i = 0; i < b->npoints; i++) {
			if (strcmp(b->point[i].workload, workload))
				continue;
			q = variants_point(v, r, &b->point[i]);
			if (!q || !q->ok)
				return false;
		}
	return true;
}

/* Every run measured every point of the workload, and every headline is 0. */
static bool all_clean(const struct variants *v, const char *workload, const struct counts *c)
{
	const struct resultset *b = &v->run[v->base].rs;
	char buf[64];
	int r, i;

	if (!all_measured(v, workload))
		return false;
	for (r = 0; r < v->n; r++)
		for (i = 0; i < b->npoints; i++)
			if (!strcmp(b->point[i].workload, workload) &&
			    (!counts_cell(v, r, &b->point[i], (void *)c, buf, sizeof(buf)) ||
			     strcmp(buf, "clean")))
				return false;
	return true;
}

/* The headline counts by point and run; not when all are clean (the line says so). */
static void table(FILE *out, const struct variants *v, const char *workload,
		  const struct counts *c)
{
	const struct var_grid g = { .workload = workload, .cell = counts_cell,
				    .arg = (void *)c };
	char *text;
	size_t len;
	FILE *f;
	int i;

	if (all_clean(v, workload, c))
		return;
	f = open_memstream(&text, &len);
	if (!f)
		abort();
	fprintf(f, "%s:", workload);
	for (i = 0; i < c->nhead; i++)
		fprintf(f, "%s %s", i ? "," : "", c->name[i]);
	fprintf(f, "; sums over the repetitions, clean: %s0", c->nhead > 1 ? "all " : "");
	fclose(f);
	variants_line(out, "%s", text);
	free(text);
	variants_grid(out, v, &g);
}

/* Run r's sum of name over the workload's points; *npoints: those not 0. */
static double run_sum(const struct variants *v, int r, const char *workload,
		      const char *name, int *npoints, int *nall)
{
	const struct resultset *b = &v->run[v->base].rs;
	double total = 0, sum;
	int i;

	*npoints = *nall = 0;
	for (i = 0; i < b->npoints; i++) {
		if (strcmp(b->point[i].workload, workload))
			continue;
		(*nall)++;
		if (variants_sum(v, r, &b->point[i], name, &sum) && sum != 0) {
			total += sum;
			(*npoints)++;
		}
	}
	return total;
}

/* "lost_wp: NOT 0 in fa-wp (11972 at 2 of 6 points), ..."; false if 0 in every run */
static bool not_zero(FILE *out, const struct variants *v, const char *workload,
		     const char *name)
{
	char *text;
	size_t len;
	FILE *f = open_memstream(&text, &len);
	int r, n, all, runs = 0;
	double total;

	if (!f)
		abort();
	fprintf(f, "%s: %s: NOT 0 in", workload, name);
	for (r = 0; r < v->n; r++) {
		total = run_sum(v, r, workload, name, &n, &all);
		if (!n)
			continue;
		fprintf(f, "%s %s (%.0f at %d of %d points)", runs++ ? "," : "",
			v->run[r].name, total, n, all);
	}
	fclose(f);
	if (runs)
		textwrap(out, 0, text, 2);
	free(text);
	return runs > 0;
}

/* Where a count no table shows was not 0: run, point and sum. */
static void not_zero_points(FILE *out, const struct variants *v, const char *workload,
			    const char *name)
{
	const struct resultset *b = &v->run[v->base].rs;
	char point[256];
	double sum;
	int r, i, n = 0;

	for (r = 0; r < v->n; r++)
		for (i = 0; i < b->npoints; i++) {
			if (strcmp(b->point[i].workload, workload) ||
			    !variants_sum(v, r, &b->point[i], name, &sum) || sum == 0)
				continue;
			if (n++ >= MAX_POINT_LINES)
				continue;
			variants_point_name(v, workload, &b->point[i], point, sizeof(point));
			variants_line(out, "  %.0f in %s at %s", sum, v->run[r].name, point);
		}
	if (n > MAX_POINT_LINES)
		fprintf(out, "  and at %d more\n", n - MAX_POINT_LINES);
}

int variants_counts(FILE *out, const struct variants *v, const char *workload)
{
	struct counts c;
	char *clean;
	size_t len;
	FILE *f;
	int i, nclean = 0;

	find_counts(v, workload, &c);
	if (!c.n)
		return 0;
	if (c.nhead)
		table(out, v, workload, &c);
	f = open_memstream(&clean, &len);
	if (!f)
		abort();
	fprintf(f, "%s: 0 %s (clean):", workload, all_measured(v, workload) ?
		"in every run at every point" : "at every point measured");
	for (i = 0; i < c.n; i++) {
		/* never measured: the table's notes say why */
		if (!variants_measured(v, workload, c.name[i]))
			continue;
		if (not_zero(out, v, workload, c.name[i])) {
			if (!c.headline[i])
				not_zero_points(out, v, workload, c.name[i]);
			continue;
		}
		fprintf(f, "%s %s", nclean++ ? "," : "", c.name[i]);
	}
	fclose(f);
	if (nclean)
		textwrap(out, 0, clean, 2);
	free(clean);
	fputc('\n', out);
	return c.nhead;
}
