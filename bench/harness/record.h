/* SPDX-License-Identifier: GPL-2.0-only */
/* Everything one `fabench run` measured, as the output writers see it. */
#ifndef FABENCH_RECORD_H
#define FABENCH_RECORD_H

#include <time.h>

#include "bench/lib/hist.h"
#include "bench/harness/matrix.h"
#include "bench/lib/metrics.h"
#include "bench/harness/runner.h"

struct point_result {
	const struct matrix_point *pt;
	int status;			/* 0, WL_UNSUPPORTED or WL_ERROR */
	char why[256];
	int nreps;			/* measured repetitions */
	struct metric_sink *reps;
	struct hist latency;		/* measured repetitions merged */
	struct profile profile;		/* profile = on: measured repetitions merged */
};

struct run_record {
	const struct config *cfg;
	const struct matrix *matrix;
	struct point_result *points;
	struct run_env *env;
	char *const *argv;
	int argc;
	const char *label;
	time_t started;
	double elapsed_s;
};

#endif /* FABENCH_RECORD_H */
