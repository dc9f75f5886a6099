/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fabench variants: runs of one config on several kernels (the 2x2 design
 * of stock, armed-off, fa-wp and preunmap-removal) side by side, one
 * column per run, in tables that fit an 80-column mail: per workload the
 * runs measured, its headline metrics and correctness counts as the base
 * run's meta.json "metrics" declares them.
 */
#ifndef FABENCH_VARIANTS_H
#define FABENCH_VARIANTS_H

#include <stdbool.h>
#include <stdio.h>

#include "analysis/resultset.h"

#define VAR_COLS 80

/* One run and what meta.json says about the machine it ran on. */
struct var_run {
	struct resultset rs;
	char *name;		/* label, or the kernel release; unique */
	char *kernel;		/* vm.kernel (the variant), or "" */
	char *arch;
	char *accel;		/* "tcg", "kvm", or "native" outside a guest */
	char *accel_reason;
	char *times;		/* vm.times, or "" */
};

struct variants {
	int n;
	struct var_run *run;
	int base;		/* the baseline's index */
	bool tcg;		/* some run's times were emulated */
};

/*
 * Loads every directory and checks they ran the same points and carry
 * metric declarations; on failure prints one line naming the directory or
 * file and returns -1.  baseline names a run (NULL: "stock" if present,
 * else the first).
 */
int variants_load(struct variants *v, int n, char **dirs, const char *baseline);
void variants_free(struct variants *v);

/* The run whose variant (vm.kernel) or name is want; -1 if none. */
int variants_find(const struct variants *v, const char *want);

/* The whole report. */
void variants_print(FILE *out, const struct variants *v);

/* variants_head.c: the runs, and the TCG banner. */
void variants_header(FILE *out, const struct variants *v);
/* One line of at most VAR_COLS columns, a cut marked with '~'. */
void variants_line(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A table's title line, marked indicative under TCG when times is set. */
void variants_title(FILE *out, const struct variants *v, const char *title, bool times);

/* variants_grid.c: a table of points by runs; cell texts from a callback. */
struct var_grid {
	const char *workload;	/* the rows: the base run's points of this workload */
	/* the cell of run r at its point p (measured); false: no value */
	bool (*cell)(const struct variants *v, int r, const struct rs_point *p,
		     void *arg, char *buf, size_t len);
	void *arg;
};
/* Prints the table; 0 when the base run has no point of the workload. */
int variants_grid(FILE *out, const struct variants *v, const struct var_grid *g);

/*
 * What a row shows for axis a of p (rs->naxes: the section): "-" where the
 * point has no value, or one that means nothing for it.
 */
const char *variants_axis_text(const struct resultset *rs, const struct rs_point *p, int a);

/* Point p as variants_grid's rows name it: "a=1 b=2". */
void variants_point_name(const struct variants *v, const char *workload,
			 const struct rs_point *p, char *buf, size_t len);

/*
 * variants_cell.c: run r's point of the base run's point p (NULL if
 * absent); the helpers below take the base run's point and look up run r's.
 */
const struct rs_point *variants_point(const struct variants *v, int r,
				      const struct rs_point *p);
/* Mean of metric name at p of run r; false when no sample. */
bool variants_mean(const struct variants *v, int r, const struct rs_point *p,
		   const char *name, double *mean);
/* Sum over the repetitions; false when no sample. */
bool variants_sum(const struct variants *v, int r, const struct rs_point *p,
		  const char *name, double *sum);
/* The value every repetition had; false when none, or they differ. */
bool variants_same(const struct variants *v, int r, const struct rs_point *p,
		   const char *name, double *value);
/* A number in at most 4 significant digits, no exponent below 1e7. */
const char *variants_num(double x, char *buf, size_t len);
/*
 * Run r's mean over run ref's at p, and the p-value of the difference
 * (Welch, as compare judges it; NAN when too few samples); false when
 * either has no sample or ref's mean is 0.
 */
bool variants_ratio(const struct variants *v, int ref, int r, const struct rs_point *p,
		    const char *name, double *ratio, double *pval);
/*
 * Whether run r differs from ref in name at p: p < SIGNIFICANT_P, and,
 * where both count instructions (QEMU icount), by ICOUNT_FLOOR_PCT or
 * more.  The one judgement of the tables, the figure and the mail.
 */
bool variants_differs(const struct variants *v, int ref, int r, const struct rs_point *p,
		      const char *name, double *ratio);

/* variants_workload.c: one workload's tables, from its headline declarations. */
/* Some run has a sample of name at some point of workload. */
bool variants_measured(const struct variants *v, const char *workload, const char *name);
void variants_workload(FILE *out, const struct variants *v, const char *workload);

/*
 * variants_counts.c: the workload's better=zero metrics (correctness
 * counts); returns how many of them are headlines (tabled).
 */
int variants_counts(FILE *out, const struct variants *v, const char *workload);

/*
 * variants_verdicts.c: the workload's marked counts (declared with a
 * "mark") as one table of letters, every row or (a mail) those with a
 * letter other than '.'; returns 0 when it declares none.
 */
int variants_verdicts(FILE *out, const struct variants *v, const char *workload, bool all_rows);

/*
 * The base run's declaration of metric name for workload: its own where
 * samples.csv has the column, else the harness's where some run measured
 * it at some point of the workload; NULL otherwise.
 */
const struct rs_metric_decl *variants_decl(const struct variants *v, const char *workload,
					   const char *name);

/*
 * variants_figure.c: the 2x2 figure, DIR/NAME.{gp,dat,png,svg}: per
 * workload and headline metric a panel of the points where a run differs
 * from the baseline (better none: the value; lower or higher: the ratio
 * over the baseline's mean where Welch's p < 0.05; zero: counts that are
 * not 0), one bar per run, min-max whiskers.  The figure's paths, what no
 * panel shows and the text version go to out.  Returns 0, or -1 after a
 * message on stderr.
 */
int variants_figure(FILE *out, const struct variants *v, const char *dir, const char *name);

#endif /* FABENCH_VARIANTS_H */
