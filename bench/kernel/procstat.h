/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Machine-wide counters of /proc: named lines of /proc/vmstat and the
 * per-CPU counts of one /proc/interrupts line, read the same way before
 * and after a measurement so their deltas can be put beside it.
 */
#ifndef FABENCH_PROCSTAT_H
#define FABENCH_PROCSTAT_H

#include <stdint.h>

/*
 * vals[i]: the /proc/vmstat counter names[i], -1 where the kernel has no
 * such line (a config option off).  0, or -errno if the file is unreadable.
 */
int procstat_vmstat(const char *const *names, int n, int64_t *vals);
/*
 * The sum over CPUs of the /proc/interrupts line labelled label ("TLB:",
 * the x86 TLB shootdown IPIs); -1 if the file has no such line, -2 if it
 * is unreadable.
 */
int64_t procstat_interrupts(const char *label);
/*
 * Every interrupt of /proc/interrupts by CPU: count[c] for CPU c < max
 * (the header's CPU<c> columns; lines with one count for all, such as
 * ERR:, left out).  0, or -1 if the file is unreadable or has no header.
 */
int procstat_interrupts_per_cpu(int64_t *count, int max);

#endif /* FABENCH_PROCSTAT_H */
