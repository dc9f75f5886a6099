// SPDX-License-Identifier: GPL-2.0-only
/*
 * Timer selection and calibration.
 *
 * The TSC is used only when CPUID says it is invariant (constant rate across
 * P-states and C-states): otherwise ticks would not convert to time.  The
 * tick period is measured against CLOCK_MONOTONIC_RAW over several rounds;
 * the spread of the rounds is recorded so a user can see a bad calibration.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/lib/timer.h"

#if defined(__x86_64__)
#include <cpuid.h>
#endif

#define CALIB_ROUNDS 5
#define CALIB_ROUND_NS 20000000ull	/* 20 ms a round, 100 ms in all */
#define COST_SAMPLES 201
#define COST_BATCH 64		/* reads per sample */

enum timer_source timer_active_source = TIMER_CLOCK_GETTIME;
static struct timer_info active_info = {
	.source = TIMER_CLOCK_GETTIME,
	.name = "clock_gettime(CLOCK_MONOTONIC_RAW)",
	.ns_per_tick = 1.0,
};

const struct timer_info *timer_get(void)
{
	return &active_info;
}

/* Invariant TSC; *rdtscp says whether the rdtscp instruction is exposed. */
static bool tsc_is_invariant(bool *rdtscp, char *why, size_t len)
{
#if defined(__x86_64__)
	unsigned int a, b, c, d;

	*rdtscp = false;
	if (!__get_cpuid(0x80000000, &a, &b, &c, &d) || a < 0x80000007) {
		snprintf(why, len, "CPUID leaf 0x80000007 missing");
		return false;
	}
	__get_cpuid(0x80000001, &a, &b, &c, &d);
	*rdtscp = d & (1u << 27);
	__get_cpuid(0x80000007, &a, &b, &c, &d);
	if (!(d & (1u << 8))) {
		snprintf(why, len, "TSC not invariant (CPUID 0x80000007 EDX[8])");
		return false;
	}
	snprintf(why, len, "invariant TSC (CPUID 0x80000007 EDX[8])%s",
		 *rdtscp ? "" : ", no rdtscp (CPUID 0x80000001 EDX[27])");
	return true;
#else
	*rdtscp = false;
	snprintf(why, len, "not x86-64");
	return false;
#endif
}

static bool cntvct_usable(double *hz, char *why, size_t len)
{
#if defined(__aarch64__)
	uint64_t f;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	*hz = (double)f;
	snprintf(why, len, "arm64 generic timer, cntfrq_el0 %.0f Hz (%.1f ns/tick)",
		 *hz, f ? 1e9 / *hz : 0.0);
	return f != 0;
#else
	*hz = 0;
	snprintf(why, len, "not arm64");
	return false;
#endif
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* One round: ticks elapsed against raw nanoseconds over a busy interval. */
static double calibrate_round(void)
{
	uint64_t n0 = timer_clock_ns(), t0 = timer_now(), n1, t1;

	do {
		n1 = timer_clock_ns();
	} while (n1 - n0 < CALIB_ROUND_NS);
	t1 = timer_now();
	return (double)(n1 - n0) / (double)(t1 - t0);
}

static void calibrate(struct timer_info *ti)
{
	double r[CALIB_ROUNDS];
	int i;

	if (ti->source == TIMER_CLOCK_GETTIME) {
		ti->ns_per_tick = 1.0;
		ti->calib_spread_ppm = 0;
		return;
	}
	for (i = 0; i < CALIB_ROUNDS; i++)
		r[i] = calibrate_round();
	qsort(r, CALIB_ROUNDS, sizeof(r[0]), cmp_double);
	ti->ns_per_tick = r[CALIB_ROUNDS / 2];
	ti->calib_spread_ppm = (r[CALIB_ROUNDS - 1] - r[0]) / r[CALIB_ROUNDS / 2] * 1e6;
}

/*
 * Median cost of one read: what the latency meter adds to every recorded
 * touch.  Each sample times a batch of reads, because the arm64 generic
 * timer ticks at 1 to 100 MHz (62.5 MHz under QEMU): one read is well
 * under a tick there, and back-to-back pairs would mostly measure zero.
 */
static void measure_read_cost(struct timer_info *ti)
{
	static double cost[COST_SAMPLES];
	volatile uint64_t sink;
	int i, j;

	for (i = 0; i < COST_SAMPLES; i++) {
		uint64_t a = timer_now(), b;

		for (j = 0; j < COST_BATCH; j++)
			sink = timer_now();
		b = timer_now();
		cost[i] = (double)(b - a) * ti->ns_per_tick / (COST_BATCH + 1);
	}
	(void)sink;
	qsort(cost, COST_SAMPLES, sizeof(cost[0]), cmp_double);
	ti->read_cost_ns = cost[COST_SAMPLES / 2];
}

static int pick_source(struct timer_info *ti, int force)
{
	char why[sizeof(ti->why) / 2 - 8], tsc_why[sizeof(ti->why) / 2 - 8];
	double hz = 0;
	bool rdtscp, tsc = tsc_is_invariant(&rdtscp, tsc_why, sizeof(tsc_why));

	memset(ti, 0, sizeof(*ti));
	if (force < 0 || force == TIMER_TSC || force == TIMER_TSC_LFENCE) {
		snprintf(why, sizeof(why), "%s", tsc_why);
		if (tsc && force == TIMER_TSC && !rdtscp) {
			snprintf(why, sizeof(why), "no rdtscp (CPUID 0x80000001 EDX[27])");
			goto unavailable;
		}
		if (tsc && force == TIMER_TSC_LFENCE)
			rdtscp = false;
		if (tsc) {
			ti->source = rdtscp ? TIMER_TSC : TIMER_TSC_LFENCE;
			ti->name = rdtscp ? "rdtscp" : "lfence+rdtsc";
			snprintf(ti->why, sizeof(ti->why), "%s", why);
			return 0;
		}
		if (force >= 0)
			goto unavailable;
	}
	if (force < 0 || force == TIMER_CNTVCT) {
		if (cntvct_usable(&hz, why, sizeof(why))) {
			ti->source = TIMER_CNTVCT;
			ti->name = "cntvct_el0";
			ti->nominal_hz = hz;
			snprintf(ti->why, sizeof(ti->why), "%s", why);
			return 0;
		}
		if (force == TIMER_CNTVCT)
			goto unavailable;
	}
	ti->source = TIMER_CLOCK_GETTIME;
	ti->name = "clock_gettime(CLOCK_MONOTONIC_RAW)";
	if (force < 0)
		snprintf(ti->why, sizeof(ti->why), "fallback: %s; %s", tsc_why, why);
	else
		snprintf(ti->why, sizeof(ti->why), "forced");
	return 0;
unavailable:
	snprintf(ti->why, sizeof(ti->why), "%s", why);
	return -1;
}

int timer_init(struct timer_info *ti, int force_source)
{
	if (pick_source(ti, force_source))
		return -1;
	timer_active_source = ti->source;
	calibrate(ti);
	measure_read_cost(ti);
	active_info = *ti;
	return 0;
}
