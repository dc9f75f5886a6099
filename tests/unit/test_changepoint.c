// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for analysis/changepoint.[ch]: the split score q on vectors
 * worked out by hand (below), the O(n^2) best split against q at every
 * split, and the change points of series whose answer is known: a clean
 * step where it is, two steps, nothing in a flat series, nothing in one
 * too short for any p < 0.05 (2 / C(n, n/2): 0.1 at 6 values, 2/35 at 7,
 * 2/70 at 8).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "analysis/changepoint.h"

#include "tests/unit/assert_near.h"

/* A fixed noise of about 3 % (CV), mean 1: the shell test's too. */
static const double noise[] = {
	1.021, 0.968, 1.012, 0.987, 1.034, 0.979, 1.003, 0.961,
	1.027, 0.994, 1.015, 0.972, 1.041, 0.983, 1.008, 0.996,
	0.958, 1.024, 0.991, 1.037, 0.975, 1.011, 0.989, 1.019,
};

#define NNOISE ((int)(sizeof(noise) / sizeof(noise[0])))

/*
 * {0, 0, 1, 1} at 2: between 4 x |0 - 1| = 4, within 0 and 0;
 * q = 2*2/4 * (2 * 4 / 4) = 2.
 * {0, 1, 2, 3} at 2: between 2 + 3 + 1 + 2 = 8, within 1 and 1;
 * q = 1 * (2 * 8 / 4 - 1/1 - 1/1) = 2.
 * {1, 2, 4, 7, 11} at 2: between 3+6+10+2+5+9 = 35, within 1 and
 * 3+7+4 = 14; q = 6/5 * (2 * 35 / 6 - 1 - 14/3) = 6/5 * 6 = 7.2.
 */
static void test_q_by_hand(void **state)
{
	const double a[] = { 0, 0, 1, 1 }, b[] = { 0, 1, 2, 3 };
	const double c[] = { 1, 2, 4, 7, 11 };

	(void)state;
	assert_near(ediv_q(a, 4, 2), 2, 1e-12);
	assert_near(ediv_q(b, 4, 2), 2, 1e-12);
	assert_near(ediv_q(c, 5, 2), 7.2, 1e-12);
	assert_true(isnan(ediv_q(c, 5, 1)));	/* one value: no C(1, 2) */
	assert_true(isnan(ediv_q(c, 5, 4)));
}

/* The incremental best split agrees with q at every split. */
static void test_best_matches_q(void **state)
{
	double x[NNOISE], q, best = -INFINITY;
	int i, tau, want = -1;

	(void)state;
	for (i = 0; i < NNOISE; i++)
		x[i] = 100 * noise[i] * (i >= 15 ? 1.2 : 1);
	for (i = 3; i <= NNOISE - 3; i++) {
		q = ediv_q(x, NNOISE, i);
		if (q > best) {
			best = q;
			want = i;
		}
	}
	assert_near(ediv_best(x, NNOISE, 3, &tau), best, 1e-9 * best);
	assert_int_equal(tau, want);
	assert_int_equal(tau, 15);
	assert_true(isnan(ediv_best(x, 5, 3, &tau)));
	assert_int_equal(tau, -1);
}

/* 8 runs, +20 % from the fifth (index 4) on: one change, there. */
static void test_step_of_eight(void **state)
{
	struct ediv_change c[4];
	double x[8];
	int i, n;

	(void)state;
	for (i = 0; i < 8; i++)
		x[i] = 100 * noise[i] * (i >= 4 ? 1.2 : 1);
	n = ediv_changes(x, 8, &ediv_defaults, c, 4);
	assert_int_equal(n, 1);
	assert_int_equal(c[0].at, 4);
	assert_true(c[0].p < EDIV_P);
	assert_true(c[0].p >= 1.0 / (EDIV_PERMUTATIONS + 1));
	assert_true(c[0].q > 0);
}

/* The same noise without a step: none. */
static void test_noise_only(void **state)
{
	struct ediv_change c[4];
	double x[NNOISE];
	int i;

	(void)state;
	for (i = 0; i < NNOISE; i++)
		x[i] = 100 * noise[i];
	assert_int_equal(ediv_changes(x, 8, &ediv_defaults, c, 4), 0);
	assert_int_equal(ediv_changes(x, NNOISE, &ediv_defaults, c, 4), 0);
}

static void test_constant(void **state)
{
	struct ediv_change c[4];
	double x[12];
	int i, tau;

	(void)state;
	for (i = 0; i < 12; i++)
		x[i] = 42;
	assert_near(ediv_best(x, 12, 3, &tau), 0, 0);
	assert_int_equal(ediv_changes(x, 12, &ediv_defaults, c, 4), 0);
}

/* Two steps, up at 8 and down at 16: both, in order. */
static void test_two_steps(void **state)
{
	struct ediv_change c[4];
	double x[NNOISE];
	int i, n;

	(void)state;
	for (i = 0; i < NNOISE; i++)
		x[i] = noise[i] * (i < 8 ? 100 : i < 16 ? 130 : 110);
	n = ediv_changes(x, NNOISE, &ediv_defaults, c, 4);
	assert_int_equal(n, 2);
	assert_int_equal(c[0].at, 8);
	assert_int_equal(c[1].at, 16);
}

/* A clean step in 6 or 7 values cannot reach p < 0.05. */
static void test_too_short(void **state)
{
	const double six[] = { 1, 1, 1, 2, 2, 2 }, seven[] = { 1, 1, 1, 2, 2, 2, 2 };
	struct ediv_change c[4];

	(void)state;
	assert_near(ediv_min_p(5, 3), 1, 0);
	assert_near(ediv_min_p(6, 3), 0.1, 1e-12);
	assert_near(ediv_min_p(7, 3), 2.0 / 35, 1e-12);
	assert_near(ediv_min_p(8, 3), 2.0 / 70, 1e-12);
	assert_near(ediv_min_p(4, 2), 2.0 / 6, 1e-12);
	assert_int_equal(ediv_changes(six, 6, &ediv_defaults, c, 4), 0);
	assert_int_equal(ediv_changes(seven, 7, &ediv_defaults, c, 4), 0);
}

/* The shuffles are seeded: the same p every time. */
static void test_deterministic(void **state)
{
	struct ediv_change a[2], b[2];
	double x[8];
	int i;

	(void)state;
	for (i = 0; i < 8; i++)
		x[i] = 100 * noise[i] * (i >= 4 ? 1.2 : 1);
	assert_int_equal(ediv_changes(x, 8, &ediv_defaults, a, 2), 1);
	assert_int_equal(ediv_changes(x, 8, &ediv_defaults, b, 2), 1);
	assert_true(a[0].p == b[0].p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_q_by_hand),
		cmocka_unit_test(test_best_matches_q),
		cmocka_unit_test(test_step_of_eight),
		cmocka_unit_test(test_noise_only),
		cmocka_unit_test(test_constant),
		cmocka_unit_test(test_two_steps),
		cmocka_unit_test(test_too_short),
		cmocka_unit_test(test_deterministic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
