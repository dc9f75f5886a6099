/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Change points in a series of values by e-divisive means (Matteson and
 * James 2014, "A Nonparametric Approach for Multiple Change Point Analysis
 * of Multivariate Data"), univariate, alpha = 1.
 *
 * A split of x[s..e) at tau into X = x[s..tau) (n1 values) and
 * Y = x[tau..e) (n2 values) is scored by
 *
 *   q = n1 n2 / (n1 + n2) * (2/(n1 n2) sum |x - y|
 *                            - 1/C(n1,2) sum_{i<j} |x_i - x_j|
 *                            - 1/C(n2,2) sum_{i<j} |y_i - y_j|)
 *
 * the between-sample distance less the within-sample ones.  Hierarchical:
 * each segment found so far (at first the whole series) proposes its best
 * split, the largest q of all is tested, and if significant the segment
 * is cut there and the search goes on; it stops at the first split that is
 * not.  The test is a permutation test as in the paper: the values of each
 * segment are shuffled within it, the largest best-split q over the
 * segments taken, and p = (1 + shuffles at least as large) / (1 +
 * shuffles), the shuffling stopped as soon as p cannot end below the
 * level.  The shuffles come from a fixed seed (bench/lib/prng.h), so the
 * same series gives the same answer every time.  999 shuffles, not 199:
 * a clean step in 8 values has a p of about 2/70 = 0.029, and 199
 * shuffles put the estimate at 0.05 or over for 233 of 2000 seeds tried
 * (999 shuffles: for 2 of them).
 *
 * Every split here cuts a segment into the whole of its two sides (the
 * paper's second end point kappa is the segment's end).
 */
#ifndef FABENCH_CHANGEPOINT_H
#define FABENCH_CHANGEPOINT_H

#include <stdint.h>

#define EDIV_MIN_SIZE 3		/* values on each side of a split, at least */
#define EDIV_PERMUTATIONS 999
#define EDIV_P 0.05		/* a split is significant below this p */
#define EDIV_SEED 0x5eed2014c0ffee01ull

struct ediv_opts {
	int min_size;		/* >= 2: C(n, 2) of a side must not be 0 */
	int permutations;
	double p_max;
	uint64_t seed;		/* not 0 */
};

/* EDIV_MIN_SIZE, EDIV_PERMUTATIONS, EDIV_P, EDIV_SEED */
extern const struct ediv_opts ediv_defaults;

struct ediv_change {
	int at;			/* the index of the first value after the step */
	double q;		/* the split's score */
	double p;		/* its permutation p */
};

/* q of splitting x[0..n) at tau (1 < tau < n - 1); NAN otherwise. */
double ediv_q(const double *x, int n, int tau);

/*
 * The split of x[0..n) with the largest q, both sides at least min_size
 * long, into *tau; returns its q, or NAN (and *tau = -1) when n is under
 * 2 min_size.  Ties go to the first.
 */
double ediv_best(const double *x, int n, int min_size, int *tau);

/*
 * The change points of x[0..n), ordered by index, at most max into out;
 * returns how many.  A series whose values are all equal has none.
 */
int ediv_changes(const double *x, int n, const struct ediv_opts *o,
		 struct ediv_change *out, int max);

/*
 * The smallest p a series of n values can reach, 2 / C(n, n/2): the
 * shuffles that keep the observed split's two sets of values, or swap
 * them, score the same (q is symmetric), so p >= that share of them.
 * 1 when n is under 2 min_size (no split at all).  A series whose
 * smallest p is not below p_max is too short to show any change.
 */
double ediv_min_p(int n, int min_size);

#endif /* FABENCH_CHANGEPOINT_H */
