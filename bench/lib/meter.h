/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The latency meter a workload thread is handed in latency mode (NULL in
 * throughput mode).  A workload calls meter_start() once before its loop and
 * meter_mark() after each operation; it never sees a time.  One timer read
 * per operation: each interval runs from the previous mark to this one, so
 * it includes one timer read and the loop's own overhead (both recorded in
 * the metadata as the timer's read cost).
 */
#ifndef FABENCH_METER_H
#define FABENCH_METER_H

#include "bench/lib/hist.h"
#include "bench/lib/timer.h"

struct meter {
	uint64_t last;
	struct hist hist;
};

static inline void meter_start(struct meter *m)
{
	if (m)
		m->last = timer_now();
}

static inline void meter_mark(struct meter *m)
{
	uint64_t now;

	if (!m)
		return;
	now = timer_now();
	hist_add(&m->hist, now - m->last);
	m->last = now;
}

#endif /* FABENCH_METER_H */
