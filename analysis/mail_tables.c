// SPDX-License-Identifier: GPL-2.0-only
/*
 * fabench mail's tables, in the layout kernel developers read in the 0-day
 * robot's (LKP) reports: lkp-tests' lib/compare.rb, show_perf_header() and
 * show_perf_change(), prints per metric the base mean and %stddev, then
 * per other kernel the %change and its mean and %stddev, and the metric's
 * name last, the %stddev left blank up to 2 %.  Here (not that code): the
 * same columns with a '*' after a significant %change (compare's test),
 * metrics named by their declared label and unit, grouped under the
 * point's short label.  Which metrics: the headlines the workloads declare.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/direction.h"
#include "analysis/mail_int.h"
#include "bench/lib/stats.h"
#include "bench/lib/textwrap.h"

/* 2 * (W_VAL + W_SD) + W_CHG + 2 leaves 37 columns to the metric's label */
#define W_VAL 8
#define W_SD 8
#define W_CHG 9
#define W_CELL 10		/* a variant's column */
#define MAX_ROWS 3		/* points per metric in the variants table */

/*
 * As LKP's: two decimals below 1000, an integer below 1e8, else 3 digits
 * (8 columns at most); a whole number whole.
 */
static const char *num(double x, char *buf, size_t len)
{
	if (isnan(x))
		snprintf(buf, len, "-");
	else if (x == floor(x) && fabs(x) < 1e8)
		snprintf(buf, len, "%.0f", x);	/* an exact count */
	else if (fabs(x) < 1000)
		snprintf(buf, len, "%.2f", x);
	else if (fabs(x) < 1e8)
		snprintf(buf, len, "%.0f", x);
	else
		snprintf(buf, len, "%.3g", x);
	return buf;
}

/* "+-5%": the stddev in % of the mean, blank up to 2 % as LKP's. */
static const char *sd(const struct summary_stats *s, char *buf, size_t len)
{
	buf[0] = '\0';
	if (s->n >= 2 && isfinite(s->coeff_var) && s->coeff_var > 2)
		snprintf(buf, len, "+-%.0f%%", s->coeff_var);
	return buf;
}

/* "label (unit)", the label being the name where none is declared. */
static void metric_text(const struct rs_metric_decl *d, const char *name, char *buf,
			size_t len)
{
	const char *label = d && *d->label ? d->label : name;

	if (d && *d->unit)
		snprintf(buf, len, "%s (%s)", label, d->unit);
	else
		snprintf(buf, len, "%s", label);
}

/* The metric's text after col columns, wrapped under itself. */
static void metric_col(FILE *out, int col, const struct rs_metric_decl *d, const char *name)
{
	char text[512];

	metric_text(d, name, text, sizeof(text));
	fputs("  ", out);
	textwrap(out, col + 2, text, col + 2);
}

/* The headline metrics declared for p's workload, in declaration order. */
static int headlines(const struct resultset *rs, const struct rs_point *p, int *idx)
{
	int *all = malloc(((size_t)rs->nmetrics + 1) * sizeof(*all));
	const struct rs_metric_decl *d;
	int i, n, k = 0;

	if (!all)
		abort();
	n = metric_headlines(rs, all);
	for (i = 0; i < n; i++) {
		d = resultset_decl(rs, p, rs->metric[all[i]]);
		if (d && d->headline)
			idx[k++] = all[i];
	}
	free(all);
	return k;
}

static void point_status(FILE *out, const char *label, const char *status)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), "%s: %s", label, status ? status : "not measured");
	textwrap(out, 0, buf, 2);
}

void mail_single(FILE *out, const struct mail *m)
{
	const struct resultset *rs = &m->run[0].rs;
	int *idx = malloc(((size_t)rs->nmetrics + 1) * sizeof(*idx));
	double *v = NULL;
	char a[32], b[32];
	struct summary_stats s;
	int i, k, n, shown;
	size_t nv;

	if (!idx)
		abort();
	mail_line(out, "Headline metrics: mean of n repetitions");
	mail_line(out, "%*s%*s  %s", W_VAL, "value", W_SD, "%stddev", "metric");
	for (i = 0; i < rs->npoints; i++) {
		const struct rs_point *p = &rs->point[i];

		if (!p->ok) {
			point_status(out, p->label, p->status);
			continue;
		}
		free(v);
		v = malloc((p->nreps + 1) * sizeof(*v));
		if (!v)
			abort();
		n = headlines(rs, p, idx);
		for (k = 0, shown = 0; k < n; k++) {
			nv = resultset_samples(rs, p, idx[k], v);
			if (!nv)
				continue;
			if (!shown++)
				mail_line(out, "%s", p->label);
			stats_summarize(v, nv, &s);
			fprintf(out, "%*s%*s", W_VAL, num(s.mean, a, sizeof(a)), W_SD,
				sd(&s, b, sizeof(b)));
			metric_col(out, W_VAL + W_SD, resultset_decl(rs, p, rs->metric[idx[k]]),
				   rs->metric[idx[k]]);
		}
	}
	free(v);
	free(idx);
	fputc('\n', out);
	fprintf(out, "%%stddev: the standard deviation in %% of the mean, blank up to 2 %% "
		"(as LKP)\n\n");
}

static void compare_row(FILE *out, const struct metric_cmp *c, const struct rs_metric_decl *d,
			const char *name)
{
	char b[32], bs[32], o[32], os[32], chg[32];

	if (isnan(c->change_pct))
		snprintf(chg, sizeof(chg), "- ");
	else
		snprintf(chg, sizeof(chg), "%+.1f%%%s", c->change_pct,
			 c->p < SIGNIFICANT_P ? "*" : " ");
	fprintf(out, "%*s%*s%*s%*s%*s", W_VAL, num(c->base.mean, b, sizeof(b)),
		W_SD, sd(&c->base, bs, sizeof(bs)), W_CHG, chg,
		W_VAL, num(c->other.mean, o, sizeof(o)), W_SD, sd(&c->other, os, sizeof(os)));
	metric_col(out, 2 * (W_VAL + W_SD) + W_CHG, d, name);
}

void mail_compare(FILE *out, const struct mail *m, int other)
{
	const struct resultset *b = &m->run[0].rs, *o = &m->run[other].rs;
	int *idx = malloc(((size_t)b->nmetrics + 1) * sizeof(*idx));
	char name[64];
	struct metric_cmp c;
	int i, k, n, shown;

	if (!idx)
		abort();
	mail_line(out, "Headline metrics: base vs %s, means of n repetitions",
		  mail_run_name(m, other, name, sizeof(name)));
	mail_line(out, "%*s%*s%*s%*s%*s  %s", W_VAL, "base", W_SD, "%stddev", W_CHG, "%change",
		  W_VAL, name, W_SD, "%stddev", "metric");
	for (i = 0; i < b->npoints; i++) {
		const struct rs_point *p = &b->point[i], *q = cmp_match(o, p);

		if (!q) {
			q = resultset_find(o, p->key);
			if (!p->ok)
				point_status(out, p->label, p->status);
			else if (q)
				point_status(out, p->label, q->status);
			else
				mail_line(out, "%s: not in %s", p->label, name);
			continue;
		}
		n = headlines(b, p, idx);
		for (k = 0, shown = 0; k < n; k++) {
			if (compare_metric(b, p, o, q, idx[k], &c) || !c.base.n || !c.other.n)
				continue;
			if (!shown++)
				mail_line(out, "%s", p->label);
			compare_row(out, &c, resultset_decl(o, q, b->metric[idx[k]]) ?:
				    resultset_decl(b, p, b->metric[idx[k]]), b->metric[idx[k]]);
		}
	}
	free(idx);
	fputc('\n', out);
	if (other < m->n - 1)
		return;		/* the legend once, under the last table */
	fprintf(out, "%%stddev: the standard deviation in %% of the mean, blank up to 2 %% "
		"(as LKP)\n");
	fprintf(out, "%%change: of the mean over the base's; * p < %.2g (Welch's t-test,\n",
		SIGNIFICANT_P);
	fprintf(out, "  Mann-Whitney U for latency percentiles: fabench compare's)\n\n");
}

/* The variants table: per headline metric, the points where a run differs. */
struct vrow {
	const struct rs_point *p;	/* the baseline's point */
	int ndiff;			/* runs that differ from the baseline */
	double mag;			/* by how much, at most */
};

/* The cell of an exact count: its value, or "~" and the mean. */
static bool exact(const struct variants *v, int r, const struct rs_point *p, const char *name,
		  double *x, bool *approx)
{
	*approx = false;
	if (variants_same(v, r, p, name, x))
		return true;
	*approx = true;
	return variants_mean(v, r, p, name, x);
}

static void judge(const struct variants *v, const struct rs_metric_decl *d, struct vrow *row)
{
	double x, bx, ratio, pval;
	bool ax, has, bhas;
	int r;

	row->ndiff = 0;
	row->mag = 0;
	bhas = d->better == RS_BETTER_NONE && exact(v, v->base, row->p, d->name, &bx, &ax);
	for (r = 0; r < v->n; r++) {
		if (d->better == RS_BETTER_ZERO) {
			if (variants_sum(v, r, row->p, d->name, &x) && x != 0) {
				row->ndiff++;
				row->mag = fmax(row->mag, fabs(x));
			}
		} else if (r == v->base) {
			continue;
		} else if (d->better == RS_BETTER_NONE) {
			has = exact(v, r, row->p, d->name, &x, &ax);
			if (has != bhas || (has && x != bx)) {
				row->ndiff++;
				row->mag = fmax(row->mag, has && bhas ? fabs(x - bx) : 0);
			}
		} else if (variants_ratio(v, v->base, r, row->p, d->name, &ratio, &pval) &&
			   pval < SIGNIFICANT_P && ratio > 0) {
			row->ndiff++;
			row->mag = fmax(row->mag, fabs(log(ratio)));
		}
	}
}

static int row_order(const void *a, const void *b)
{
	const struct vrow *x = a, *y = b;

	if (x->ndiff != y->ndiff)
		return y->ndiff - x->ndiff;
	if (x->mag != y->mag)
		return x->mag < y->mag ? 1 : -1;
	return x->p < y->p ? -1 : x->p > y->p;
}

static void cell(const struct variants *v, const struct rs_metric_decl *d, int r,
		 const struct rs_point *p, char *buf, size_t len)
{
	const struct rs_point *q = variants_point(v, r, p);
	double x, ratio, pval;
	char n[32];
	bool approx;

	snprintf(buf, len, "-");
	if (!q || !q->ok) {
		snprintf(buf, len, "n/a");
	} else if (d->better == RS_BETTER_ZERO) {
		if (variants_sum(v, r, p, d->name, &x))
			snprintf(buf, len, "%.10g", x);
	} else if (d->better == RS_BETTER_NONE) {
		if (!exact(v, r, p, d->name, &x, &approx))
			return;
		if (approx)
			snprintf(buf, len, "~%s", variants_num(x, n, sizeof(n)));
		else if (x == floor(x) && fabs(x) < 1e9)
			snprintf(buf, len, "%.0f", x);
		else
			snprintf(buf, len, "%s", num(x, n, sizeof(n)));
	} else if (r == v->base) {
		if (variants_mean(v, r, p, d->name, &x))
			snprintf(buf, len, "%s", variants_num(x, n, sizeof(n)));
	} else if (variants_ratio(v, v->base, r, p, d->name, &ratio, &pval)) {
		snprintf(buf, len, "x%.2f%s", ratio, pval < SIGNIFICANT_P ? "*" : "");
	}
}

static const char *how(const struct rs_metric_decl *d)
{
	switch (d->better) {
	case RS_BETTER_ZERO:
		return "correctness count, sum of the repetitions";
	case RS_BETTER_NONE:
		return "exact count";
	default:
		return d->better == RS_BETTER_LOWER ? "lower is better" : "higher is better";
	}
}

/* The run columns in the baseline's order; a name too long is split at a '-'. */
static void run_header(FILE *out, const struct variants *v, const int *order)
{
	char line[2][MAIL_COLS * 2];
	size_t at[2] = { 0, 0 };
	const char *name, *cut;
	int i, l;
	bool two = false;

	for (i = 0; i < v->n; i++) {
		name = v->run[order[i]].name;
		l = (int)strlen(name);
		cut = NULL;
		if (l >= W_CELL) {
			cut = memrchr(name, '-', W_CELL - 1);
			if (!cut || cut == name || (int)strlen(cut + 1) >= W_CELL)
				cut = name + W_CELL - 2;	/* no '-' that helps: a hard cut */
			two = true;
		}
		at[0] += (size_t)snprintf(line[0] + at[0], sizeof(line[0]) - at[0], "%*.*s",
					  W_CELL, cut ? (int)(cut - name + 1) : l, name);
		at[1] += (size_t)snprintf(line[1] + at[1], sizeof(line[1]) - at[1], "%*.*s",
					  W_CELL, W_CELL - 1, cut ? cut + 1 : "");
	}
	if (two) {
		mail_line(out, "%s", line[0]);
		mail_line(out, "%s  point", line[1]);
	} else {
		mail_line(out, "%s  point", line[0]);
	}
}

static int metric_table(FILE *out, const struct variants *v, const int *order,
			const char *workload, const struct rs_metric_decl *d)
{
	const struct resultset *b = &v->run[v->base].rs;
	struct vrow *rows = calloc((size_t)b->npoints + 1, sizeof(*rows));
	char text[512], head[700], c[32];
	int i, r, n = 0, room = MAIL_COLS - v->n * W_CELL - 2;

	if (!rows)
		abort();
	for (i = 0; i < b->npoints; i++) {
		if (strcmp(b->point[i].workload, workload))
			continue;
		rows[n].p = &b->point[i];
		judge(v, d, &rows[n]);
		n += rows[n].ndiff > 0;
	}
	if (!n) {
		free(rows);
		return 0;
	}
	qsort(rows, (size_t)n, sizeof(*rows), row_order);
	metric_text(d, d->name, text, sizeof(text));
	snprintf(head, sizeof(head), "%s: %s, %s", workload, text, how(d));
	textwrap(out, 0, head, 2);
	for (i = 0; i < n && i < MAX_ROWS; i++) {
		for (r = 0; r < v->n; r++) {
			cell(v, d, order[r], rows[i].p, c, sizeof(c));
			fprintf(out, "%*s", W_CELL, c);
		}
		if ((int)strlen(rows[i].p->label) > room)
			fprintf(out, "  %.*s~\n", room - 1, rows[i].p->label);
		else
			fprintf(out, "  %s\n", rows[i].p->label);
	}
	if (n > MAX_ROWS)
		mail_line(out, "  and %d more point%s where a run differs", n - MAX_ROWS,
			  n - MAX_ROWS > 1 ? "s" : "");
	free(rows);
	return 1;
}

/* Whether an earlier point of rs than i measured i's workload. */
static bool seen_before(const struct resultset *rs, int i)
{
	int j;

	for (j = 0; j < i; j++)
		if (!strcmp(rs->point[j].workload, rs->point[i].workload))
			return true;
	return false;
}

void mail_variants(FILE *out, const struct mail *m)
{
	const struct variants *v = &m->var;
	const struct resultset *b = &v->run[v->base].rs;
	const struct rs_metric_decl *d;
	char same[2048] = "", wl[512], item[700];
	int order[MAIL_MAX_VARIANTS], i, k, mi;
	const char *base = v->run[v->base].name;

	order[0] = v->base;
	for (i = 0, k = 1; i < v->n; i++)
		if (i != v->base)
			order[k++] = i;
	mail_line(out, "Headline metrics where a variant differs from %s", base);
	if (v->tcg)
		mail_line(out, "(times emulated under TCG: counts are exact, times indicative)");
	run_header(out, v, order);
	for (i = 0; i < b->npoints; i++) {
		if (seen_before(b, i))
			continue;
		wl[0] = '\0';
		for (mi = 0; mi < b->nmetrics; mi++) {
			d = variants_decl(v, b->point[i].workload, b->metric[mi]);
			if (!d || !d->headline ||
			    metric_table(out, v, order, b->point[i].workload, d))
				continue;
			snprintf(item, sizeof(item), "%s%s", *wl ? ", " : "", d->name);
			if (strlen(wl) + strlen(item) < sizeof(wl))
				strcat(wl, item);
		}
		if (!*wl)
			continue;
		snprintf(item, sizeof(item), "%s%s (%s)", *same ? "; " : "",
			 b->point[i].workload, wl);
		if (strlen(same) + strlen(item) < sizeof(same))
			strcat(same, item);
	}
	fputc('\n', out);
	mail_line(out, "%s: its mean; xN: a variant's mean over it, * p < %.2g (Welch)",
		  base, SIGNIFICANT_P);
	fprintf(out, "~: the repetitions differ, their mean; n/a: not measured\n");
	mail_line(out, "points: where a run differs, the most runs first, at most %d",
		  MAX_ROWS);
	if (*same) {
		k = fprintf(out, "The same as %s at every point, within the noise:", base);
		fputc(' ', out);
		textwrap(out, k + 1, same, 2);
	}
	fputc('\n', out);
}
