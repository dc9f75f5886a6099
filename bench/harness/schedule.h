/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The run loop of `fabench run`: load and check the config, expand the
 * matrix, walk the schedule of every point's warm-up and measured
 * repetitions (setting each point's kernel knobs first), report failed
 * correctness checks, write the result directory.  The knobs are put back
 * on every exit path, and a signal stops the run between repetitions.
 */
#ifndef FABENCH_SCHEDULE_H
#define FABENCH_SCHEDULE_H

#include <stdbool.h>

/* What to run, as the command line gave it. */
struct run_request {
	const char *config;		/* the config file */
	const char *label;		/* NULL: none */
	const char *root;		/* where result directories go */
	char *const *overrides;		/* "section.key=value" */
	int noverrides;
	bool wait;			/* wait for another run's lock (runlock.h) */
	/* recorded in meta.json */
	int argc;
	char *const *argv;
};

enum run_outcome {
	RUN_OK,
	RUN_BAD_CONFIG,		/* the config or its values were refused */
	RUN_FAILED,		/* the harness could not go on (messages said why) */
	RUN_POINT_ERRORS,	/* the run finished, but some points failed */
	RUN_CORRECTNESS,	/* a correctness count (missed writes...) was non-zero */
	RUN_INTERRUPTED,	/* stopped by a signal; nothing written */
	RUN_LOCKED,		/* another run holds the run lock; nothing done */
	RUN_WRITE_FAILED,	/* a result file could not be written; nothing published */
};

enum run_outcome schedule_run(const struct run_request *req);

#endif /* FABENCH_SCHEDULE_H */
