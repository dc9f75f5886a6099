// SPDX-License-Identifier: GPL-2.0-only
/*
 * Welch's t-test, Mann-Whitney U (exact and approximate), Benjamini-Hochberg
 * and the geometric mean; see significance.h.
 */
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
	/* values near DBL_MAX overflow the variances: no test, as with too few */
	if (!isfinite(r->stat) || !isfinite(r->df) || !(r->df > 0)) {
		memset(r, 0, sizeof(*r));
		return -1;
	}
	r->p = 2 * gsl_cdf_tdist_Q(fabs(r->stat), r->df);
	if (r->p > 1)
		r->p = 1;
	return 0;
}

struct ranked {
	double v;
	int first;		/* from the first sample */
	long rank2;		/* twice its mid-rank: an integer */
};

static int cmp_ranked(const void *x, const void *y)
{
	double a = ((const struct ranked *)x)->v, b = ((const struct ranked *)y)->v;

	return (a > b) - (a < b);
}

/*
 * The values of both samples sorted, each with twice its rank (ties get
 * their mean rank: 2 * mean of i+1..j is i+1+j); the tie term sum(t^3 - t)
 * over the groups of equal values; returns twice the first sample's rank
 * sum.  free() *out.
 */
static long rank2_sum(const double *a, size_t na, const double *b, size_t nb,
		      struct ranked **out, double *ties)
{
	size_t i, j, k, n = na + nb;
	struct ranked *all = malloc(n * sizeof(*all));
	long sum = 0;
	double t;

	if (!all)
		abort();
	for (i = 0; i < na; i++)
		all[i] = (struct ranked){ a[i], 1, 0 };
	for (i = 0; i < nb; i++)
		all[na + i] = (struct ranked){ b[i], 0, 0 };
	qsort(all, n, sizeof(*all), cmp_ranked);
	*ties = 0;
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && all[j].v == all[i].v; j++)
			;
		t = (double)(j - i);
		for (k = i; k < j; k++) {
			all[k].rank2 = (long)(i + 1 + j);
			if (all[k].first)
				sum += all[k].rank2;
		}
		*ties += t * t * t - t;
	}
	*out = all;
	return sum;
}

/*
 * U of the first sample and its normal score; returns U's tie-corrected
 * variance (0 when every value is equal).
 */
static double mw_stat(size_t na, size_t nb, long sum2, double ties, struct test_result *r)
{
	double n1 = (double)na, n2 = (double)nb, nn = n1 + n2, mu, var;

	r->stat = (double)sum2 / 2 - n1 * (n1 + 1) / 2;
	mu = n1 * n2 / 2;
	var = n1 * n2 / 12 * ((nn + 1) - ties / (nn * (nn - 1)));
	r->z = var > 0 ? (r->stat - mu) / sqrt(var) : 0;
	return var;
}

int mann_whitney_normal(const double *a, size_t na, const double *b, size_t nb,
			struct test_result *r)
{
	struct ranked *all;
	double ties;
	long sum2;

	memset(r, 0, sizeof(*r));
	if (!na || !nb)
		return -1;
	sum2 = rank2_sum(a, na, b, nb, &all, &ties);
	free(all);
	if (mw_stat(na, nb, sum2, ties, r) <= 0) {
		r->p = 1;	/* every value equal */
		return 0;
	}
	r->p = 2 * gsl_cdf_ugaussian_Q(fabs(r->z));
	if (r->p > 1)
		r->p = 1;
	return 0;
}

int mann_whitney_exact(const double *a, size_t na, const double *b, size_t nb,
		       struct test_result *r)
{
	size_t n = na + nb, i, k, smax, s;
	struct ranked *all;
	double ties, *ways, tail = 0, total = 0;
	long sum2, mean2, dev;

	memset(r, 0, sizeof(*r));
	if (!na || !nb)
		return -1;
	sum2 = rank2_sum(a, na, b, nb, &all, &ties);
	mw_stat(na, nb, sum2, ties, r);
	r->exact = 1;
	/*
	 * ways[k * (smax + 1) + s]: how many k-subsets of the values seen so
	 * far have doubled rank sum s; each value joins the subsets of k - 1.
	 */
	smax = (size_t)all[n - 1].rank2 * na;
	ways = calloc((na + 1) * (smax + 1), sizeof(*ways));
	if (!ways)
		abort();
	ways[0] = 1;
	for (i = 0; i < n; i++) {
		size_t r2 = (size_t)all[i].rank2, top = i + 1 < na ? i + 1 : na;

		for (k = top; k >= 1; k--)
			for (s = smax; s >= r2; s--)
				ways[k * (smax + 1) + s] += ways[(k - 1) * (smax + 1) + s - r2];
	}
	/* twice the mean rank sum: na (n + 1); integers, so no rounding */
	mean2 = (long)(na * (n + 1));
	dev = labs(sum2 - mean2);
	for (s = 0; s <= smax; s++) {
		double w = ways[na * (smax + 1) + s];

		total += w;
		if (labs((long)s - mean2) >= dev)
			tail += w;
	}
	free(ways);
	free(all);
	r->p = tail / total;
	if (r->p > 1)
		r->p = 1;
	return 0;
}

int mann_whitney_u(const double *a, size_t na, const double *b, size_t nb,
		   struct test_result *r)
{
	if (na + nb <= MW_EXACT_MAX_N)
		return mann_whitney_exact(a, na, b, nb, r);
	return mann_whitney_normal(a, na, b, nb, r);
}

double mann_whitney_min_p(size_t na, size_t nb)
{
	double c = 1, p;
	size_t i, k = na < nb ? na : nb;

	if (!na || !nb)
		return 1;
	/* C(na + nb, k) = prod (na + nb - k + i) / i, i = 1..k */
	for (i = 1; i <= k; i++)
		c = c * (double)(na + nb - k + i) / (double)i;
	p = 2 / c;
	return p > 1 ? 1 : p;
}

struct ranked_p {
	double p;
	size_t i;
};

static int cmp_ranked_p(const void *x, const void *y)
{
	const struct ranked_p *a = x, *b = y;

	/* NAN last; equal p by index, so the order is deterministic */
	if (isnan(a->p) != isnan(b->p))
		return isnan(a->p) ? 1 : -1;
	if (a->p != b->p && !isnan(a->p))
		return a->p < b->p ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

size_t benjamini_hochberg(const double *p, size_t n, double q, int *reject)
{
	struct ranked_p *o;
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		reject[i] = 0;
	if (!n)
		return 0;
	o = malloc(n * sizeof(*o));
	if (!o)
		abort();
	for (i = 0; i < n; i++)
		o[i] = (struct ranked_p){ p[i], i };
	qsort(o, n, sizeof(*o), cmp_ranked_p);
	/* step up: the largest rank k with p_(k) <= k q / n */
	for (i = n; i >= 1; i--) {
		if (o[i - 1].p <= (double)i * q / (double)n) {
			k = i;
			break;
		}
	}
	for (i = 0; i < k; i++)
		reject[o[i].i] = 1;
	free(o);
	return k;
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
