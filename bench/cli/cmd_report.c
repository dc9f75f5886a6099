// SPDX-License-Identifier: GPL-2.0-only
/* fabench report DIR: report.txt and plots/ in a result directory. */
#include <stdio.h>
#include <string.h>

#include "bench/cli/commands.h"
#include "analysis/report.h"

int cmd_report(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: fabench report DIR\n");
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: fabench report DIR\n");
		return EXIT_USAGE;
	}
	if (report_write(argv[1]))
		return EXIT_USAGE;
	printf("%s/report.txt\n", argv[1]);
	return 0;
}
