/* SPDX-License-Identifier: GPL-2.0-only */
/* The cross product of a config's axes: the list of points to run. */
#ifndef FABENCH_MATRIX_H
#define FABENCH_MATRIX_H

#include "bench/harness/config.h"

struct matrix_point {
	int index;				/* 0-based, in run order */
	const struct config_section *sec;
	struct param_value vals[CONFIG_MAX_PARAMS];	/* workload params */
	struct param_value run[RP_COUNT];	/* [run] values, timing axis */
};

struct matrix {
	int npoints;
	struct matrix_point *points;
};

/* 0, or -1 with one error line on stderr (too many points). */
int matrix_expand(const struct config *cfg, struct matrix *m);
void matrix_free(struct matrix *m);
/* "backend=memfd size=64M ... timing=latency" for progress and errors */
void matrix_point_label(const struct matrix_point *pt, char *buf, size_t len);
/* " uffd=wp timing=latency": only the keys with more than one value */
void matrix_point_axes(const struct config *cfg, const struct matrix_point *pt,
		       char *buf, size_t len);

#endif /* FABENCH_MATRIX_H */
