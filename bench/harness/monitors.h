/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * [run] monitors: what the machine did while a repetition ran, beside the
 * harness's own counts of the measured tasks, the way mmtests' monitors
 * and LKP's stats sit beside a benchmark: /proc/vmstat deltas (vmstat_*),
 * the TLB shootdown IPIs of /proc/interrupts (tlb_shootdowns) and the
 * context switches of fabench's other threads (handler_csw: the uffd
 * handlers, and the main thread waiting for the tasks).  Machine-wide
 * counters count every process: a delta is at least what the tasks did.
 */
#ifndef FABENCH_MONITORS_H
#define FABENCH_MONITORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bench/lib/metrics.h"

enum monitor {
	MON_VMSTAT,
	MON_TLB_SHOOTDOWNS,
	MON_HANDLER_CSW,
	MON_COUNT
};

/* The /proc/vmstat counters of the vmstat monitor */
#define MONITOR_VMSTAT_MAX 16

struct monitors {
	bool on[MON_COUNT];
	/* what setup found: "" or why a monitor cannot count here (no "unsupported: ") */
	char unsupported[MON_COUNT][160];
};

struct monitor_snap {
	int64_t vmstat[MONITOR_VMSTAT_MAX];
	int64_t tlb;
};

/*
 * "default" (every monitor), "none", or monitor names joined by commas
 * (vmstat, tlb_shootdowns, handler_csw).  Reads each source once, so a
 * monitor that cannot count here is known before the first point.  -1
 * with err for an unknown name.
 */
int monitors_setup(struct monitors *m, const char *spec, char *err, size_t errlen);
/* The names alone, for the config's check: nothing read. */
int monitors_parse(const char *spec, struct monitors *m, char *err, size_t errlen);
/* The monitor's name as [run] monitors spells it. */
const char *monitor_name(enum monitor id);
/*
 * Read the counters: before the tasks start (s0), and as soon as they all
 * ended (s1); then put the deltas as metrics, after the run's own.
 */
void monitors_read(const struct monitors *m, struct monitor_snap *s);
void monitors_put(const struct monitors *m, const struct monitor_snap *s0,
		  const struct monitor_snap *s1, struct metric_sink *ms);

#endif /* FABENCH_MONITORS_H */
