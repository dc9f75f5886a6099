// SPDX-License-Identifier: GPL-2.0-only
/* fabench lkp-stats DIR: the run as lkp-tests stats lines (analysis/lkp_stats.h). */
#include <stdio.h>
#include <string.h>

#include "bench/cli/commands.h"
#include "analysis/lkp_stats.h"

int cmd_lkp_stats(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: fabench lkp-stats DIR\n");
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: fabench lkp-stats DIR\n");
		return EXIT_USAGE;
	}
	return lkp_stats_write(argv[1], stdout) ? EXIT_USAGE : 0;
}
