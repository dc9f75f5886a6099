/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The harness clock: the cheapest monotonic tick counter the CPU offers,
 * calibrated against CLOCK_MONOTONIC_RAW.  Workloads never read it; the
 * runner and the latency meter do.
 */
#ifndef FABENCH_TIMER_H
#define FABENCH_TIMER_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

enum timer_source {
	TIMER_CLOCK_GETTIME = 0,	/* portable fallback, ticks are ns */
	TIMER_TSC,			/* x86-64 rdtscp, invariant TSC only */
	TIMER_TSC_LFENCE,		/* lfence; rdtsc where rdtscp is hidden */
	TIMER_CNTVCT,			/* arm64 generic timer virtual count */
};

struct timer_info {
	enum timer_source source;
	const char *name;
	double ns_per_tick;
	double calib_spread_ppm;	/* disagreement of the calibration rounds */
	double read_cost_ns;		/* median cost of one timer_now() */
	double nominal_hz;		/* cntfrq_el0 on arm64, 0 elsewhere */
	char why[200];			/* why this source was chosen */
};

extern enum timer_source timer_active_source;

static inline uint64_t timer_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static inline uint64_t timer_now(void)
{
#if defined(__x86_64__)
	if (timer_active_source == TIMER_TSC) {
		uint32_t lo, hi, aux;

		/* rdtscp waits for earlier instructions (the touch) to finish */
		__asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
		return ((uint64_t)hi << 32) | lo;
	}
	if (timer_active_source == TIMER_TSC_LFENCE) {
		uint32_t lo, hi;

		/* lfence: the read waits until the touch before it completed */
		__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
		return ((uint64_t)hi << 32) | lo;
	}
#elif defined(__aarch64__)
	if (timer_active_source == TIMER_CNTVCT) {
		uint64_t v;

		/* isb orders the read after the preceding access */
		__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
		return v;
	}
#endif
	return timer_clock_ns();
}

/*
 * Choose and calibrate the clock.  force_source < 0 picks the best source;
 * otherwise it forces one (tests use TIMER_CLOCK_GETTIME).  Returns 0, or
 * -1 if a forced source is not available on this CPU (why says so).
 */
int timer_init(struct timer_info *ti, int force_source);
const struct timer_info *timer_get(void);

static inline double timer_ticks_to_ns(uint64_t ticks)
{
	return (double)ticks * timer_get()->ns_per_tick;
}

#endif /* FABENCH_TIMER_H */
