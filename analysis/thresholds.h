/* SPDX-License-Identifier: GPL-2.0-only */
/* Per-metric regression thresholds: glob = percent, from an INI file. */
#ifndef FABENCH_THRESHOLDS_H
#define FABENCH_THRESHOLDS_H

#define THRESHOLDS_MAX 64

struct thresholds {
	int n;
	char *glob[THRESHOLDS_MAX];
	double pct[THRESHOLDS_MAX];
	double fallback;	/* "default", 10 unless set */
};

void thresholds_init(struct thresholds *t);
void thresholds_free(struct thresholds *t);

/* [thresholds] of path; one error line and -1 on failure. */
int thresholds_load(struct thresholds *t, const char *path);

/* The thresholds fabench ships, found as thresholds_load_or_shipped says. */
#define THRESHOLDS_SHIPPED "configs/thresholds.conf"

/*
 * file when given; else THRESHOLDS_SHIPPED of the working directory, else
 * of the tree the binary was built in (BUILD/fabench), so regress agrees
 * with itself wherever it is run from; else, with a note on stderr, the
 * fallback for every metric.  -1 as thresholds_load.
 */
int thresholds_load_or_shipped(struct thresholds *t, const char *file);

/* "glob=pct" from the command line; it wins over the file's entries. */
int thresholds_override(struct thresholds *t, const char *arg);

double threshold_for(const struct thresholds *t, const char *metric);

#endif /* FABENCH_THRESHOLDS_H */
