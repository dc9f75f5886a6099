// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz harness of the threshold file parser (analysis/thresholds.c), as
 * `fabench regress` uses it.
 *
 * Input: text.  Lines at the top that start with "%t " are --threshold
 * overrides ("metric_glob=percent"); the rest is the thresholds file.
 */
#include <string.h>

#include "analysis/thresholds.h"
#include "tests/fuzz/fuzz.h"

#define MAX_OVERRIDES 64

/* metric names the globs are matched against */
static const char *const metrics[] = {
	"ns_per_page", "pages_per_sec", "wall_ms", "punch_us", "lat_p99_ns",
	"faults", "lost", "",
};

void fuzz_setup(void)
{
}

void fuzz_one(char *data, size_t len)
{
	char *overrides[MAX_OVERRIDES], *text;
	struct thresholds t;
	size_t i;
	int n = 0, j;

	text = fuzz_take_lines(data, "%t ", overrides, MAX_OVERRIDES, &n);
	thresholds_init(&t);
	if (!thresholds_load(&t, fuzz_memfd_path(text, len - (size_t)(text - data)))) {
		for (j = 0; j < n; j++)
			if (thresholds_override(&t, overrides[j]))
				break;
		for (i = 0; i < sizeof(metrics) / sizeof(metrics[0]); i++)
			threshold_for(&t, metrics[i]);
	}
	thresholds_free(&t);
}
