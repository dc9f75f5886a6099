// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for analysis/noise.[ch]: the largest |%change| between any
 * two A/A means, worked out by hand below.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "analysis/noise.h"

#include "tests/unit/assert_near.h"

/*
 * 100, 115, 130: the pairs' changes are +15 %, +30 %, +13.04 % and, each
 * the other way round, -13.04 %, -23.08 %, -11.54 %; the largest is 30 %,
 * the smallest mean taken as the base, whatever the order.
 */
static void test_noise_largest_pair(void **state)
{
	const double m[] = { 115, 130, 100 };

	(void)state;
	assert_near(noise_floor_pct(m, 3), 30, 1e-12);
	assert_near(noise_floor_pct(m, 2), 100.0 * 15 / 115, 1e-12);
}

/* Identical runs: no noise at all. */
static void test_noise_identical(void **state)
{
	const double m[] = { 42, 42, 42, 42 };

	(void)state;
	assert_near(noise_floor_pct(m, 4), 0, 0);
}

/* Negative means (a signed metric): |change| over |base|, 10 over 100. */
static void test_noise_negative(void **state)
{
	const double m[] = { -100, -110 };

	(void)state;
	assert_near(noise_floor_pct(m, 2), 10, 1e-12);
}

/* Fewer than two means, NAN ones left out: no floor (NAN). */
static void test_noise_too_few(void **state)
{
	const double one[] = { 100 }, gap[] = { NAN, 100, NAN };
	const double with_gap[] = { 100, NAN, 120 };

	(void)state;
	assert_true(isnan(noise_floor_pct(one, 1)));
	assert_true(isnan(noise_floor_pct(one, 0)));
	assert_true(isnan(noise_floor_pct(gap, 3)));
	assert_near(noise_floor_pct(with_gap, 3), 20, 1e-12);
}

/*
 * A zero mean is no base (its %change is undefined) but is compared
 * against: 0 and 5 give 100 % (0 over 5); 0 and 0 give no floor.
 */
static void test_noise_zero(void **state)
{
	const double m[] = { 0, 5 }, z[] = { 0, 0 };

	(void)state;
	assert_near(noise_floor_pct(m, 2), 100, 1e-12);
	assert_true(isnan(noise_floor_pct(z, 2)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_noise_largest_pair),
		cmocka_unit_test(test_noise_identical),
		cmocka_unit_test(test_noise_negative),
		cmocka_unit_test(test_noise_too_few),
		cmocka_unit_test(test_noise_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
