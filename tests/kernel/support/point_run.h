/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel tests' common part: run one repetition of one point of a config
 * given as text, on the real kernel, with the runner's own code.
 */
#ifndef FABENCH_TEST_POINT_RUN_H
#define FABENCH_TEST_POINT_RUN_H

#include "config.h"
#include "matrix.h"
#include "runner.h"

struct point_run {
	struct config cfg;
	struct matrix m;
	struct rep_result rep;
};

extern struct run_env test_env;

/* group setup/teardown: timer, CPUs, default counters, topology */
int point_env_setup(void **state);
int point_env_teardown(void **state);
/* Run point `point` of the config text once; a hang fails after 120 s. */
struct point_run *point_run_text(const char *text, int point);
void point_run_free(struct point_run *pr);
/* A metric's value; fails the test if absent or unsupported. */
double point_metric(const struct point_run *pr, const char *name);
void point_assert_ok(const struct point_run *pr);

#endif /* FABENCH_TEST_POINT_RUN_H */
