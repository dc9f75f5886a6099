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
};

/* Welch's unequal-variance t-test; -1 if either side has fewer than 2. */
int welch_t_test(const double *a, size_t na, const double *b, size_t nb,
		 struct test_result *r);

/*
 * Mann-Whitney U, normal approximation with the tie correction and no
 * continuity correction; -1 if either side is empty.
 */
int mann_whitney_u(const double *a, size_t na, const double *b, size_t nb,
		   struct test_result *r);

/* NAN unless n > 0 and every value is > 0. */
double geometric_mean(const double *v, size_t n);

#endif /* FABENCH_SIGNIFICANCE_H */
