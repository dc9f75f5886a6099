/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fabench history: one metric's means over many result directories,
 * ordered by kernel release (numerically: 6.9 < 6.10) then by start time.
 */
#ifndef FABENCH_HISTORY_H
#define FABENCH_HISTORY_H

#include <stdio.h>

#include "analysis/resultset.h"

struct history_run {
	struct resultset rs;
	char *started;		/* meta.json "started", "" if absent */
	char *host;
	char name[16];		/* "r1", "r2"... in kernel order */
};

struct history {
	int nruns;
	struct history_run *run;
};

/* Loads and orders the runs; -1 after one line on stderr. */
int history_load(struct history *h, char **dirs, int ndirs);
void history_free(struct history *h);

/* Kernel releases compared by their numbers: <0, 0, >0. */
int history_release_cmp(const char *a, const char *b);

/* Whether any run has a value of metric. */
int history_has_metric(const struct history *h, const char *metric);

/*
 * The default metrics: the headline metrics the runs declare (meta.json
 * "metrics"), the newest run's first, but the correctness counts (their
 * trend is a row of zeros); at most max into metric.  Returns how many.
 */
int history_headlines(const struct history *h, const char **metric, int max);

/* The legend of the run names, r1..rN, to out. */
void history_print_runs(FILE *out, const struct history *h);

/* The metric's trend tables (80 columns) to out. */
void history_print(FILE *out, const struct history *h, const char *metric);

/*
 * Where the n metrics stepped (changepoint.h, e-divisive means): at every
 * point, each metric the point's workload declares a headline with a
 * direction (lower or higher is better), the means of the runs that have
 * it in run order.  To out: a heading, a "change:" line per change point
 * (the metric, the point, the means before and after, the run it starts
 * at and its directory, p), then a line counting the series without one
 * and one counting the series too short for p < EDIV_P.  Returns how many
 * change points.
 */
int history_changes(FILE *out, const struct history *h, const char **metric, int n);

/* The trend plot, history-METRIC.{gp,dat,png,svg,txt} in dir. */
int history_plot(FILE *out, const struct history *h, const char *metric,
		 const char *dir);

#endif /* FABENCH_HISTORY_H */
