// SPDX-License-Identifier: GPL-2.0-only
/*
 * fabench mail's tables, in the layout kernel developers read in the 0-day
 * robot's (LKP) reports: lkp-tests' lib/compare.rb, show_perf_header() and
 * show_perf_change(), prints per metric the base mean and %stddev, then
 * per other kernel the %change and its mean and %stddev, and the metric's
 * name last, the %stddev left blank up to 2 %.  Here (not that code): the
 * same columns with a '*' after a significant %change (compare's test),
 * metrics named by their declared label and unit, grouped under the
 * point's short label.  One run: a table per section, a column (mean,
 * %stddev) per headline metric, a row per point its declarations keep
 * ("only"), named by the axes that vary; the columns explained below.
 * Which metrics: the headlines the workloads declare.
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
/* a variant's column: 10, or 9 where six variants share the 80 columns */
#define W_CELL (v->n > 5 ? 9 : 10)
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
	fputs("  ", out);
	textwrap(out, 2, buf, 4);
}

/* A column of the one-run table: a headline metric of the section, its width. */
struct single_col {
	int metric;
	int width;		/* the value's: the name's, 8 at least */
};

#define MAX_COLS 16
#define MAX_SEEN 64	/* column names explained */

/* The section's headline metrics, each a column, in declaration order. */
static int section_cols(const struct resultset *rs, const char *sec, int *idx,
			struct single_col *col)
{
	int i, k, j, n, ncol = 0;

	for (i = 0; i < rs->npoints; i++) {
		const struct rs_point *p = &rs->point[i];

		if (strcmp(p->axis_val[rs->naxes], sec) || !p->ok)
			continue;
		n = headlines(rs, p, idx);
		for (k = 0; k < n; k++) {
			for (j = 0; j < ncol && col[j].metric != idx[k]; j++)
				;
			if (j == ncol && ncol < MAX_COLS) {
				col[ncol].metric = idx[k];
				col[ncol++].width = (int)strlen(rs->metric[idx[k]]) > W_VAL ?
						    (int)strlen(rs->metric[idx[k]]) : W_VAL;
			}
		}
	}
	return ncol;
}

/* Point p's value of metric m where its declaration keeps p ("only"); NAN: none. */
static double kept_mean(const struct resultset *rs, const struct rs_point *p, int m,
			double *v, struct summary_stats *s)
{
	const struct rs_metric_decl *d = resultset_decl(rs, p, rs->metric[m]);
	size_t nv;

	if (!d || !d->headline || !resultset_decl_keeps(rs, d, p))
		return NAN;
	nv = resultset_samples(rs, p, m, v);
	if (!nv)
		return NAN;
	stats_summarize(v, nv, s);
	return s->mean;
}

/*
 * The rows of a section: its ok points every column's declaration keeps
 * ("only": timing=throughput), and the axes that vary over them, which
 * name the rows ("memfd/none" under "backend/uffd").
 */
struct single_rows {
	bool *shown;
	int axis[32];
	int naxes;
	int width;		/* the label column's */
	const char *only;	/* a column's "only" that left out ok points, or "" */
};

static void single_rows(const struct resultset *rs, const char *sec,
			const struct single_col *col, int ncol, struct single_rows *r)
{
	const char *first;
	int i, a, c, w, len;

	r->naxes = 0;
	r->only = "";
	for (i = 0; i < rs->npoints; i++) {
		const struct rs_point *p = &rs->point[i];
		const struct rs_metric_decl *d;

		r->shown[i] = !strcmp(p->axis_val[rs->naxes], sec) && p->ok;
		for (c = 0; c < ncol && r->shown[i]; c++) {
			d = resultset_decl(rs, p, rs->metric[col[c].metric]);
			r->shown[i] = resultset_decl_keeps(rs, d, p);
			if (!r->shown[i])
				r->only = d->only;
		}
	}
	for (a = 0; a < rs->naxes && r->naxes < 32; a++) {
		for (i = 0, first = NULL; i < rs->npoints; i++) {
			if (!r->shown[i])
				continue;
			if (!first)
				first = rs->point[i].axis_val[a];
			else if (strcmp(first, rs->point[i].axis_val[a]))
				break;
		}
		if (i < rs->npoints)
			r->axis[r->naxes++] = a;
	}
	/* the header's width, or the widest label's */
	for (a = 0, w = -1; a < r->naxes; a++)
		w += (int)strlen(rs->axis_name[r->axis[a]]) + 1;
	r->width = w > 5 ? w : 5;
	for (i = 0; i < rs->npoints; i++) {
		if (!r->shown[i])
			continue;
		for (a = 0, len = -1; a < r->naxes; a++)
			len += (int)strlen(rs->point[i].axis_val[r->axis[a]]) + 1;
		r->width = len > r->width ? len : r->width;
	}
	r->width = r->width > 30 ? 30 : r->width;
}

/* "memfd/none": the row's values of the varying axes, or their names (p NULL). */
static void single_label(const struct resultset *rs, const struct single_rows *r,
			 const struct rs_point *p, char *buf, size_t len)
{
	size_t at = 0;
	int a;

	buf[0] = '\0';
	for (a = 0; a < r->naxes && at < len; a++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", a ? "/" : "",
				       p ? p->axis_val[r->axis[a]] : rs->axis_name[r->axis[a]]);
	if (!r->naxes)
		snprintf(buf, len, "%s", p ? "all" : "point");
}

/* Columns c0..c1-1 of a section: a header, a row per point shown. */
static void single_table(FILE *out, const struct resultset *rs, const struct single_rows *r,
			 const struct single_col *col, int c0, int c1, double *v)
{
	char line[MAIL_COLS * 4], label[256], a[32], b[32];
	struct summary_stats s;
	size_t at;
	int i, c;

	single_label(rs, r, NULL, label, sizeof(label));
	at = (size_t)snprintf(line, sizeof(line), "  %-*.*s", r->width, r->width, label);
	for (c = c0; c < c1; c++)
		at += (size_t)snprintf(line + at, sizeof(line) - at, " %*s %7s", col[c].width,
				       rs->metric[col[c].metric], "%stddev");
	mail_line(out, "%s", line);
	for (i = 0; i < rs->npoints; i++) {
		const struct rs_point *p = &rs->point[i];

		if (!r->shown[i])
			continue;
		single_label(rs, r, p, label, sizeof(label));
		at = (size_t)snprintf(line, sizeof(line), "  %-*.*s", r->width, r->width, label);
		for (c = c0; c < c1; c++) {
			if (isnan(kept_mean(rs, p, col[c].metric, v, &s)))
				at += (size_t)snprintf(line + at, sizeof(line) - at, " %*s %7s",
						       col[c].width, "-", "");
			else
				at += (size_t)snprintf(line + at, sizeof(line) - at, " %*s %7s",
						       col[c].width, num(s.mean, a, sizeof(a)),
						       sd(&s, b, sizeof(b)));
		}
		while (at && line[at - 1] == ' ')
			line[--at] = '\0';
		mail_line(out, "%s", line);
	}
}

/* Each section: its headline metrics as columns (tables of 80 columns), a row a point. */
void mail_single(FILE *out, const struct mail *m)
{
	const struct resultset *rs = &m->run[0].rs;
	int *idx = malloc(((size_t)rs->nmetrics + 1) * sizeof(*idx));
	double *v = malloc(((size_t)m->run[0].reps + 1) * sizeof(*v));
	struct single_rows r = { .shown = calloc((size_t)rs->npoints + 1, sizeof(bool)) };
	struct single_col col[MAX_COLS];
	char *seen[MAX_SEEN];
	int i, j, c0, c1, ncol, w, nseen;
	const char *sec;

	if (!idx || !v || !r.shown)
		abort();
	mail_line(out, "Headline metrics: mean of n repetitions, %%stddev: the standard");
	mail_line(out, "deviation in %% of the mean, blank up to 2 %% (as LKP)");
	for (i = 0; i < rs->npoints; i++) {
		sec = rs->point[i].axis_val[rs->naxes];
		for (j = 0; j < i && strcmp(rs->point[j].axis_val[rs->naxes], sec); j++)
			;
		if (j < i)	/* the section was written at its first point */
			continue;
		fputc('\n', out);
		ncol = section_cols(rs, sec, idx, col);
		single_rows(rs, sec, col, ncol, &r);
		mail_line(out, "%s%s%s%s", sec, *r.only ? " (" : "", r.only, *r.only ? " only)" : "");
		/* as many columns a table as fit 80 */
		for (c0 = 0; c0 < ncol; c0 = c1) {
			for (c1 = c0, w = 2 + r.width; c1 < ncol; c1++) {
				w += col[c1].width + 9;
				if (w > MAIL_COLS && c1 > c0)
					break;
			}
			single_table(out, rs, &r, col, c0, c1, v);
		}
		for (j = i; j < rs->npoints; j++)
			if (!strcmp(rs->point[j].axis_val[rs->naxes], sec) && !rs->point[j].ok)
				point_status(out, rs->point[j].label, rs->point[j].status);
	}
	/* what each column is: once per name and label, in the order of the points */
	fputc('\n', out);
	mail_line(out, "Columns, as the workloads declare them:");
	for (i = 0, nseen = 0; i < rs->npoints; i++) {
		int n = headlines(rs, &rs->point[i], idx);

		for (c0 = 0; c0 < n; c0++) {
			const struct rs_metric_decl *d = resultset_decl(rs, &rs->point[i],
									 rs->metric[idx[c0]]);
			char text[512], full[640];

			metric_text(d, rs->metric[idx[c0]], text, sizeof(text));
			snprintf(full, sizeof(full), "%s: %s", rs->metric[idx[c0]], text);
			for (j = 0; j < nseen && strcmp(seen[j], full); j++)
				;
			if (j < nseen || nseen == MAX_SEEN)
				continue;
			seen[nseen] = strdup(full);
			if (!seen[nseen++])
				abort();
			fputs("  ", out);
			textwrap(out, 2, full, 4);
		}
	}
	while (nseen)
		free(seen[--nseen]);
	free(r.shown);
	free(v);
	free(idx);
	fputc('\n', out);
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
	double x, bx, ratio;
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
		} else if (variants_differs(v, v->base, r, row->p, d->name, &ratio) &&
			   ratio > 0) {
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
	bool differs;
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
		differs = variants_differs(v, v->base, r, p, d->name, &ratio);
		snprintf(buf, len, "x%.2f%s", ratio, differs ? "*" : "");
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
		variants_verdicts(out, v, b->point[i].workload, false);
		for (mi = 0; mi < b->nmetrics; mi++) {
			d = variants_decl(v, b->point[i].workload, b->metric[mi]);
			/* marked: in the verdict table just printed */
			if (!d || !d->headline || *d->mark ||
			    metric_table(out, v, order, b->point[i].workload, d))
				continue;
			snprintf(item, sizeof(item), "%s%s", *wl ? ", " : "", d->shown);
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
	mail_line(out, "%s: its mean; xN: a variant's mean over it, * p < %.2g (Welch)%s",
		  base, SIGNIFICANT_P, v->run[v->base].rs.icount ? " and " ICOUNT_FLOOR_TEXT " or more" : "");
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
