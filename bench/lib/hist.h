/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Latency histogram: log2 buckets, each split into 16 linear sub-buckets
 * (the layout pmbench uses), so the relative resolution is 1/16 at every
 * magnitude and recording costs a count-leading-zeros and an increment.
 * Values are raw timer ticks; conversion to ns happens when reporting.
 */
#ifndef FABENCH_HIST_H
#define FABENCH_HIST_H

#include <stddef.h>
#include <stdint.h>

#define HIST_SUB_BITS 4
#define HIST_SUB 16			/* linear sub-buckets per power of two */
/* values 0..15 get a bucket each; each exponent 4..63 gets 16 more */
#define HIST_BUCKETS (HIST_SUB + (64 - HIST_SUB_BITS) * HIST_SUB)

struct hist {
	uint64_t count;
	uint64_t sum;			/* saturates rather than wraps */
	uint64_t min;
	uint64_t max;
	uint64_t bucket[HIST_BUCKETS];
};

static inline unsigned int hist_bucket_of(uint64_t v)
{
	unsigned int e;

	if (v < HIST_SUB)
		return (unsigned int)v;
	e = 63 - (unsigned int)__builtin_clzll(v);	/* e >= 4 */
	return (e - HIST_SUB_BITS + 1) * HIST_SUB +
	       (unsigned int)((v >> (e - HIST_SUB_BITS)) & (HIST_SUB - 1));
}

static inline void hist_add(struct hist *h, uint64_t v)
{
	h->bucket[hist_bucket_of(v)]++;
	h->count++;
	h->sum = h->sum + v < h->sum ? UINT64_MAX : h->sum + v;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
}

void hist_init(struct hist *h);
void hist_merge(struct hist *dst, const struct hist *src);
/* Inclusive lower and exclusive upper bound of bucket b. */
uint64_t hist_bucket_low(unsigned int b);
uint64_t hist_bucket_high(unsigned int b);
/*
 * Value at quantile q (0 < q <= 1): the smallest bucket whose cumulative
 * count reaches ceil(q * count), reported at that bucket's midpoint and
 * clamped to [min, max].  0 for an empty histogram.
 */
double hist_quantile(const struct hist *h, double q);
double hist_mean(const struct hist *h);

#endif /* FABENCH_HIST_H */
