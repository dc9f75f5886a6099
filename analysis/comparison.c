// SPDX-License-Identifier: GPL-2.0-only
/* One metric at one point of two runs; see comparison.h. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/comparison.h"
#include "analysis/significance.h"

static double *samples_of(const struct resultset *rs, const struct rs_point *p,
			  int m, size_t *n)
{
	double *v = malloc((p->nreps + 1) * sizeof(*v));

	if (!v)
		abort();
	*n = resultset_samples(rs, p, m, v);
	return v;
}

/* The summaries, change and test of va against vb under declaration d. */
static int compare_core(const double *va, size_t na, const double *vb, size_t nb,
			const struct rs_metric_decl *d, int ranks, struct metric_cmp *out)
{
	struct test_result tr;

	stats_summarize(va, na, &out->base);
	stats_summarize(vb, nb, &out->other);
	out->dir = decl_direction(d);
	out->headline = d && d->headline;
	out->change_pct = NAN;
	out->p = NAN;
	out->p_min = mann_whitney_min_p(na, nb);
	out->exact = 0;
	out->test = "";
	if (na && nb && out->base.mean != 0)
		out->change_pct = (out->other.mean - out->base.mean) / fabs(out->base.mean) * 100;
	if (ranks) {
		out->test = "mann-whitney";
		if (!mann_whitney_u(va, na, vb, nb, &tr)) {
			out->p = tr.p;
			out->exact = tr.exact;
		}
	} else {
		out->test = "welch";
		if (!welch_t_test(va, na, vb, nb, &tr))
			out->p = tr.p;
	}
	return na || nb ? 0 : -1;
}

static int compare(const struct resultset *a, const struct rs_point *pa,
		   const struct resultset *b, const struct rs_point *pb,
		   int m, int ranks, struct metric_cmp *out)
{
	int mb = resultset_metric(b, a->metric[m]);
	size_t na, nb;
	double *va = samples_of(a, pa, m, &na), *vb = samples_of(b, pb, mb, &nb);
	const struct rs_metric_decl *d = mb >= 0 ? metric_decl(b, pb, a->metric[m]) : NULL;
	int ret;

	/* the other run's declaration (the newer harness's, as a rule), else the base's */
	if (!d)
		d = metric_decl(a, pa, a->metric[m]);
	/* percentiles are skewed and few: ranks, not means */
	ret = compare_core(va, na, vb, nb, d, ranks || metric_is_percentile(a->metric[m]), out);
	free(va);
	free(vb);
	return ret;
}

int compare_values_ranks(const double *va, size_t na, const double *vb, size_t nb,
			 const struct rs_metric_decl *d, struct metric_cmp *out)
{
	return compare_core(va, na, vb, nb, d, 1, out);
}

int compare_metric(const struct resultset *a, const struct rs_point *pa,
		   const struct resultset *b, const struct rs_point *pb,
		   int m, struct metric_cmp *out)
{
	return compare(a, pa, b, pb, m, 0, out);
}

int compare_metric_ranks(const struct resultset *a, const struct rs_point *pa,
			 const struct resultset *b, const struct rs_point *pb,
			 int m, struct metric_cmp *out)
{
	return compare(a, pa, b, pb, m, 1, out);
}

int cmp_too_small(const struct metric_cmp *c)
{
	return c->base.n && c->other.n && !(c->p_min < SIGNIFICANT_P);
}

int cmp_changed(const struct metric_cmp *c)
{
	if (!c->base.n || !c->other.n || c->base.mean == c->other.mean)
		return 0;
	return c->p < SIGNIFICANT_P || (c->base.stddev == 0 && c->other.stddev == 0) ||
	       ((c->base.n < 2 || c->other.n < 2) && isnan(c->p));
}

enum cmp_gate cmp_gate(const struct metric_cmp *c)
{
	if (c->dir == DIR_ZERO)
		return GATE_ZERO;
	if (!c->headline)
		return GATE_NONE;
	return c->dir == DIR_NONE ? GATE_CHANGE : GATE_THRESHOLD;
}

const char *cmp_verdict(const struct metric_cmp *c)
{
	if (c->dir == DIR_ZERO && c->other.n)
		return c->other.mean != 0 ? "nonzero" : c->base.mean != 0 ? "better" : "same";
	if (c->dir == DIR_NONE && c->headline && c->base.n && c->other.n)
		return cmp_changed(c) ? "changed" : "same";
	if (c->dir == DIR_NONE || isnan(c->change_pct))
		return "";
	if (!(c->p < SIGNIFICANT_P) || c->change_pct == 0)
		return "same";
	return (c->change_pct > 0) == (c->dir == DIR_HIGHER) ? "better" : "worse";
}

const struct rs_point *cmp_match(const struct resultset *b, const struct rs_point *p)
{
	const struct rs_point *q = resultset_find(b, p->key);

	return q && q->ok && p->ok ? q : NULL;
}

int cmp_common_points(const struct resultset *base, const struct resultset *other)
{
	int i, n = 0;

	for (i = 0; i < base->npoints; i++)
		n += resultset_find(other, base->point[i].key) != NULL;
	return n;
}

/* s in w columns: its first head characters, '~', then its tail. */
static char *abbreviate(const char *s, int w, int head)
{
	size_t len = strlen(s);
	char *a;

	if ((int)len <= w)
		return strdup(s);
	if (asprintf(&a, "%.*s~%s", head, s, s + len - (size_t)(w - 1 - head)) < 0)
		return NULL;
	return a;
}

static bool all_distinct(char *const *shown, int n)
{
	int i, j;

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (!strcmp(shown[i], shown[j]))
				return false;
	return true;
}

int cmp_name_column(const char *const *names, int n, int max_w, char **shown)
{
	int i, w = 0, head, l;

	for (i = 0; i < n; i++) {
		l = (int)strlen(names[i]);
		w = l > w ? l : w;
	}
	if (w > max_w)
		w = max_w;
	if (w < 2)
		w = 2;
	/* the tail distinguishes "filemap_mm_filemap_{map_pages,fault}" */
	for (head = 0; head < w - 1; head++) {
		for (i = 0; i < n; i++) {
			shown[i] = abbreviate(names[i], w, head);
			if (!shown[i])
				abort();
		}
		if (all_distinct(shown, n))
			return w;
		for (i = 0; i < n; i++)
			free(shown[i]);
	}
	/* names distinct only in their middle: numbered */
	for (i = 0; i < n; i++) {
		char num[16];
		int nl = snprintf(num, sizeof(num), "~%d", i);

		if ((int)strlen(names[i]) <= w || asprintf(&shown[i], "%.*s%s",
							   w - nl, names[i], num) < 0)
			shown[i] = strdup(names[i]);
		if (!shown[i])
			abort();
	}
	return w;
}
