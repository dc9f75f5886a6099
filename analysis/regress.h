/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fabench regress: one decision per measurement, on the metrics the runs
 * declare headline with a direction, once per point.  Each is tested by
 * Mann-Whitney U (exact at small n, so 3 against 3 is "n too small for
 * significance (smallest p = 0.1)", never significant), and the p-values
 * of all that can be tested are corrected together by Benjamini-Hochberg
 * at a 5 % false discovery rate.  A change is a regression when that test
 * rejects it, it has at least 3 samples a side, and it is past the
 * metric's threshold in the worse direction; an improvement likewise in
 * the better one; a metric too noisy for its threshold (CoeffVar over 3x
 * it on either side) is noisy instead.  Given two or more earlier runs of
 * the same config (--noise), a change also has to be larger than the
 * largest change of that metric's mean at that point between any two of
 * them (the A/A noise seen); one that is not is within the noise, whatever
 * its p.  A metric or point the noise runs lack has the threshold alone.
 *
 * With one run a side, the samples are its repetitions, and a drift of the
 * machine between the two runs is not in the test.  With several runs on
 * either side (all of one config, every current compared with the first
 * baseline's points), a gated metric's samples are the run medians, one
 * per run: the test then asks whether the change is larger than runs vary.
 * Correctness counts are checked in every current run.
 */
#ifndef FABENCH_REGRESS_H
#define FABENCH_REGRESS_H

#include "analysis/thresholds.h"

enum regress_status {
	REGRESS_NONE,		/* no regression */
	REGRESS_FOUND,		/* regressions or correctness failures, one line each on stdout */
	REGRESS_BAD_INPUT,	/* a run unreadable, or runs of different configs */
};

struct regress_opts {
	const char *const *baseline;	/* result directories, one or more */
	int nbaseline;
	const char *const *current;	/* result directories, one or more */
	int ncurrent;
	int verbose;		/* a line per gated comparison, not only the alarms */
	int no_correction;	/* p < 0.05 each: the uncorrected decisions */
	const char *const *noise;	/* result directories of A/A runs, or NULL */
	int nnoise;		/* 0, or 2 or more */
};

/*
 * On stdout: one line per regression, improvement, correctness failure
 * and changed exact count; with verbose also per noisy, untestable and
 * unchanged metric (and within the noise); then the significance method,
 * the floor that applied, one line counting what was not shown, and the
 * tally.  A noise run unreadable, of another config, or alone: one line on
 * stderr naming it, REGRESS_BAD_INPUT.
 */
enum regress_status regress_runs(const struct regress_opts *o, const struct thresholds *th);

#endif /* FABENCH_REGRESS_H */
