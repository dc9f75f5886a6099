/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The [run] cpus value: "all", or a CPU list such as "0,2-3" (spaces
 * around numbers and commas allowed).  The config checks it, the runner
 * pins to it: both through cpulist_parse().
 */
#ifndef FABENCH_CPULIST_H
#define FABENCH_CPULIST_H

#include <stddef.h>

#define CPULIST_MAX_CPU 4095	/* the highest CPU number a list may name */

/*
 * The CPUs of text into cpu[], in the list's order (ranges expanded,
 * repeats kept), at most max of them; cpu NULL: only checked and counted.
 * Returns how many, 0 for "all", or -1 with err ("expected all, or a CPU
 * list such as 0,2-3").
 */
int cpulist_parse(const char *text, int *cpu, int max, char *err, size_t errlen);
/*
 * The distinct CPUs of cpu[0..n-1] into out[], in first-seen order, at
 * most max of them (the runner's round-robin list names a CPU as often
 * as threads go to it); returns how many.
 */
int cpulist_unique(const int *cpu, int n, int *out, int max);

#endif /* FABENCH_CPULIST_H */
