/* SPDX-License-Identifier: GPL-2.0-only */
/* Descriptive statistics of one metric's repetitions, for summary.csv. */
#ifndef FABENCH_STATS_H
#define FABENCH_STATS_H

#include <stddef.h>

struct summary_stats {
	size_t n;
	double mean;
	double median;
	double stddev;		/* sample standard deviation (n - 1) */
	double coeff_var;	/* stddev / mean, in percent */
	/*
	 * IQR / 1.349 / |median|, in percent: the CoeffVar of a normal sample
	 * with this interquartile range, which one outlying repetition of
	 * five or more does not move (quartiles interpolated between ranks)
	 */
	double robust_cv;
	double min;
	double max;
};

/* v is not modified; n == 0 gives n = 0 and every other field 0. */
void stats_summarize(const double *v, size_t n, struct summary_stats *out);

#endif /* FABENCH_STATS_H */
