// SPDX-License-Identifier: GPL-2.0-only
/* `fabench restore`: put back the kernel knobs a killed run left changed. */
#include <stdio.h>

#include "bench/cli/commands.h"
#include "bench/kernel/knobs/knobs.h"

int cmd_restore(int argc, char **argv)
{
	int n;

	(void)argv;
	if (argc > 1) {
		fprintf(stderr, "usage: fabench restore\n");
		return EXIT_USAGE;
	}
	n = knob_restore_from_record(true);
	if (n < 0)
		return 1;
	if (!n)
		printf("fabench: no knob left changed\n");
	return 0;
}
