/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A result directory read back: meta.json's identity fields and the
 * samples of samples.csv, grouped into points by what they measured (the
 * section and every parameter and run-axis value), not by point index, so
 * two runs of one config line up point by point.
 */
#ifndef FABENCH_RESULTSET_H
#define FABENCH_RESULTSET_H

#include <stdbool.h>
#include <stddef.h>

/* A metric's declaration, from meta.json's "metrics" (workloads/workload.h). */
enum rs_better { RS_BETTER_NONE, RS_BETTER_LOWER, RS_BETTER_HIGHER, RS_BETTER_ZERO };
enum rs_plot { RS_PLOT_NONE, RS_PLOT_BARS, RS_PLOT_LINE };

struct rs_metric_decl {
	char *name;		/* a metric name, or a glob ("*_ms") in the harness table */
	/*
	 * The name as tables and figures show it: under QEMU icount its time
	 * word renamed as the unit is (ns_per_page -> ins_per_page, punch_us
	 * -> punch_Kins); else the name.  samples.csv, thresholds.conf and
	 * regress keep the name.
	 */
	char *shown;
	char *unit;
	char *label;
	enum rs_better better;
	int headline;
	enum rs_plot plot;
	char *plot_x;		/* RS_PLOT_LINE's x axis, else "" */
	char *plot_xlabel;	/* its label, else "" */
	char *series;		/* the axis a bar or line per value, else "" */
	char *only;		/* "axis=value": plot those points only, if any; or "" */
	char *note;		/* bars: the metric written on each bar, or "" */
	int log_y;		/* log y where the values span a decade */
	char **series_values;	/* every value series can take, in the harness's order */
	int nseries_values;	/* (a colour each); 0 in older results */
	char *mark;		/* a verdict count's letter ("L"), else "" */
};

/* One table of declarations: a workload's, or the harness's ("*"). */
struct rs_decl_table {
	char *workload;
	int n;
	struct rs_metric_decl *decl;
};

struct rs_point {
	char *key;		/* identity: section and name=value of each axis */
	char *label;		/* section and the values that vary, for people */
	char **axis_val;	/* each axis's value ("" where not set); [naxes]: the section */
	char *workload;		/* the workload column */
	int index;		/* the run's point number (profile/point-NNNN), -1: none */
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
	int tcg;		/* run in a QEMU guest under TCG: times emulated */
	/*
	 * under QEMU icount: times count instructions, and the declarations'
	 * time units say so ("ins", "Kins", "pages/Gins")
	 */
	int icount;
	int format_version;
	int naxes;
	char **axis_name;	/* parameter and run-axis columns */
	int nmetrics;
	char **metric;		/* metric column names, as found */
	int npoints;
	struct rs_point *point;
	int ntables;		/* meta.json "metrics": none in format_version < 2 */
	struct rs_decl_table *table;
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

/*
 * A point's value of axis: "workload" and "section" name those columns;
 * "" where the axis is not set or unknown.
 */
/* The index of the axis named name (a parameter or run-axis column), or -1. */
int resultset_axis(const struct resultset *rs, const char *name);
const char *resultset_point_value(const struct resultset *rs, const struct rs_point *p,
				  const char *axis);
/* Whether axis a varies within p's section: two of its points differ on it. */
int resultset_axis_varies(const struct resultset *rs, const struct rs_point *p, int a);

/*
 * 0 if rs carries metric declarations, else -1 after one line on stderr
 * (format_version 1: run with a newer fabench).
 */
int resultset_require_decls(const struct resultset *rs);

/*
 * What a point's metric means: its workload's declaration, else the
 * harness's (a glob may match), else NULL (undeclared: information only).
 */
const struct rs_metric_decl *resultset_decl(const struct resultset *rs,
					    const struct rs_point *p, const char *metric);
/*
 * Whether d's "only" ("timing=throughput") keeps point p: p has that value,
 * or no ok point of p's section has it (the section measured nothing else).
 * A declaration without "only" keeps every point.
 */
bool resultset_decl_keeps(const struct resultset *rs, const struct rs_metric_decl *d,
			  const struct rs_point *p);

/* The same by workload name; NULL workload: the harness table only. */
const struct rs_metric_decl *resultset_decl_by_workload(const struct resultset *rs,
							const char *workload,
							const char *metric);

#endif /* FABENCH_RESULTSET_H */
