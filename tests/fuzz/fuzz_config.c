// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz harness of the config parser (bench/harness/config.c) with -p
 * overrides, and the matrix it expands to (bench/harness/matrix.c), as
 * `fabench run` calls them (bench/harness/schedule.c).
 *
 * Input: text.  Lines at the top that start with "%p " are overrides
 * ("section.key=value", as `fabench run -p`); the rest is the config file.
 */
#include <string.h>

#include "bench/harness/config.h"
#include "bench/harness/matrix.h"
#include "tests/fuzz/fuzz.h"

#define MAX_OVERRIDES 64	/* as bench/cli/cmd_run.c */
/* a fixed MemAvailable: the same input behaves alike on every machine */
#define FUZZ_MEM_AVAILABLE (8ull << 30)
/* the points whose labels are formatted */
#define LABELLED_POINTS 64

void fuzz_setup(void)
{
}

void fuzz_one(char *data, size_t len)
{
	static struct config cfg;	/* large: not on the stack */
	char *overrides[MAX_OVERRIDES], label[1024], *text;
	struct matrix m;
	int n = 0, i;

	text = fuzz_take_lines(data, "%p ", overrides, MAX_OVERRIDES, &n);
	if (config_load(&cfg, fuzz_memfd_path(text, len - (size_t)(text - data)),
			overrides, n, FUZZ_MEM_AVAILABLE))
		return;
	config_run_raw(&cfg, RP_EVENTS);
	config_run_value(&cfg, RP_REPEAT);
	if (matrix_expand(&cfg, &m))
		return;
	for (i = 0; i < m.npoints && i < LABELLED_POINTS; i++) {
		matrix_point_label(&m.points[i], label, sizeof(label));
		matrix_point_axes(&cfg, &m.points[i], label, sizeof(label));
	}
	matrix_free(&m);
}
