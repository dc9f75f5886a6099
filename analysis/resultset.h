/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A result directory read back: meta.json's identity fields and the
 * samples of samples.csv, grouped into points by what they measured (the
 * section and every parameter and run-axis value), not by point index, so
 * two runs of one config line up point by point.
 */
#ifndef FABENCH_RESULTSET_H
#define FABENCH_RESULTSET_H

#include <stddef.h>

struct rs_point {
	char *key;		/* identity: section and name=value of each axis */
	char *label;		/* section and the values that vary, for people */
	char **axis_val;	/* each axis's value ("" where not set) */
	int ok;			/* status "ok" on its rows */
	char *status;		/* the first other status, for skip reasons; or NULL */
	size_t nreps;
	double *val;		/* nreps x nmetrics; NAN: empty or unsupported */
};

struct resultset {
	char *dir;
	char *kernel_release;
	char *label;
	char *harness_revision;
	int format_version;
	int naxes;
	char **axis_name;	/* parameter and run-axis columns */
	int nmetrics;
	char **metric;		/* metric column names, as found */
	int npoints;
	struct rs_point *point;
};

/*
 * Fills rs from dir; on failure prints one line naming the file (and line)
 * to stderr and returns -1.  Unknown metric columns are kept.
 */
int resultset_load(const char *dir, struct resultset *rs);
void resultset_free(struct resultset *rs);

const struct rs_point *resultset_find(const struct resultset *rs, const char *key);
int resultset_metric(const struct resultset *rs, const char *name);

/* The numeric samples of one metric at one point into out (nreps long). */
size_t resultset_samples(const struct resultset *rs, const struct rs_point *p,
			 int metric, double *out);

#endif /* FABENCH_RESULTSET_H */
