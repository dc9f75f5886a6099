/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Progress on stderr: on a terminal one line rewritten in place, with the
 * step (one repetition of one point) and the time left; otherwise one line
 * per finished matrix point, for logs.
 */
#ifndef FABENCH_PROGRESS_H
#define FABENCH_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct progress {
	int steps;
	int points;
	bool tty;
	uint64_t start_ns;
};

void progress_begin(struct progress *pr, int steps, int points);
/* Step `step` (0-based) is starting on the point labelled label. */
void progress_step(struct progress *pr, int step, const char *label);
/* The ndone-th point finished with status ("ok", "unsupported: ..."). */
void progress_point_done(struct progress *pr, int ndone, const char *label,
			 const char *status);
void progress_end(struct progress *pr);

#endif /* FABENCH_PROGRESS_H */
