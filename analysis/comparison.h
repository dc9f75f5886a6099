/* SPDX-License-Identifier: GPL-2.0-only */
/* One metric at one point of two runs: summaries, change and its p-value. */
#ifndef FABENCH_COMPARISON_H
#define FABENCH_COMPARISON_H

#include "analysis/direction.h"
#include "analysis/resultset.h"
#include "bench/lib/stats.h"

/* The significance level of compare's marker and of regress. */
#define SIGNIFICANT_P 0.05
/*
 * Under QEMU icount a time counts instructions and the repetitions agree
 * within 0.01 % (two boots within 0.013 %, tests/vm-icount.sh), so a test
 * finds any change significant: one smaller than this (%) is none.
 */
#define ICOUNT_FLOOR_PCT 0.5
#define ICOUNT_FLOOR_TEXT "0.5 %"	/* the same, for legends */

struct metric_cmp {
	struct summary_stats base, other;
	double change_pct;	/* of the other's mean over the base's; NAN if base is 0 */
	double p;		/* two-sided; NAN when too few samples to test */
	double p_min;		/* the smallest p the rank test can give at these n */
	const char *test;	/* "welch" or "mann-whitney" */
	int exact;		/* the test's p is exact (Mann-Whitney at small n) */
	enum direction dir;	/* declared; DIR_NONE when undeclared */
	int headline;		/* declared a headline metric */
};

/* What regress does with a metric, by its declaration. */
enum cmp_gate {
	GATE_NONE,		/* information only */
	GATE_THRESHOLD,		/* a headline with a direction: worse by more than its threshold */
	GATE_ZERO,		/* a correctness count: non-zero is a failure */
	GATE_CHANGE,		/* a headline exact count (better none): a change is shown */
};

/*
 * Compares metric m of run a at point pa with the same-named metric of run
 * b at pb; -1 if neither side has a numeric sample of it.  The direction
 * and headline are b's declaration at pb, else a's at pa.
 */
int compare_metric(const struct resultset *a, const struct rs_point *pa,
		   const struct resultset *b, const struct rs_point *pb,
		   int m, struct metric_cmp *out);

/*
 * As compare_metric, with Mann-Whitney U (exact at small n) whatever the
 * metric: regress's test, which assumes nothing of the distribution.
 */
int compare_metric_ranks(const struct resultset *a, const struct rs_point *pa,
			 const struct resultset *b, const struct rs_point *pb,
			 int m, struct metric_cmp *out);

/*
 * As compare_metric_ranks, on values given (one per run: regress with
 * several runs a side) under declaration d (NULL: none); -1 if both are
 * empty.
 */
int compare_values_ranks(const double *va, size_t na, const double *vb, size_t nb,
			 const struct rs_metric_decl *d, struct metric_cmp *out);

/*
 * A rank test at these sizes cannot reach SIGNIFICANT_P: "n too small for
 * significance (smallest p = 0.1)" at 3 against 3.
 */
int cmp_too_small(const struct metric_cmp *c);

/*
 * "worse", "better", "same" for a significant or not change; "" if no
 * direction.  A correctness count: "nonzero" when the other run's is.  A
 * headline without a direction (an exact count): "changed" or "same".
 */
const char *cmp_verdict(const struct metric_cmp *c);

enum cmp_gate cmp_gate(const struct metric_cmp *c);

/* A headline exact count differs: significantly, or both sides without noise. */
int cmp_changed(const struct metric_cmp *c);

/* b's point of a's point p, NULL unless present and measured in both. */
const struct rs_point *cmp_match(const struct resultset *b, const struct rs_point *p);

/* How many of base's points other has; 0 means different configs. */
int cmp_common_points(const struct resultset *base, const struct resultset *other);

/*
 * The name column of a table: n names in at most max_w columns.  Returns
 * the column's width (the longest name if that fits) and sets shown[i] to
 * names[i] or, when too long, to an abbreviation kept distinct from every
 * other shown name: the distinguishing tail after a '~' ("~map_pages"),
 * with as much of the head before the '~' as needed.  free(shown[i]).
 */
int cmp_name_column(const char *const *names, int n, int max_w, char **shown);

#endif /* FABENCH_COMPARISON_H */
