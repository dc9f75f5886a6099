/* SPDX-License-Identifier: GPL-2.0-only */
/* compare --plots: the runs' headline metrics side by side, through plot.c. */
#ifndef FABENCH_COMPARE_PLOTS_H
#define FABENCH_COMPARE_PLOTS_H

#include <stdio.h>

#include "analysis/resultset.h"

/*
 * For each headline metric the base run declares (meta.json "metrics"),
 * but the correctness counts, DIR/METRIC.{gp,dat,png,svg}: one bar per run
 * at every point all runs share, stddev error bars; the text renderings go
 * to out.  run[0] is the base.  Returns 0, or -1 after a message on stderr.
 */
int compare_plots(const char *dir, const struct resultset *run, int nrun, FILE *out);

#endif /* FABENCH_COMPARE_PLOTS_H */
