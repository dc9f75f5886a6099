/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One colour per value of a series axis (a uffd mode, a dirty-tracking
 * method, a run), the same in every figure and every run: colour-blind safe
 * (Okabe and Ito's eight colours, black last).  A value's colour is its
 * index in the series_values the harness declared for the axis (every
 * value it can take, meta.json "metrics"), so no workload or value is
 * named here; in older results, its rank in the order the points ran.
 */
#ifndef FABENCH_PALETTE_H
#define FABENCH_PALETTE_H

#include "analysis/resultset.h"

#define PALETTE_SIZE 8

/* "#0072B2": colour index i (wraps after PALETTE_SIZE). */
const char *palette_colour(int i);

/*
 * The colour index of value on axis in rs: its index in a declaration's
 * series_values for axis, else (older results) its rank among the distinct
 * values of that axis over rs's points, in point order.  axis "workload"
 * ranks the points' workloads, "section" their sections.  A value rs does
 * not have gets the next free index after them.
 */
int palette_index(const struct resultset *rs, const char *axis, const char *value);

#endif /* FABENCH_PALETTE_H */
