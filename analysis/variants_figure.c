// SPDX-License-Identifier: GPL-2.0-only
/*
 * fabench variants --plots: the 2x2 question in one figure.  Per workload
 * and headline metric (the base run's declarations, never a metric's
 * name) a panel of the points where some run differs from the baseline,
 * one bar per run in its palette colour:
 *
 *   better=none          the value (the mean where repetitions differ),
 *                        where some run's differs from the baseline's;
 *   better=lower|higher  the mean over the baseline's mean (log2, bars
 *                        from 1), where some run's differs with p < 0.05
 *                        (Welch, as the tables judge it), '*' on those;
 *   better=zero          the count summed over the repetitions, where
 *                        some run's is not 0.
 *
 * Whiskers: the min-max of the run's repetitions (over the baseline's
 * mean for a ratio).  A metric with no such point gets no panel: a line
 * under the figure names it.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/compare_plots.h"
#include "analysis/comparison.h"
#include "analysis/palette.h"
#include "analysis/plot.h"
#include "analysis/variants.h"
#include "bench/lib/textwrap.h"
#include "bench/lib/timeunit.h"

/* snprintf into buf, a text cut short where it does not fit. */
static void __attribute__((format(printf, 3, 4))) put(char *buf, size_t len,
						       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

/* Run r's summary of metric m at the baseline's point p; false: no sample. */
static bool summary(const struct variants *v, int r, const struct rs_point *p, int m,
		    struct metric_cmp *c)
{
	const struct resultset *b = &v->run[v->base].rs;
	const struct rs_point *q = variants_point(v, r, p);

	return q && q->ok && !compare_metric(b, p, &v->run[r].rs, q, m, c) && c->other.n;
}

/* Whether point p goes on the panel of d: some run differs there. */
static bool differs(const struct variants *v, const struct rs_point *p, int m,
		    const struct rs_metric_decl *d)
{
	struct metric_cmp base, c;
	double ratio, sum;
	int r;

	for (r = 0; r < v->n; r++) {
		if (d->better == RS_BETTER_ZERO) {
			if (variants_sum(v, r, p, d->name, &sum) && sum != 0)
				return true;
		} else if (d->better == RS_BETTER_NONE) {
			if (r != v->base && summary(v, r, p, m, &c) &&
			    summary(v, v->base, p, m, &base) && c.other.mean != base.other.mean)
				return true;
		} else if (r != v->base && variants_differs(v, v->base, r, p, d->name, &ratio)) {
			return true;
		}
	}
	return false;
}

static void bar_of(const struct variants *v, int r, const struct rs_point *p, int m,
		   const struct rs_metric_decl *d, struct rp_bar *b)
{
	struct metric_cmp c, base;
	double ratio, sum;

	if (!summary(v, r, p, m, &c))
		return;
	if (d->better == RS_BETTER_ZERO) {
		variants_sum(v, r, p, d->name, &sum);
		b->y = b->lo = b->hi = sum;
		if (sum != 0)
			snprintf(b->mark, sizeof(b->mark), "%.10g", sum);
	} else if (d->better == RS_BETTER_NONE) {
		b->y = c.other.mean;
		b->lo = c.other.min;
		b->hi = c.other.max;
		char num[32];

		/* as the table shows it: exact, or "~" and the mean */
		if (c.other.min == c.other.max)
			snprintf(b->mark, sizeof(b->mark), "%.10g", c.other.mean);
		else
			snprintf(b->mark, sizeof(b->mark), "~%s",
				 variants_num(c.other.mean, num, sizeof(num)));
	} else if (summary(v, v->base, p, m, &base) && base.other.mean > 0) {
		b->y = c.other.mean / base.other.mean;
		b->lo = c.other.min / base.other.mean;
		b->hi = c.other.max / base.other.mean;
		if (r != v->base && variants_differs(v, v->base, r, p, d->name, &ratio))
			snprintf(b->mark, sizeof(b->mark), "x%.2f*", ratio);
	}
}

static void panel_text(const struct variants *v, const char *workload,
		       const struct rs_metric_decl *d, struct rp_panel *pn, const char *fixed,
		       int part, int parts)
{
	const char *base = v->run[v->base].name, *unit = *d->unit ? d->unit : "count";
	char what[RP_TEXT * 2], at[RP_TEXT * 2] = "";

	if (d->better == RS_BETTER_ZERO)
		snprintf(what, sizeof(what), "correctness count, sum of the repetitions, "
			 "where not 0");
	else if (d->better == RS_BETTER_NONE)
		snprintf(what, sizeof(what), "value, where a run's differs from %s's", base);
	else
		snprintf(what, sizeof(what), "mean over %s's, where p < 0.05%s (*)%s", base,
			 v->run[v->base].rs.icount ? " and >= " ICOUNT_FLOOR_TEXT : "",
			 timeunit_is_time(d->unit) && v->tcg ? "; indicative: TCG" : "");
	if (*fixed)
		put(at, sizeof(at), " at %s", fixed);
	if (parts > 1)
		put(pn->title, sizeof(pn->title), "%s: %s (%d/%d), %s%s", workload, d->shown,
			 part, parts, what, at);
	else
		put(pn->title, sizeof(pn->title), "%s: %s, %s%s", workload, d->shown, what, at);
	if (d->better == RS_BETTER_LOWER || d->better == RS_BETTER_HIGHER)
		put(pn->ylabel, sizeof(pn->ylabel), "%s / %s's (%s better)", unit, base,
			 d->better == RS_BETTER_LOWER ? "lower" : "higher");
	else
		snprintf(pn->ylabel, sizeof(pn->ylabel), "%s", unit);
	pn->ratio = d->better == RS_BETTER_LOWER || d->better == RS_BETTER_HIGHER;
}

/* The panels of metric d of workload; false when no point differs. */
static bool metric_panels(struct rp_figure *f, const struct variants *v, const char *workload,
			  const struct rs_metric_decl *d)
{
	const struct resultset *b = &v->run[v->base].rs;
	const struct rs_point **pts = calloc((size_t)b->npoints + 1, sizeof(*pts));
	const struct rs_point **all = calloc((size_t)b->npoints + 1, sizeof(*all));
	int m = resultset_metric(b, d->name), i, k, r, n = 0, nall = 0, per, from, parts;
	char fixed[RP_TEXT * 2];
	struct rp_panel *pn;

	if (!pts || !all)
		abort();
	for (i = 0; i < b->npoints; i++) {
		if (strcmp(b->point[i].workload, workload))
			continue;
		all[nall++] = &b->point[i];
		if (differs(v, &b->point[i], m, d))
			pts[n++] = &b->point[i];
	}
	parts = (n + RP_MAX_CATS - 1) / RP_MAX_CATS;
	per = parts ? (n + parts - 1) / parts : 1;
	for (from = 0; from < n; from += per) {
		int cats = n - from < per ? n - from : per;

		pn = rp_panel_add(f);
		pn->ncat = cats;
		rp_point_labels(b, pts + from, cats, all, nall, variants_axis_text, pn, fixed,
				sizeof(fixed));
		panel_text(v, workload, d, pn, fixed, from / per + 1, parts);
		for (k = 0; k < cats; k++)
			for (r = 0; r < v->n; r++)
				bar_of(v, r, pts[from + k], m, d, &pn->bar[k * v->n + r]);
	}
	free(pts);
	free(all);
	return n > 0;
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

/* Kernels, machine, accelerator, repetitions, whiskers. */
/* The length of the releases' common prefix up to a '-' (0: none, or one run). */
static size_t common_prefix(const struct variants *v)
{
	const char *first = v->run[0].rs.kernel_release;
	size_t n = strlen(first), k;
	int r;

	for (r = 1; r < v->n; r++) {
		for (k = 0; k < n && first[k] == v->run[r].rs.kernel_release[k]; k++)
			;
		n = k;
	}
	while (n > 0 && first[n - 1] != '-')
		n--;
	return v->n > 1 ? n : 0;
}

static void subtitle(const struct variants *v, char *buf, size_t len)
{
	const struct resultset *b = &v->run[v->base].rs;
	size_t at, pre, lo = (size_t)-1, hi = 0;
	char mach[256];
	int r, i;

	for (r = 0; r < v->n; r++)
		for (i = 0; i < v->run[r].rs.npoints; i++) {
			size_t k = v->run[r].rs.point[i].nreps;

			if (!v->run[r].rs.point[i].ok)
				continue;
			lo = k < lo ? k : lo;
			hi = k > hi ? k : hi;
		}
	rp_machine(b->dir, mach, sizeof(mach));
	/* "kernels 6.12.118-fabench-: stock, fa-wp;" where they share a prefix */
	pre = common_prefix(v);
	at = (size_t)snprintf(buf, len, "kernels%s%.*s%s", pre ? " " : ":", (int)pre,
			      v->run[0].rs.kernel_release, pre ? ":" : "");
	for (r = 0; r < v->n && at < len; r++)
		at += (size_t)snprintf(buf + at, len - at, " %s%s",
				       v->run[r].rs.kernel_release + pre, r + 1 < v->n ? "," : ";");
	if (at < len)
		at += (size_t)snprintf(buf + at, len - at, " %s, accel %s; ", mach,
				       v->run[v->base].accel);
	if (at < len && lo == hi)
		at += (size_t)snprintf(buf + at, len - at, "n = %zu per point; ", lo);
	else if (at < len && lo < hi)
		at += (size_t)snprintf(buf + at, len - at, "n = %zu-%zu per point; ", lo, hi);
	if (at < len)
		snprintf(buf + at, len - at, "whiskers: min-max of the repetitions");
}

int variants_figure(FILE *out, const struct variants *v, const char *dir, const char *name)
{
	const struct resultset *b = &v->run[v->base].rs;
	char (*series)[RP_TEXT] = calloc((size_t)v->n, sizeof(*series));
	const char **colour = calloc((size_t)v->n, sizeof(*colour));
	char shown[4096], same[4096] = "";
	struct rp_figure f = { .dir = dir, .name = name, .shown = shown, .nseries = v->n };
	const struct rs_metric_decl *d;
	size_t at = 0;
	int i, m, r, ret = 0;

	if (!series || !colour)
		abort();
	if (!plot_available()) {
		fprintf(stderr, "fabench: --plots: unsupported: gnuplot not found\n");
		free(series);
		free(colour);
		return -1;
	}
	snprintf(shown, sizeof(shown), "%s/", dir);
	f.series = series;
	f.colour = colour;
	for (r = 0; r < v->n; r++) {
		snprintf(series[r], sizeof(series[r]), "%s%s", v->run[r].name,
			 r == v->base ? " (baseline)" : "");
		colour[r] = palette_colour(r);
	}
	snprintf(f.title, sizeof(f.title), "Kernel variants: what differs from %s",
		 v->run[v->base].name);
	subtitle(v, f.subtitle, sizeof(f.subtitle));
	for (i = 0; i < b->npoints; i++) {
		if (seen_before(b, i))
			continue;
		for (m = 0; m < b->nmetrics; m++) {
			d = variants_decl(v, b->point[i].workload, b->metric[m]);
			/* marked: the verdict table shows them, letters, not bars */
			if (!d || !d->headline || *d->mark)
				continue;
			if (!metric_panels(&f, v, b->point[i].workload, d) && at < sizeof(same))
				at += (size_t)snprintf(same + at, sizeof(same) - at, "%s%s: %s",
						       at ? ", " : "", b->point[i].workload,
						       d->shown);
		}
	}
	fputc('\n', out);
	if (f.npanels)
		ret = rp_render(&f, out);
	else
		fprintf(out, "figure %s: no panel: no run differs from %s\n", name,
			v->run[v->base].name);
	if (*same) {
		char line[4200];

		snprintf(line, sizeof(line), "no panel (every run as %s, or within the noise): %s",
			 v->run[v->base].name, same);
		textwrap(out, 0, line, 2);
	}
	rp_figure_free(&f);
	free(series);
	free(colour);
	return ret;
}
