/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A run's profiles as the readers show them: a point's profile/point-NNNN.csv
 * (bench/harness/profile.h) loaded, a table of functions across points
 * (report and mail: the functions whose share differs most between the
 * points of a section first) and the changes between two runs' profiles of
 * one point (compare, as LKP's perf-profile lines give them).
 */
#ifndef FABENCH_PROFILE_TABLE_H
#define FABENCH_PROFILE_TABLE_H

#include <stdio.h>

#include "analysis/resultset.h"

struct pf_func {
	char *name;
	double self, children;	/* % of the point's samples */
};

struct pf_point {
	int n;
	struct pf_func *f;
	double samples, user, lost, period_ns;
};

/*
 * Load dir/profile/point-NNNN.csv: 0, 1 if the point has none, -1 after
 * printing "fabench: FILE:LINE: what was expected" on a malformed file.
 */
int pf_load(const char *dir, int index, struct pf_point *pp);
void pf_free(struct pf_point *pp);
/*
 * Rows of functions, a column per point (children/self %), the functions
 * whose children share spreads most across the points first, at most
 * rows of them; labels name the columns.  Fits 80 columns for up to 4
 * points.
 */
void pf_table(FILE *out, const char *const *labels, const struct pf_point *pp, int n, int rows);
/* Two profiles of one point: the functions whose shares moved most, "a -> b". */
void pf_changes(FILE *out, const struct pf_point *a, const struct pf_point *b, int rows);
/*
 * pf_changes for each point both runs profiled (fabench compare and mail,
 * LKP's perf-profile lines).  -1 after a line on stderr on a malformed file.
 */
int pf_run_changes(FILE *out, const struct resultset *a, const struct resultset *b, int rows);

#endif /* FABENCH_PROFILE_TABLE_H */
