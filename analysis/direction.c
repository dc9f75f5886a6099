// SPDX-License-Identifier: GPL-2.0-only
/* The metric direction table; see direction.h. */
#include <fnmatch.h>
#include <stddef.h>

#include "analysis/direction.h"

/*
 * First match wins, so the rates come before "ns_per_*" and friends:
 * "pages_per_sec" must not be taken for a time.
 */
static const struct {
	const char *glob;
	enum direction dir;
} table[] = {
	{ "*_per_sec", DIR_HIGHER },
	{ "pages_per_fault", DIR_HIGHER },
	{ "*_pages_per_fault", DIR_HIGHER },
	{ "ns_per_*", DIR_LOWER },
	{ "*_ns_per_*", DIR_LOWER },
	{ "us_per_*", DIR_LOWER },
	{ "*_ms", DIR_LOWER },
	{ "*_us", DIR_LOWER },
	{ "lat_*_ns", DIR_LOWER },
	{ "faults", DIR_LOWER },
	{ "missed", DIR_LOWER },
	{ "lost_wp", DIR_LOWER },
	{ "tlb_misses_per_*", DIR_LOWER },
	{ "tlb_walks_per_*", DIR_LOWER },
	{ "*_errors", DIR_LOWER },
};

enum direction metric_direction(const char *metric)
{
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (!fnmatch(table[i].glob, metric, 0))
			return table[i].dir;
	return DIR_NONE;
}

int metric_is_percentile(const char *metric)
{
	return !fnmatch("lat_p*", metric, 0) || !fnmatch("lat_max*", metric, 0);
}
