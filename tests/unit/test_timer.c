// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for bench/timer.[ch]: source selection, the calibration of
 * ticks against CLOCK_MONOTONIC_RAW (a correctness check with a generous
 * tolerance, not a speed check), monotonicity and forced sources.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>

#include "bench/lib/timer.h"

#define INTERVAL_NS	50000000ull	/* 50 ms busy wait */
#define BRACKET_NS	100000ull	/* a clean pair of reads: < 100 us */
#define TOLERANCE	0.05		/* a 2x calibration error is 1.0 */

struct stamp {
	uint64_t ticks;
	uint64_t ns;
};

/* timer_now() between two raw clock reads; false if it was preempted. */
static bool take_stamp(struct stamp *s)
{
	uint64_t a = timer_clock_ns(), b;

	s->ticks = timer_now();
	b = timer_clock_ns();
	s->ns = a + (b - a) / 2;
	return b - a < BRACKET_NS;
}

static void test_init_auto(void **state)
{
	struct timer_info ti;

	(void)state;
	assert_int_equal(timer_init(&ti, -1), 0);
	assert_non_null(ti.name);
	assert_true(ti.ns_per_tick > 0);
	assert_true(ti.read_cost_ns > 0);
	assert_true(ti.read_cost_ns < 100000);
	/* the chosen source is the active one */
	assert_int_equal(timer_active_source, ti.source);
	assert_true(timer_get()->ns_per_tick == ti.ns_per_tick);
}

static void test_calibration(void **state)
{
	struct timer_info ti;
	struct stamp s0 = { 0 }, s1 = { 0 };
	double ratio;
	int tries;

	(void)state;
	assert_int_equal(timer_init(&ti, -1), 0);
	for (tries = 0; tries < 20; tries++) {
		if (!take_stamp(&s0))
			continue;
		while (timer_clock_ns() - s0.ns < INTERVAL_NS)
			;
		if (take_stamp(&s1))
			break;
	}
	if (tries == 20)
		fail_msg("no clean pair of clock reads in 20 tries");
	/* ticks converted to ns over raw ns of the same interval: ~1 */
	ratio = timer_ticks_to_ns(s1.ticks - s0.ticks) / (double)(s1.ns - s0.ns);
	if (fabs(ratio - 1.0) > TOLERANCE)
		fail_msg("%s: %.6f ns/tick measures %llu ns as %.0f ns (ratio %.4f)",
			 ti.name, ti.ns_per_tick, (unsigned long long)(s1.ns - s0.ns),
			 timer_ticks_to_ns(s1.ticks - s0.ticks), ratio);
}

static void test_monotonic(void **state)
{
	struct timer_info ti;
	uint64_t prev, now;
	int i;

	(void)state;
	assert_int_equal(timer_init(&ti, -1), 0);
	prev = timer_now();
	for (i = 0; i < 100000; i++) {
		now = timer_now();
		if (now < prev)
			fail_msg("%s went back from %llu to %llu at read %d", ti.name,
				 (unsigned long long)prev, (unsigned long long)now, i);
		prev = now;
	}
}

static void test_force_clock_gettime(void **state)
{
	struct timer_info ti;

	(void)state;
	assert_int_equal(timer_init(&ti, TIMER_CLOCK_GETTIME), 0);
	assert_int_equal(ti.source, TIMER_CLOCK_GETTIME);
	assert_true(ti.ns_per_tick == 1.0);
	assert_int_equal(timer_active_source, TIMER_CLOCK_GETTIME);
	assert_true(timer_get()->ns_per_tick == 1.0);
	/* ticks are nanoseconds: 12345 ticks * 1.0 */
	assert_true(timer_ticks_to_ns(12345) == 12345.0);
	assert_true(ti.read_cost_ns > 0 && ti.read_cost_ns < 100000);
}

static void test_force_unavailable(void **state)
{
	struct timer_info ti, best;
	int other;

	(void)state;
#if defined(__x86_64__)
	other = TIMER_CNTVCT;
#elif defined(__aarch64__)
	other = TIMER_TSC;
#else
	other = -1;
	skip();
	return;
#endif
	assert_int_equal(timer_init(&best, -1), 0);
	assert_int_equal(timer_init(&ti, other), -1);
	assert_true(ti.why[0] != '\0');
	/* a failed force leaves the active clock alone */
	assert_int_equal(timer_active_source, best.source);
	assert_int_equal(timer_get()->source, best.source);
	assert_true(timer_get()->ns_per_tick == best.ns_per_tick);
}

#if defined(__x86_64__)
#include <cpuid.h>

/* A forced TSC variant is honoured exactly, or refused (CPUID decides). */
static void test_force_tsc_variant(void **state)
{
	unsigned int a = 0, b = 0, c = 0, d = 0;
	struct timer_info ti;
	bool rdtscp, invariant;

	(void)state;
	__get_cpuid(0x80000001, &a, &b, &c, &d);
	rdtscp = d & (1u << 27);
	__get_cpuid(0x80000007, &a, &b, &c, &d);
	invariant = d & (1u << 8);
	if (!invariant) {
		assert_int_equal(timer_init(&ti, TIMER_TSC), -1);
		return;
	}
	assert_int_equal(timer_init(&ti, TIMER_TSC_LFENCE), 0);
	assert_int_equal(ti.source, TIMER_TSC_LFENCE);
	assert_int_equal(timer_init(&ti, TIMER_TSC), rdtscp ? 0 : -1);
	if (rdtscp)
		assert_int_equal(ti.source, TIMER_TSC);
	assert_int_equal(timer_init(&ti, -1), 0);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_auto),
		cmocka_unit_test(test_calibration),
		cmocka_unit_test(test_monotonic),
		cmocka_unit_test(test_force_clock_gettime),
		cmocka_unit_test(test_force_unavailable),
#if defined(__x86_64__)
		cmocka_unit_test(test_force_tsc_variant),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
