// SPDX-License-Identifier: GPL-2.0-only
/* Mean, median, sample stddev, CoeffVar, its robust twin, min and max. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench/lib/stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median_of_sorted(const double *s, size_t n)
{
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* The q-quantile of sorted s, interpolated between the ranks around (n - 1) q. */
static double quantile_of_sorted(const double *s, size_t n, double q)
{
	double at = (double)(n - 1) * q;
	size_t lo = (size_t)at;

	return lo + 1 < n ? s[lo] + (at - (double)lo) * (s[lo + 1] - s[lo]) : s[lo];
}

void stats_summarize(const double *v, size_t n, struct summary_stats *out)
{
	double sum = 0, sq = 0, *sorted;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!n)
		return;
	sorted = malloc(n * sizeof(*sorted));
	if (!sorted)
		abort();
	memcpy(sorted, v, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_double);
	for (i = 0; i < n; i++)
		sum += v[i];
	out->n = n;
	out->mean = sum / (double)n;
	for (i = 0; i < n; i++)
		sq += (v[i] - out->mean) * (v[i] - out->mean);
	out->stddev = n > 1 ? sqrt(sq / (double)(n - 1)) : 0;
	out->coeff_var = out->mean != 0 ? out->stddev / fabs(out->mean) * 100 : 0;
	out->median = median_of_sorted(sorted, n);
	out->min = sorted[0];
	out->max = sorted[n - 1];
	out->robust_cv = out->median != 0 ?
			 (quantile_of_sorted(sorted, n, 0.75) - quantile_of_sorted(sorted, n, 0.25)) /
			 1.349 / fabs(out->median) * 100 : 0;
	free(sorted);
}
