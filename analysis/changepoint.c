// SPDX-License-Identifier: GPL-2.0-only
/* E-divisive means change points; see changepoint.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/changepoint.h"
#include "bench/lib/prng.h"

/* Shuffles score within this share of the observed q count as equal. */
#define Q_REL_EPS 1e-9

const struct ediv_opts ediv_defaults = {
	.min_size = EDIV_MIN_SIZE,
	.permutations = EDIV_PERMUTATIONS,
	.p_max = EDIV_P,
	.seed = EDIV_SEED,
};

/* q from the three distance sums of a split into n1 and n2 values. */
static double score(double between, double left, double right, int n1, int n2)
{
	double e = 2 * between / ((double)n1 * n2) -
		   left / ((double)n1 * (n1 - 1) / 2) -
		   right / ((double)n2 * (n2 - 1) / 2);

	return (double)n1 * n2 / (n1 + n2) * e;
}

double ediv_q(const double *x, int n, int tau)
{
	double between = 0, left = 0, right = 0;
	int i, j;

	if (tau < 2 || tau > n - 2)
		return NAN;
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			double d = fabs(x[i] - x[j]);

			if (j < tau)
				left += d;
			else if (i >= tau)
				right += d;
			else
				between += d;
		}
	return score(between, left, right, tau, n - tau);
}

/*
 * Every split in O(n^2): the within sums of the two sides are updated as
 * tau moves right by one (x[tau] leaves the right side, joins the left),
 * and the between sum is what the total leaves of them.
 */
double ediv_best(const double *x, int n, int min_size, int *tau)
{
	double total = 0, left = 0, right, best = NAN, q;
	int i, j, t;

	*tau = -1;
	if (min_size < 2)
		min_size = 2;
	if (n < 2 * min_size)
		return NAN;
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			total += fabs(x[i] - x[j]);
	right = total;
	for (t = 1; t <= n - min_size; t++) {
		/* x[t - 1] moves from the right side to the left */
		for (i = 0; i < t - 1; i++)
			left += fabs(x[t - 1] - x[i]);
		for (j = t; j < n; j++)
			right -= fabs(x[t - 1] - x[j]);
		if (t < min_size)
			continue;
		q = score(total - left - right, left, right, t, n - t);
		if (*tau < 0 || q > best) {
			best = q;
			*tau = t;
		}
	}
	return best;
}

/* Fisher-Yates over x[0..n) */
static void shuffle(double *x, int n, uint64_t *s)
{
	double t;
	int i, j;

	for (i = n - 1; i > 0; i--) {
		j = (int)(prng_next(s) % (uint64_t)(i + 1));
		t = x[i];
		x[i] = x[j];
		x[j] = t;
	}
}

/* seg[0..nseg] are the segments' bounds: segment k is [seg[k], seg[k+1]) */
static int insert_bound(int *seg, int nseg, int at)
{
	int k = nseg;

	while (k > 0 && seg[k] > at) {
		seg[k + 1] = seg[k];
		k--;
	}
	seg[k + 1] = at;
	return nseg + 1;
}

int ediv_changes(const double *x, int n, const struct ediv_opts *o,
		 struct ediv_change *out, int max)
{
	double *perm, q, best, pmax;
	int *seg, nseg = 1, nout = 0, k, r, t, at, hits, i;
	uint64_t s = o->seed ? o->seed : EDIV_SEED;

	if (n < 2 * (o->min_size < 2 ? 2 : o->min_size) || max <= 0)
		return 0;
	perm = malloc((size_t)n * sizeof(*perm));
	seg = malloc(((size_t)n + 2) * sizeof(*seg));
	if (!perm || !seg)
		abort();
	seg[0] = 0;
	seg[1] = n;
	while (nout < max) {
		best = NAN;
		at = -1;
		for (k = 0; k < nseg; k++) {
			q = ediv_best(x + seg[k], seg[k + 1] - seg[k], o->min_size, &t);
			if (t >= 0 && (at < 0 || q > best)) {
				best = q;
				at = seg[k] + t;
			}
		}
		if (at < 0 || !(best > 0))
			break;
		hits = 0;
		for (r = 0; r < o->permutations; r++) {
			memcpy(perm, x, (size_t)n * sizeof(*perm));
			pmax = -INFINITY;
			for (k = 0; k < nseg; k++) {
				shuffle(perm + seg[k], seg[k + 1] - seg[k], &s);
				q = ediv_best(perm + seg[k], seg[k + 1] - seg[k],
					      o->min_size, &t);
				if (t >= 0 && q > pmax)
					pmax = q;
			}
			if (pmax >= best - Q_REL_EPS * fabs(best))
				hits++;
			/* not significant whatever the rest give */
			if ((1.0 + hits) / (1.0 + o->permutations) >= o->p_max)
				break;
		}
		q = (1.0 + hits) / (1.0 + o->permutations);
		if (!(q < o->p_max))
			break;
		for (i = nout; i > 0 && out[i - 1].at > at; i--)
			out[i] = out[i - 1];
		out[i] = (struct ediv_change){ .at = at, .q = best, .p = q };
		nout++;
		nseg = insert_bound(seg, nseg, at);
	}
	free(perm);
	free(seg);
	return nout;
}

double ediv_min_p(int n, int min_size)
{
	double c = 1;
	int i, k = n / 2;

	if (min_size < 2)
		min_size = 2;
	if (n < 2 * min_size)
		return 1;
	for (i = 1; i <= k; i++)	/* C(n, k), exact in a double for n <= 60 or so */
		c = c * (n - k + i) / i;
	return fmin(1, 2 / c);
}
