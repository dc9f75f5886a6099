/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Runs side by side: figures of bars, one bar per run at each point, in
 * panels of at most RP_MAX_CATS points, through gnuplot (PNG, SVG and an
 * 80-column text version).  compare --plots draws one figure per headline
 * metric with each run's % change and significance; fabench variants
 * draws its 2x2 figure (variants_figure.c) with the same renderer.
 */
#ifndef FABENCH_COMPARE_PLOTS_H
#define FABENCH_COMPARE_PLOTS_H

#include <stdbool.h>
#include <stdio.h>

#include "analysis/resultset.h"

/* The most points (x axis labels) one panel shows; more go to another panel. */
#define RP_MAX_CATS 12
/* The most panels one figure file holds; more go to another file. */
#define RP_MAX_PANELS 8
#define RP_TEXT 96

/* One run's bar at one point: NAN y draws none. */
struct rp_bar {
	double y, lo, hi;		/* value and its whisker interval */
	char mark[24];			/* written above the bar ("+12.3%*"), or "" */
};

struct rp_panel {
	char title[RP_TEXT * 2];
	char ylabel[RP_TEXT];
	char xlabel[RP_TEXT];		/* what the tick labels' lines name */
	bool ratio;			/* bars grow from 1 on a log2 axis */
	bool logy;			/* values span a decade: log10 axis */
	int ncat;
	char cat[RP_MAX_CATS][RP_TEXT];	/* tick labels, lines split by '\n' */
	struct rp_bar *bar;		/* ncat x nseries, category major */
};

struct rp_figure {
	const char *dir;		/* where NAME.{gp,dat,png,svg,txt} go */
	const char *name;
	const char *shown;		/* dir as the text names it, or "" */
	char title[RP_TEXT * 2];	/* the question the figure answers */
	char subtitle[RP_TEXT * 3];	/* kernels, machine, n, whiskers */
	int nseries;
	char (*series)[RP_TEXT];	/* legend: one per run */
	const char **colour;		/* one per series */
	int npanels;
	struct rp_panel *panel;
};

/* A panel appended to f, its bars all NAN; never NULL (aborts on ENOMEM). */
struct rp_panel *rp_panel_add(struct rp_figure *f);
void rp_figure_free(struct rp_figure *f);

/*
 * Writes NAME.dat and NAME.gp, runs gnuplot and appends "figure NAME:
 * DIR/NAME.{png,svg}" and the text version to out.  Returns 0, or -1 after
 * saying why on out.
 */
int rp_render(const struct rp_figure *f, FILE *out);

/*
 * pn's tick labels (cat) for points pt[0..n) of rs: the values of the
 * axes that vary among them, one line each (the section only where needed
 * to tell two apart), their names into pn->xlabel; the axes that do not vary among them
 * but do among all[0..nall) (the figure's points) as "name=value" into
 * fixed.  text(rs, p, a) gives the value shown (NULL:
 * the value as recorded, "-" for none).
 */
void rp_point_labels(const struct resultset *rs, const struct rs_point *const *pt, int n,
		     const struct rs_point *const *all, int nall,
		     const char *(*text)(const struct resultset *rs, const struct rs_point *p,
					 int a),
		     struct rp_panel *pn, char *fixed, size_t flen);

/* "x86_64, <cpu model>, N CPUs" from DIR/meta.json; "" when unreadable. */
void rp_machine(const char *dir, char *buf, size_t len);

/*
 * For each headline metric the base run declares (meta.json "metrics"),
 * but the correctness counts, DIR/METRIC.{gp,dat,png,svg}: one bar per run
 * at every point all runs share (min-max whiskers), each other run's
 * %change over the base and '*' where significant; the text renderings go
 * to out.  run[0] is the base.  Returns 0, or -1 after a message on stderr.
 */
int compare_plots(const char *dir, const struct resultset *run, int nrun, FILE *out);

#endif /* FABENCH_COMPARE_PLOTS_H */
