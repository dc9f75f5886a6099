/* SPDX-License-Identifier: GPL-2.0-only */
/* Which way each metric is better, by the shape of its name. */
#ifndef FABENCH_DIRECTION_H
#define FABENCH_DIRECTION_H

enum direction {
	DIR_NONE = 0,		/* a count or a setting: no verdict */
	DIR_LOWER = -1,		/* times, faults, latencies, misses */
	DIR_HIGHER = 1,		/* rates */
};

enum direction metric_direction(const char *metric);

/* Latency percentiles: compared on ranks, their samples are skewed. */
int metric_is_percentile(const char *metric);

#endif /* FABENCH_DIRECTION_H */
