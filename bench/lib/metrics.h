/* SPDX-License-Identifier: GPL-2.0-only */
/* A repetition's named metrics; a metric may be unsupported, with a reason. */
#ifndef FABENCH_METRICS_H
#define FABENCH_METRICS_H

#include <stdbool.h>

#define METRICS_MAX 96

struct metric {
	char name[48];
	double value;
	char unsupported[96];	/* non-empty: no value, this reason instead */
	bool must_be_zero;	/* a correctness count: non-zero fails the run */
};

struct metric_sink {
	int n;
	struct metric m[METRICS_MAX];
	/*
	 * A repetition's text for the result directory (history/point-N.txt):
	 * a workload's account of what happened, such as the page history of
	 * a failure.  malloc'ed; whoever holds the sink last frees it.
	 */
	char *notes;
};

void metric_put(struct metric_sink *ms, const char *name, double value);
void metric_put_unsupported(struct metric_sink *ms, const char *name,
			    const char *reason);
/* Append printf-style text to ms->notes (dropped, with a warning, if out of memory). */
__attribute__((format(printf, 2, 3)))
void metric_note(struct metric_sink *ms, const char *fmt, ...);
/* Free what the sink holds (its notes); the metrics stay readable. */
void metric_sink_release(struct metric_sink *ms);
const struct metric *metric_get(const struct metric_sink *ms, const char *name);
/*
 * A correctness count, such as writes a dirty tracker missed: recorded like
 * any metric, and a non-zero value makes `fabench run` say so loudly and
 * exit with EXIT_CORRECTNESS.
 */
void metric_put_check(struct metric_sink *ms, const char *name, double count);
/* The first failed correctness count, or NULL. */
const struct metric *metric_failed_check(const struct metric_sink *ms);

#endif /* FABENCH_METRICS_H */
