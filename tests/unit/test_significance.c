// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for analysis/significance.[ch] against values worked out
 * without GSL: t, df, U and z by hand (shown below); the p-values of the
 * t distribution by integrating its density numerically (Simpson's rule,
 * 200000 intervals, in a few lines of Python using only math.gamma), and
 * those of the normal distribution from Python's math.erfc.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "analysis/significance.h"

#define assert_near(a, b, eps)						\
	do {								\
		double a_ = (a), b_ = (b);				\
		if (!(fabs(a_ - b_) <= (eps)))				\
			fail_msg("%s = %.9g, expected %.9g", #a, a_, b_); \
	} while (0)

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
 * -2.611165; p = erfc(2.611165 / sqrt 2) = 0.0090234.
 */
static void test_mann_whitney_no_ties(void **state)
{
	const double a[] = { 1, 2, 3, 4, 5 }, b[] = { 6, 7, 8, 9, 10 };
	struct test_result r;

	(void)state;
	assert_int_equal(mann_whitney_u(a, 5, b, 5, &r), 0);
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
	assert_int_equal(mann_whitney_u(a, 4, b, 4, &r), 0);
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
	assert_int_equal(mann_whitney_u(a, 0, a, 3, &r), -1);
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
		cmocka_unit_test(test_geometric_mean),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
