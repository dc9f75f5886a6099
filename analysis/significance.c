// SPDX-License-Identifier: GPL-2.0-only
/* Welch's t-test, Mann-Whitney U and the geometric mean; see significance.h. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/significance.h"

static void mean_var(const double *v, size_t n, double *mean, double *var)
{
	double s = 0, sq = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += v[i];
	*mean = s / (double)n;
	for (i = 0; i < n; i++)
		sq += (v[i] - *mean) * (v[i] - *mean);
	*var = n > 1 ? sq / (double)(n - 1) : 0;
}

int welch_t_test(const double *a, size_t na, const double *b, size_t nb,
		 struct test_result *r)
{
	double ma, va, mb, vb, sa, sb, se2;

	memset(r, 0, sizeof(*r));
	if (na < 2 || nb < 2)
		return -1;
	mean_var(a, na, &ma, &va);
	mean_var(b, nb, &mb, &vb);
	sa = va / (double)na;
	sb = vb / (double)nb;
	se2 = sa + sb;
	if (se2 == 0) {
		/* no spread at all: any difference is certain, none is not */
		r->stat = ma == mb ? 0 : (ma < mb ? -INFINITY : INFINITY);
		r->df = (double)(na + nb - 2);
		r->p = ma == mb ? 1 : 0;
		return 0;
	}
	r->stat = (ma - mb) / sqrt(se2);
	r->df = se2 * se2 / (sa * sa / (double)(na - 1) + sb * sb / (double)(nb - 1));
	r->p = 2 * gsl_cdf_tdist_Q(fabs(r->stat), r->df);
	if (r->p > 1)
		r->p = 1;
	return 0;
}

struct ranked {
	double v;
	int first;		/* from the first sample */
};

static int cmp_ranked(const void *x, const void *y)
{
	double a = ((const struct ranked *)x)->v, b = ((const struct ranked *)y)->v;

	return (a > b) - (a < b);
}

/*
 * Rank sum of the first sample (ties get their mean rank) and the tie
 * term sum(t^3 - t) over the groups of equal values.
 */
static double rank_sum(struct ranked *all, size_t n, double *ties)
{
	double sum = 0, t, rank;
	size_t i, j, k;

	qsort(all, n, sizeof(*all), cmp_ranked);
	*ties = 0;
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && all[j].v == all[i].v; j++)
			;
		t = (double)(j - i);
		rank = ((double)i + 1 + (double)j) / 2;	/* mean of ranks i+1..j */
		for (k = i; k < j; k++)
			if (all[k].first)
				sum += rank;
		*ties += t * t * t - t;
	}
	return sum;
}

int mann_whitney_u(const double *a, size_t na, const double *b, size_t nb,
		   struct test_result *r)
{
	size_t i, n = na + nb;
	struct ranked *all;
	double n1 = (double)na, n2 = (double)nb, nn = (double)n, ties, mu, var;

	memset(r, 0, sizeof(*r));
	if (!na || !nb)
		return -1;
	all = malloc(n * sizeof(*all));
	if (!all)
		abort();
	for (i = 0; i < na; i++)
		all[i] = (struct ranked){ a[i], 1 };
	for (i = 0; i < nb; i++)
		all[na + i] = (struct ranked){ b[i], 0 };
	r->stat = rank_sum(all, n, &ties) - n1 * (n1 + 1) / 2;
	free(all);
	mu = n1 * n2 / 2;
	var = n1 * n2 / 12 * ((nn + 1) - ties / (nn * (nn - 1)));
	if (var <= 0) {
		r->p = 1;	/* every value equal */
		return 0;
	}
	r->z = (r->stat - mu) / sqrt(var);
	r->p = 2 * gsl_cdf_ugaussian_Q(fabs(r->z));
	if (r->p > 1)
		r->p = 1;
	return 0;
}

/* Through logarithms: a product of many means overflows. */
double geometric_mean(const double *v, size_t n)
{
	double s = 0;
	size_t i;

	if (!n)
		return NAN;
	for (i = 0; i < n; i++) {
		if (!(v[i] > 0))
			return NAN;
		s += log(v[i]);
	}
	return exp(s / (double)n);
}
