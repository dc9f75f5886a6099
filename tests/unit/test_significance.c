// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for analysis/significance.[ch] against values worked out
 * without GSL: t, df, U and z by hand (shown below); the p-values of the
 * t distribution by integrating its density numerically (Simpson's rule,
 * 200000 intervals, in a few lines of Python using only math.gamma), and
 * those of the normal distribution from Python's math.erfc.  The exact
 * Mann-Whitney p-values are counts of splits, worked out below and in the
 * published tables of U's null distribution (Mann and Whitney 1947, table
 * I: P(U <= 0) = 0.05 at 3 and 3, 0.014 at 4 and 4, 0.004 at 5 and 5,
 * one-sided; two-sided is twice that).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "analysis/significance.h"

#include "tests/unit/assert_near.h"

/*
 * {1..5}: mean 3, s^2 2.5; {2,4..10}: mean 6, s^2 10.
 * se^2 = 2.5/5 + 10/5 = 2.5, t = -3 / sqrt(2.5) = -1.897367;
 * df = 2.5^2 / (0.5^2/4 + 2^2/4) = 6.25 / 1.0625 = 5.882353;
 * p = 0.107531 (numerical integration).
 */
static void test_welch_known(void **state)
{
	const double a[] = { 1, 2, 3, 4, 5 }, b[] = { 2, 4, 6, 8, 10 };
	struct test_result r;

	(void)state;
	assert_int_equal(welch_t_test(a, 5, b, 5, &r), 0);
	assert_near(r.stat, -1.8973666, 1e-6);
	assert_near(r.df, 5.8823529, 1e-6);
	assert_near(r.p, 0.1075312, 1e-5);
}

/*
 * Unequal sizes: means 10.05 and 10.775, s^2 0.035 and 0.1225;
 * se^2 = 0.035/6 + 0.1225/4 = 0.0364583, t = -0.725 / 0.190940 = -3.796991;
 * df = 0.0364583^2 / (0.0058333^2/5 + 0.030625^2/3) = 4.161119;
 * p = 0.0178136.
 */
static void test_welch_unequal_sizes(void **state)
{
	const double a[] = { 10.1, 9.8, 10.3, 10.0, 9.9, 10.2 };
	const double b[] = { 10.6, 10.9, 10.4, 11.2 };
	struct test_result r;

	(void)state;
	assert_int_equal(welch_t_test(a, 6, b, 4, &r), 0);
	assert_near(r.stat, -3.7969913, 1e-6);
	assert_near(r.df, 4.1611185, 1e-6);
	assert_near(r.p, 0.0178136, 1e-5);
}

/* Identical samples: no difference; constant but different: certain. */
static void test_welch_degenerate(void **state)
{
	const double a[] = { 4, 4, 4 }, b[] = { 5, 5, 5 };
	struct test_result r;

	(void)state;
	assert_int_equal(welch_t_test(a, 3, a, 3, &r), 0);
	assert_near(r.p, 1, 0);
	assert_int_equal(welch_t_test(a, 3, b, 3, &r), 0);
	assert_near(r.p, 0, 0);
	assert_int_equal(welch_t_test(a, 1, b, 3, &r), -1);
}

/*
 * {1..5} vs {6..10}: rank sum of the first 15, U = 15 - 15 = 0;
 * mu = 12.5, sigma^2 = 25 * 11 / 12 = 22.9167, z = -12.5 / 4.78714 =
 * -2.611165; p = erfc(2.611165 / sqrt 2) = 0.0090234 (the exact p is
 * 2/252 = 0.0079365, below).
 */
static void test_mann_whitney_no_ties(void **state)
{
	const double a[] = { 1, 2, 3, 4, 5 }, b[] = { 6, 7, 8, 9, 10 };
	struct test_result r;

	(void)state;
	assert_int_equal(mann_whitney_normal(a, 5, b, 5, &r), 0);
	assert_near(r.stat, 0, 0);
	assert_near(r.z, -2.6111648, 1e-6);
	assert_near(r.p, 0.0090234, 1e-6);
}

/*
 * {1,2,2,3} vs {2,3,4,5}: ranks 1 | 2,2,2 -> 3 | 3,3 -> 5.5 | 7 | 8;
 * first sample's rank sum 1 + 3 + 3 + 5.5 = 12.5, U = 12.5 - 10 = 2.5;
 * ties: (27 - 3) + (8 - 2) = 30; sigma^2 = 16/12 * (9 - 30/56) = 11.2857,
 * z = (2.5 - 8) / 3.35942 = -1.637187; p = 0.1015915.
 */
static void test_mann_whitney_ties(void **state)
{
	const double a[] = { 1, 2, 2, 3 }, b[] = { 2, 3, 4, 5 };
	struct test_result r;

	(void)state;
	assert_int_equal(mann_whitney_normal(a, 4, b, 4, &r), 0);
	assert_near(r.stat, 2.5, 1e-12);
	assert_near(r.z, -1.6371865, 1e-6);
	assert_near(r.p, 0.1015915, 1e-6);
}

static void test_mann_whitney_all_equal(void **state)
{
	const double a[] = { 7, 7, 7 };
	struct test_result r;

	(void)state;
	assert_int_equal(mann_whitney_u(a, 3, a, 3, &r), 0);
	assert_near(r.p, 1, 0);
	assert_int_equal(mann_whitney_normal(a, 3, a, 3, &r), 0);
	assert_near(r.p, 1, 0);
	assert_int_equal(mann_whitney_u(a, 0, a, 3, &r), -1);
	assert_int_equal(mann_whitney_exact(a, 3, a, 0, &r), -1);
}

/*
 * Fully separated samples: of the C(na + nb, na) equally likely splits only
 * the two extreme ones (U = 0 and U = na nb) are as far from the mean, so
 * p = 2 / C(na + nb, na): 2/20 = 0.1 at 3 and 3, 2/70 = 0.0285714 at 4
 * and 4, 2/252 = 0.0079365 at 5 and 5, 2/45 = 0.0444444 at 2 and 8.
 * Either order of the samples gives the same p.
 */
static void test_mann_whitney_exact_separated(void **state)
{
	const double lo[] = { 1, 2, 3, 4, 5, 6, 7, 8 }, hi[] = { 11, 12, 13, 14, 15 };
	struct test_result r;

	(void)state;
	assert_int_equal(mann_whitney_exact(lo, 3, hi, 3, &r), 0);
	assert_near(r.p, 0.1, 1e-12);
	assert_near(r.stat, 0, 0);
	assert_true(r.exact);
	assert_int_equal(mann_whitney_exact(hi, 3, lo, 3, &r), 0);
	assert_near(r.p, 0.1, 1e-12);
	assert_near(r.stat, 9, 0);
	assert_int_equal(mann_whitney_exact(lo, 4, hi, 4, &r), 0);
	assert_near(r.p, 2.0 / 70, 1e-12);
	assert_int_equal(mann_whitney_exact(lo, 5, hi, 5, &r), 0);
	assert_near(r.p, 2.0 / 252, 1e-12);
	assert_int_equal(mann_whitney_exact(hi, 2, lo, 8, &r), 0);
	assert_near(r.p, 2.0 / 45, 1e-12);
}

/*
 * One overlap.  {1,2,3,5} vs {4,6,7,8}: rank sum 11, U = 11 - 10 = 1.
 * Of the 70 splits, U = 0 only for {1,2,3,4} and U = 1 only for
 * {1,2,3,5}; by symmetry as many have U >= 15: p = 4/70 = 0.0571429,
 * not significant though the normal approximation says 0.0433.
 * {1,2,4} vs {3,5,6}: U = 1, the splits {1,2,3} and {1,2,4} and their
 * mirror images: p = 4/20 = 0.2.
 */
static void test_mann_whitney_exact_one_overlap(void **state)
{
	const double a[] = { 1, 2, 3, 5 }, b[] = { 4, 6, 7, 8 };
	const double c[] = { 1, 2, 4 }, d[] = { 3, 5, 6 };
	struct test_result r;

	(void)state;
	assert_int_equal(mann_whitney_exact(a, 4, b, 4, &r), 0);
	assert_near(r.stat, 1, 0);
	assert_near(r.p, 4.0 / 70, 1e-12);
	assert_int_equal(mann_whitney_normal(a, 4, b, 4, &r), 0);
	assert_near(r.p, 0.0433081, 1e-6);
	assert_int_equal(mann_whitney_exact(c, 3, d, 3, &r), 0);
	assert_near(r.p, 0.2, 1e-12);
}

/*
 * Ties, exact over the mid-ranks.  {1,2,2,3} vs {2,3,4,5}: mid-ranks 1 |
 * 3,3,3 | 5.5,5.5 | 7 | 8; the first sample's sum 12.5, the mean 4 * 9/2
 * = 18, so splits with a sum <= 12.5 or >= 23.5 count.  Low: 1+3+3+3 = 10
 * (1 way: all three 3s), 1+3+3+5.5 = 12.5 (3 pairs of 3s x 2 of 5.5: 6
 * ways); high: 8+7+5.5+5.5 = 26 (1), 8+7+5.5+3 = 23.5 (2 x 3: 6 ways).
 * p = 14/70 = 0.2.
 */
static void test_mann_whitney_exact_ties(void **state)
{
	const double a[] = { 1, 2, 2, 3 }, b[] = { 2, 3, 4, 5 };
	struct test_result r;

	(void)state;
	assert_int_equal(mann_whitney_exact(a, 4, b, 4, &r), 0);
	assert_near(r.stat, 2.5, 1e-12);
	assert_near(r.p, 0.2, 1e-12);
}

/*
 * mann_whitney_u is exact up to MW_EXACT_MAX_N values, the approximation
 * above: 3 against 3 separated is p = 0.1, not the approximation's
 * 2 Q(4.5 / sqrt(5.25)) = 0.0495346; 11 against 11 is the approximation's.
 */
static void test_mann_whitney_u_chooses(void **state)
{
	double a[11], b[11];
	struct test_result r, n;
	int i;

	(void)state;
	for (i = 0; i < 11; i++) {
		a[i] = i;
		b[i] = 100 + i;
	}
	assert_int_equal(mann_whitney_normal(a, 3, b, 3, &r), 0);
	assert_near(r.p, 0.0495346, 1e-6);
	assert_int_equal(mann_whitney_u(a, 3, b, 3, &r), 0);
	assert_near(r.p, 0.1, 1e-12);
	assert_true(r.exact);
	assert_int_equal(mann_whitney_u(a, 10, b, 10, &r), 0);
	assert_near(r.p, 2 / 184756.0, 1e-15);
	assert_int_equal(mann_whitney_u(a, 11, b, 11, &r), 0);
	assert_int_equal(mann_whitney_normal(a, 11, b, 11, &n), 0);
	assert_false(r.exact);
	assert_near(r.p, n.p, 0);
}

/* 2 / C(na + nb, na); 1 where even the extreme splits are not rare. */
static void test_mann_whitney_min_p(void **state)
{
	(void)state;
	assert_near(mann_whitney_min_p(3, 3), 0.1, 1e-12);
	assert_near(mann_whitney_min_p(4, 4), 2.0 / 70, 1e-12);
	assert_near(mann_whitney_min_p(5, 5), 2.0 / 252, 1e-12);
	assert_near(mann_whitney_min_p(3, 4), 2.0 / 35, 1e-12);
	assert_near(mann_whitney_min_p(4, 3), 2.0 / 35, 1e-12);
	assert_near(mann_whitney_min_p(2, 2), 1.0 / 3, 1e-12);
	assert_near(mann_whitney_min_p(1, 1), 1, 0);
	assert_near(mann_whitney_min_p(0, 3), 1, 0);
}

/*
 * Benjamini-Hochberg at q = 0.05.  {0.02, 0.035, 0.9, 0.03}, n = 4: the
 * bounds k q / n are 0.0125, 0.025, 0.0375, 0.05; sorted, 0.02 > 0.0125
 * and 0.03 > 0.025 but 0.035 <= 0.0375, so the three smallest are
 * rejected (step up), 0.9 is not.  {0.02, 0.04, 0.3}: bounds 0.0167,
 * 0.0333, 0.05, none met: nothing rejected, where p < 0.05 alone would
 * reject two.  {0.001, NAN}: 0.001 <= 0.025, the NAN never.
 */
static void test_benjamini_hochberg(void **state)
{
	const double p1[] = { 0.02, 0.035, 0.9, 0.03 }, p2[] = { 0.02, 0.04, 0.3 };
	const double p3[] = { 0.001, NAN };
	int rej[4];

	(void)state;
	assert_int_equal(benjamini_hochberg(p1, 4, 0.05, rej), 3);
	assert_int_equal(rej[0], 1);
	assert_int_equal(rej[1], 1);
	assert_int_equal(rej[2], 0);
	assert_int_equal(rej[3], 1);
	assert_int_equal(benjamini_hochberg(p2, 3, 0.05, rej), 0);
	assert_int_equal(rej[0] + rej[1] + rej[2], 0);
	assert_int_equal(benjamini_hochberg(p3, 2, 0.05, rej), 1);
	assert_int_equal(rej[0], 1);
	assert_int_equal(rej[1], 0);
	assert_int_equal(benjamini_hochberg(p3, 0, 0.05, rej), 0);
}

/* sqrt(2 * 8) = 4, cbrt(1 * 3 * 9) = 3; a zero or negative has none. */
static void test_geometric_mean(void **state)
{
	const double a[] = { 2, 8 }, b[] = { 1, 3, 9 }, c[] = { 1, 0 };

	(void)state;
	assert_near(geometric_mean(a, 2), 4, 1e-12);
	assert_near(geometric_mean(b, 3), 3, 1e-12);
	assert_true(isnan(geometric_mean(c, 2)));
	assert_true(isnan(geometric_mean(a, 0)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_welch_known),
		cmocka_unit_test(test_welch_unequal_sizes),
		cmocka_unit_test(test_welch_degenerate),
		cmocka_unit_test(test_mann_whitney_no_ties),
		cmocka_unit_test(test_mann_whitney_ties),
		cmocka_unit_test(test_mann_whitney_all_equal),
		cmocka_unit_test(test_mann_whitney_exact_separated),
		cmocka_unit_test(test_mann_whitney_exact_one_overlap),
		cmocka_unit_test(test_mann_whitney_exact_ties),
		cmocka_unit_test(test_mann_whitney_u_chooses),
		cmocka_unit_test(test_mann_whitney_min_p),
		cmocka_unit_test(test_benjamini_hochberg),
		cmocka_unit_test(test_geometric_mean),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
