/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Progress on stderr: on a terminal one line rewritten in place with the
 * time left; otherwise one line per matrix point, for logs.
 */
#ifndef FABENCH_PROGRESS_H
#define FABENCH_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct progress {
	int total;
	bool tty;
	uint64_t start_ns;
};

void progress_begin(struct progress *pr, int total);
void progress_point(struct progress *pr, int done, const char *label,
		    const char *status);
void progress_end(struct progress *pr);

#endif /* FABENCH_PROGRESS_H */
