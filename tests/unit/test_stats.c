// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for bench/stats.[ch]: stats_summarize on small data sets whose
 * mean, median, sample standard deviation and CoeffVar are worked out by
 * hand in the comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "bench/lib/stats.h"

#include "tests/unit/assert_near.h"

#define EPS 1e-9

static void test_known_answer(void **state)
{
	/* 2, 4, 4, 4, 5, 5, 7, 9 in shuffled order */
	static const double v[] = { 5, 9, 2, 4, 7, 4, 5, 4 };
	struct summary_stats st;

	(void)state;
	stats_summarize(v, 8, &st);
	assert_int_equal(st.n, 8);
	/* sum 40, / 8 */
	assert_near(st.mean, 5.0, EPS);
	/* sorted middle pair (4 + 5) / 2 */
	assert_near(st.median, 4.5, EPS);
	/* squared deviations 9+1+1+1+0+0+4+16 = 32, / (8 - 1): sqrt(32/7) */
	assert_near(st.stddev, 2.1380899352993950, EPS);
	/* 2.1380899353 / 5 * 100 */
	assert_near(st.coeff_var, 42.761798705987900, 1e-7);
	assert_near(st.min, 2.0, 0);
	assert_near(st.max, 9.0, 0);
}

static void test_odd_count(void **state)
{
	static const double v[] = { 9, 1, 5 };
	struct summary_stats st;

	(void)state;
	stats_summarize(v, 3, &st);
	assert_int_equal(st.n, 3);
	assert_near(st.mean, 5.0, EPS);		/* 15 / 3 */
	assert_near(st.median, 5.0, EPS);	/* sorted 1 5 9: the middle one */
	assert_near(st.stddev, 4.0, EPS);	/* (16 + 16 + 0) / 2 = 16 */
	assert_near(st.coeff_var, 80.0, EPS);	/* 4 / 5 * 100 */
	assert_near(st.min, 1.0, 0);
	assert_near(st.max, 9.0, 0);
}

static void test_single_value(void **state)
{
	static const double v[] = { 3.5 };
	struct summary_stats st;

	(void)state;
	stats_summarize(v, 1, &st);
	assert_int_equal(st.n, 1);
	assert_near(st.mean, 3.5, 0);
	assert_near(st.median, 3.5, 0);
	assert_near(st.stddev, 0.0, 0);		/* n - 1 = 0: defined as 0 */
	assert_near(st.coeff_var, 0.0, 0);
	assert_near(st.min, 3.5, 0);
	assert_near(st.max, 3.5, 0);
}

static void test_empty(void **state)
{
	static const double v[] = { 42 };
	struct summary_stats st;

	(void)state;
	memset(&st, 0x5a, sizeof(st));	/* garbage that must be cleared */
	stats_summarize(v, 0, &st);
	assert_int_equal(st.n, 0);
	assert_near(st.mean, 0.0, 0);
	assert_near(st.median, 0.0, 0);
	assert_near(st.stddev, 0.0, 0);
	assert_near(st.coeff_var, 0.0, 0);
	assert_near(st.min, 0.0, 0);
	assert_near(st.max, 0.0, 0);
}

static void test_negative_values(void **state)
{
	static const double v[] = { 3, -5, -1 };
	struct summary_stats st;

	(void)state;
	stats_summarize(v, 3, &st);
	assert_near(st.mean, -1.0, EPS);	/* -3 / 3 */
	assert_near(st.median, -1.0, EPS);	/* sorted -5 -1 3 */
	assert_near(st.stddev, 4.0, EPS);	/* (16 + 0 + 16) / 2 = 16 */
	/* relative to |mean|: 4 / 1 * 100, a positive percentage */
	assert_near(st.coeff_var, 400.0, EPS);
	assert_near(st.min, -5.0, 0);
	assert_near(st.max, 3.0, 0);
}

/*
 * {1..5}: quartiles at ranks 1 and 3 (0-based): 2 and 4, IQR 2, median 3:
 * 2 / 1.349 / 3 * 100 = 49.419322...; nine 10s and one 100: quartiles 10
 * and 10, robust_cv 0 while the CoeffVar is 149.792 % (mean 19, stddev
 * sqrt(7290 / 9) = 28.46: one outlier).
 */
static void test_robust_cv(void **state)
{
	static const double v[] = { 5, 1, 4, 2, 3 };
	static const double w[] = { 10, 10, 10, 100, 10, 10, 10, 10, 10, 10 };
	struct summary_stats st;

	(void)state;
	stats_summarize(v, 5, &st);
	assert_near(st.robust_cv, 200.0 / 1.349 / 3, 1e-9);
	stats_summarize(w, 10, &st);
	assert_near(st.robust_cv, 0.0, 0);
	assert_near(st.coeff_var, 149.792, 0.001);
}

static void test_input_not_modified(void **state)
{
	double v[] = { 9, 3, 7, 1, 8, 2 };
	static const double orig[] = { 9, 3, 7, 1, 8, 2 };
	struct summary_stats st;

	(void)state;
	stats_summarize(v, 6, &st);
	assert_memory_equal(v, orig, sizeof(orig));
	/* and the median still came from sorted data: (3 + 7) / 2 */
	assert_near(st.median, 5.0, EPS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_answer),
		cmocka_unit_test(test_odd_count),
		cmocka_unit_test(test_single_value),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_negative_values),
		cmocka_unit_test(test_input_not_modified),
		cmocka_unit_test(test_robust_cv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
