/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * [run] monitors: what the machine did while a repetition ran, beside the
 * harness's own counts of the measured tasks, the way mmtests' monitors
 * and LKP's stats sit beside a benchmark: /proc/vmstat deltas (vmstat_*),
 * the TLB shootdown IPIs of /proc/interrupts (tlb_shootdowns) and the
 * context switches of fabench's other threads (handler_csw: the uffd
 * handlers, and the main thread waiting for the tasks), every interrupt
 * on each CPU the tasks run on (irqs: irqs_cpu<N>) and their cpufreq
 * frequency before and after (cpu_mhz: cpu_mhz_before, cpu_mhz_after, the
 * mean over those CPUs; unsupported without cpufreq).  Machine-wide
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
	MON_IRQS,
	MON_CPU_MHZ,
	MON_COUNT
};

/* The /proc/vmstat counters of the vmstat monitor */
#define MONITOR_VMSTAT_MAX 16
/* The most CPUs irqs and cpu_mhz follow (the first the tasks run on) */
#define MONITOR_CPUS 8
/* irqs reads /proc/interrupts' columns of CPUs below this */
#define MONITOR_IRQ_CPUS 1024

struct monitors {
	bool on[MON_COUNT];
	/* what setup found: "" or why a monitor cannot count here (no "unsupported: ") */
	char unsupported[MON_COUNT][160];
	int cpu[MONITOR_CPUS];		/* the CPUs the tasks run on, each once */
	int ncpus;
};

struct monitor_snap {
	int64_t vmstat[MONITOR_VMSTAT_MAX];
	int64_t tlb;
	int64_t irqs[MONITOR_CPUS];
	double khz;			/* mean over m->cpu; -1: unreadable */
};

/*
 * "default" (every monitor), "none", or monitor names joined by commas
 * (vmstat, tlb_shootdowns, handler_csw, irqs, cpu_mhz), for tasks on
 * cpu[0..ncpus-1].  Reads each source once, so a monitor that cannot
 * count here is known before the first point.  -1 with err for an
 * unknown name.
 */
int monitors_setup(struct monitors *m, const char *spec, const int *cpu, int ncpus,
		   char *err, size_t errlen);
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
