/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fabench regress: a change is a regression only with enough samples (3 a
 * side), a significant difference (p < 0.05) and a size over the metric's
 * threshold in the worse direction; a metric too noisy for its threshold
 * (CoeffVar over 3x it on either side) is reported as noisy instead.
 */
#ifndef FABENCH_REGRESS_H
#define FABENCH_REGRESS_H

#include "analysis/thresholds.h"

enum regress_status {
	REGRESS_NONE,		/* no regression */
	REGRESS_FOUND,		/* regressions or correctness failures, one line each on stdout */
	REGRESS_BAD_INPUT,	/* a run unreadable, or runs of different configs */
};

/* One line per regression or noisy metric, then the tally, on stdout. */
enum regress_status regress_runs(const char *base_dir, const char *cur_dir,
				 const struct thresholds *th);

#endif /* FABENCH_REGRESS_H */
