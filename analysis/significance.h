/* SPDX-License-Identifier: GPL-2.0-only */
/* Two-sample tests for comparing runs, and the geometric mean. */
#ifndef FABENCH_SIGNIFICANCE_H
#define FABENCH_SIGNIFICANCE_H

#include <stddef.h>

struct test_result {
	double stat;		/* Welch: t; Mann-Whitney: U of the first sample */
	double df;		/* Welch-Satterthwaite degrees of freedom; MW: 0 */
	double z;		/* Mann-Whitney: the normal score; Welch: 0 */
	double p;		/* two-sided */
	int exact;		/* Mann-Whitney: p from the permutation distribution */
};

/* Mann-Whitney's p is exact (a permutation count) up to this many values. */
#define MW_EXACT_MAX_N 20

/* Welch's unequal-variance t-test; -1 if either side has fewer than 2. */
int welch_t_test(const double *a, size_t na, const double *b, size_t nb,
		 struct test_result *r);

/*
 * Mann-Whitney U: mann_whitney_exact() when na + nb <= MW_EXACT_MAX_N,
 * else mann_whitney_normal(); -1 if either side is empty.
 */
int mann_whitney_u(const double *a, size_t na, const double *b, size_t nb,
		   struct test_result *r);

/*
 * The normal approximation, with the tie correction and no continuity
 * correction; wrong at small sizes (it gives 0.0495 at 3 against 3, where
 * no split of 6 values reaches below 0.1).
 */
int mann_whitney_normal(const double *a, size_t na, const double *b, size_t nb,
			struct test_result *r);

/*
 * Exact: every way of splitting the na + nb mid-ranks into na and nb is
 * equally likely under the null hypothesis; p is the share of splits
 * whose rank sum is at least as far from its mean as the observed one
 * (counted by dynamic programming over the doubled mid-ranks, so ties are
 * exact too).  The counts are doubles: exact up to C(n, na) < 2^53,
 * n = 60 or so; meant for n <= MW_EXACT_MAX_N.
 */
int mann_whitney_exact(const double *a, size_t na, const double *b, size_t nb,
		       struct test_result *r);

/*
 * The smallest two-sided p any outcome can give at these sizes, without
 * ties: both extreme splits out of C(na + nb, na), 2 / C(na + nb, na)
 * (0.1 at 3 against 3); 1 if either side is empty.  A test whose smallest
 * p is not below the significance level cannot find anything.
 */
double mann_whitney_min_p(size_t na, size_t nb);

/*
 * Benjamini-Hochberg at false discovery rate q over the n p-values: sets
 * reject[i] for the hypotheses rejected (those with p at most the largest
 * p_(k) <= k q / n, ordered ascending) and returns how many.  A NAN p is
 * never rejected but counts in n.
 */
size_t benjamini_hochberg(const double *p, size_t n, double q, int *reject);

/* NAN unless n > 0 and every value is > 0. */
double geometric_mean(const double *v, size_t n);

#endif /* FABENCH_SIGNIFICANCE_H */
