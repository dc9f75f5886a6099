// SPDX-License-Identifier: GPL-2.0-only
/* The noise floor learned from A/A runs; see noise.h. */
#include <math.h>

#include "analysis/noise.h"

double noise_floor_pct(const double *mean, size_t n)
{
	double floor = NAN, pct;
	size_t i, j, used = 0;

	for (i = 0; i < n; i++)
		used += !isnan(mean[i]);
	if (used < 2)
		return NAN;
	for (i = 0; i < n; i++) {
		if (isnan(mean[i]) || mean[i] == 0)
			continue;
		for (j = 0; j < n; j++) {
			if (j == i || isnan(mean[j]))
				continue;
			pct = fabs((mean[j] - mean[i]) / mean[i]) * 100;
			if (isnan(floor) || pct > floor)
				floor = pct;
		}
	}
	return floor;
}
