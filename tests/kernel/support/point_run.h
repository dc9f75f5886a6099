/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel tests' common part: run one repetition of one point of a config
 * given as text, on the real kernel, with the runner's own code.
 */
#ifndef FABENCH_TEST_POINT_RUN_H
#define FABENCH_TEST_POINT_RUN_H

#include "bench/harness/config.h"
#include "bench/harness/matrix.h"
#include "bench/harness/runner.h"

struct point_run {
	struct config cfg;
	struct matrix m;
	struct rep_result rep;
};

extern struct run_env test_env;
/*
 * Set by point_env_setup when userfaultfd or perf_event_open returned
 * ENOSYS ("userfaultfd: ENOSYS (qemu-user)"), empty otherwise.
 */
extern char point_no_uffd[128];
extern char point_no_perf[128];
/* set when qemu-user's /proc/self/pagemap does not see our pages */
extern char point_no_pagemap[128];

/* group setup/teardown: timer, CPUs, default counters, topology */
int point_env_setup(void **state);
int point_env_teardown(void **state);
/* Run point `point` of the config text once; a hang fails after 120 s. */
struct point_run *point_run_text(const char *text, int point);
void point_run_free(struct point_run *pr);
/* A metric's value; fails the test if absent or unsupported (but see below). */
double point_metric(const struct point_run *pr, const char *name);
void point_assert_ok(const struct point_run *pr);
/*
 * Skip the test, printing "SKIP: reason": the whole test when a system call
 * it needs is ENOSYS (point_need_*), and point_metric and point_assert_ok
 * skip when what failed was that ENOSYS.  Other errors still fail.
 */
void point_skip(const char *reason);
/* what point_env_setup detects, for tests that do not use it */
void point_detect(void);
void point_need_uffd(void);
void point_need_perf(void);
void point_need_pagemap(void);

/*
 * What the running system says, read here rather than through the code
 * under test, so that tests hold two measurements against each other
 * instead of asserting one machine.
 *
 * The fault-around window in pages (fault_around_bytes / page size), read
 * from debugfs (mounted for the read if it is not): 0 with the window, or
 * -1 with errno's name and the path in why ("EPERM reading ...").
 */
int point_fault_around_window(uint64_t *pages, char *why, size_t len);
/* The page size, for page counts: the size in bytes of a config divided by it. */
uint64_t point_pages(uint64_t bytes);
/*
 * Swap areas listed in /proc/swaps (0: none), read here on purpose and not
 * through bench/kernel/swap.c: the tests hold the probe's and wp_oracle's
 * answers (which use swap.c) against this second reading.
 */
int point_swap_areas(void);

#endif /* FABENCH_TEST_POINT_RUN_H */
