// SPDX-License-Identifier: GPL-2.0-only
/* Histogram merge, bucket bounds and quantiles; see hist.h for the layout. */
#include <math.h>
#include <string.h>

#include "bench/lib/hist.h"

void hist_init(struct hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

void hist_merge(struct hist *dst, const struct hist *src)
{
	unsigned int i;

	for (i = 0; i < HIST_BUCKETS; i++)
		dst->bucket[i] += src->bucket[i];
	dst->count += src->count;
	dst->sum = dst->sum + src->sum < dst->sum ? UINT64_MAX : dst->sum + src->sum;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
}

uint64_t hist_bucket_low(unsigned int b)
{
	unsigned int e;

	if (b < HIST_SUB)
		return b;
	e = b / HIST_SUB + HIST_SUB_BITS - 1;
	return (uint64_t)(HIST_SUB + b % HIST_SUB) << (e - HIST_SUB_BITS);
}

uint64_t hist_bucket_high(unsigned int b)
{
	if (b + 1 >= HIST_BUCKETS)
		return UINT64_MAX;
	return hist_bucket_low(b + 1);
}

double hist_quantile(const struct hist *h, double q)
{
	uint64_t rank, seen = 0;
	unsigned int b;
	double mid;

	if (!h->count)
		return 0;
	if (q <= 0)
		return (double)h->min;
	rank = (uint64_t)ceil(q * (double)h->count);
	if (rank < 1)
		rank = 1;
	if (rank > h->count)
		rank = h->count;
	for (b = 0; b < HIST_BUCKETS; b++) {
		seen += h->bucket[b];
		if (seen >= rank)
			break;
	}
	if (b >= HIST_BUCKETS)
		return (double)h->max;
	if (b < HIST_SUB)
		mid = (double)b;	/* exact below 16 */
	else
		mid = ((double)hist_bucket_low(b) + (double)hist_bucket_high(b) - 1) / 2;
	if (mid < (double)h->min)
		mid = (double)h->min;
	if (mid > (double)h->max)
		mid = (double)h->max;
	return mid;
}

double hist_mean(const struct hist *h)
{
	return h->count ? (double)h->sum / (double)h->count : 0;
}
