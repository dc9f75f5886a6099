/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What report's figures share: the points a figure draws (its workloads,
 * its section, its "only" filter), the series and group each point belongs
 * to, a series' colour, min-max-mean of a point's samples, and names that
 * keep report.txt within 80 columns.  Nothing here names a workload or a
 * metric: all of it comes from the declarations (workloads/workload.h).
 */
#ifndef FABENCH_FIGURE_H
#define FABENCH_FIGURE_H

#include <stdio.h>

#include "analysis/resultset.h"

#define FIG_MAX_WL 16
#define FIG_MAX_LABELS 12	/* categories (or lines) on one figure at most */

/* One declared figure: its kind, the declarers, one or two metrics. */
struct figure {
	enum rs_plot kind;
	const char *x;				/* RS_PLOT_LINE: the axis */
	const char *wl[FIG_MAX_WL];		/* bars: every declarer; line: one */
	int nwl;
	const struct rs_metric_decl *m[2];	/* bars: one; line: one or two */
	int nm;
	const char *section;			/* the section drawn, NULL: every one */
	char base[64];				/* file base name before a split */
};

/* What every figure of a report knows: the run, its title suffix. */
struct fig_ctx {
	FILE *out;
	const struct resultset *rs;
	const char *plotdir;
	const char *sfx;	/* "Linux 6.18 on host" */
	const char *tcg;	/* " (indicative: TCG)" or "" */
	FILE *index;		/* the figures written, a path a line (struct plot) */
};


/* Whether fg draws p: a declarer's, of fg's section, ok, fg->m[0]'s "only". */
int fig_selects(const struct resultset *rs, const struct figure *fg,
		const struct rs_point *p);

/*
 * The point's other values: of the axes that vary over fg's points but the
 * series, fg's x and the "only" axis, space separated into buf ("memfd seq"),
 * and their names into names ("backend, pattern") when names is set.
 */
void fig_group(const struct resultset *rs, const struct figure *fg,
	       const struct rs_point *p, char *buf, size_t len, char *names, size_t nlen);
/*
 * The same over the axes every point of fg has (a value in each), when
 * that tells p from the other points of its series: one workload's own
 * axes (handlers) do not split the groups the other series share.
 */
void fig_group_shared(const struct resultset *rs, const struct figure *fg,
		      const struct rs_point *p, char *buf, size_t len, char *names,
		      size_t nlen);

/* The series value of p ("none"), or fg's metric label when no series. */
const char *fig_series(const struct resultset *rs, const struct figure *fg,
		       const struct rs_point *p);

/* The palette colour of p's series. */
const char *fig_colour(const struct resultset *rs, const struct figure *fg,
		       const struct rs_point *p);

/* min, max, mean and count of metric m at p; -1 when no value. */
struct fig_stats {
	double mean, min, max;
	int n;
};
int fig_stats(const struct resultset *rs, const struct rs_point *p, int m,
	      struct fig_stats *st);

/*
 * The subtitle: "Linux ... on host, n=3 repetitions, whiskers: min-max
 * of the repetitions" (n over fg's points; a range if they differ).
 */
void fig_subtitle(const struct fig_ctx *c, const struct figure *fg, int whiskers,
		  char *buf, size_t len);

/*
 * base, then "-suffix" (a section: the file says which), then "-<k+1>"
 * for the second and later part of a split.
 */
void fig_name(char *buf, size_t len, const char *base, const char *suffix, int k);

/* "plot NAME: skipped: WHY" within 80 columns, and a blank line. */
void fig_skipped(FILE *out, const char *name, const char *why);

/* report_lines.c: whether fg's points (of fg->section, or all) measured two x values or more. */
int fig_lines_swept(const struct fig_ctx *c, const struct figure *fg);

/* report_lines.c: a line figure (a sweep against fg->x) of one section. */
void fig_lines(const struct fig_ctx *c, struct figure *fg, const char *name);

/* report_latency.c: a latency CDF per section from hist/point-NNNN.csv. */
void report_latency_plot(const struct fig_ctx *c);

#endif /* FABENCH_FIGURE_H */
