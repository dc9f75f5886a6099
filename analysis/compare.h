/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fabench compare: every point the runs share, every metric: the base's
 * mean and CoeffVar, each other run's mean, change and significance, and
 * per metric a geometric mean over the points; with plots, grouped bars of
 * the headline metrics.
 */
#ifndef FABENCH_COMPARE_H
#define FABENCH_COMPARE_H

enum compare_format { COMPARE_TEXT, COMPARE_CSV, COMPARE_JSON };

/* "text", "csv" or "json"; -1 for anything else. */
int compare_format_parse(const char *s, enum compare_format *f);

struct compare_request {
	char *const *dirs;		/* result directories, dirs[0] the base */
	int ndirs;			/* at least 2 */
	enum compare_format format;
	const char *plots;		/* NULL, or the directory of the plots */
};

enum compare_status {
	COMPARE_OK,
	COMPARE_FAILED,			/* a plot could not be written */
	COMPARE_BAD_INPUT,		/* a run unreadable, or runs of different configs */
};

/* The comparison on stdout (text, csv or json); every error said on stderr. */
enum compare_status compare_runs(const struct compare_request *req);

#endif /* FABENCH_COMPARE_H */
