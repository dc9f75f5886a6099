/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The noise floor of a metric learned from A/A runs: the largest change
 * of its mean seen between any two runs of one config on one machine.
 */
#ifndef FABENCH_NOISE_H
#define FABENCH_NOISE_H

#include <stddef.h>

/*
 * The largest |%change| of mean[j] over mean[i] for any two runs i != j,
 * each taken as the base in turn (so 100 and 130 give 30, not 23.1);
 * NAN with fewer than two means.  A NAN mean is left out, and so is a
 * zero one as a base (its %change is undefined).
 */
double noise_floor_pct(const double *mean, size_t n);

#endif /* FABENCH_NOISE_H */
