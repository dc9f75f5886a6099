/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which way a metric is better, and whether it is a headline: what the
 * run's meta.json declares for it (resultset_decl); undeclared metrics,
 * and every metric of a result older than the declarations (format_version
 * 1), are information only.
 */
#ifndef FABENCH_DIRECTION_H
#define FABENCH_DIRECTION_H

#include <stdio.h>

#include "analysis/resultset.h"

enum direction {
	DIR_NONE = 0,		/* a count or a setting: no verdict */
	DIR_LOWER = -1,		/* times, faults, latencies */
	DIR_HIGHER = 1,		/* rates */
	DIR_ZERO = 2,		/* a correctness count: non-zero is a failure */
};

enum direction decl_direction(const struct rs_metric_decl *d);

/* "lower", "higher", "zero" or "". */
const char *direction_name(enum direction d);

/*
 * The declaration of metric at point p of rs; with p NULL, of the first
 * workload table declaring it, else the harness's.  NULL: undeclared.
 */
const struct rs_metric_decl *metric_decl(const struct resultset *rs,
					 const struct rs_point *p, const char *metric);

/* decl_direction(metric_decl(rs, p, metric)) */
enum direction metric_direction(const struct resultset *rs, const struct rs_point *p,
				const char *metric);

/* Whether rs carries declarations at all (format_version 2 and later). */
int metric_decls_present(const struct resultset *rs);

/* Unless rs has declarations, a line to out saying its metrics are information only. */
void metric_decls_note(FILE *out, const struct resultset *rs);

/*
 * The headline metrics of rs's columns, in the order the tables declare
 * them, each once: their column indices into out (rs->nmetrics long).
 * Returns how many.
 */
int metric_headlines(const struct resultset *rs, int *out);

/* Latency percentiles: compared on ranks, their samples are skewed. */
int metric_is_percentile(const char *metric);

#endif /* FABENCH_DIRECTION_H */
