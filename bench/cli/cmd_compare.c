// SPDX-License-Identifier: GPL-2.0-only
/*
 * fabench compare BASE OTHER... [--format text|csv|json] [--plots DIR]:
 * the command line; the comparison is analysis/compare.c's.
 */
#include <getopt.h>
#include <stdio.h>

#include "analysis/compare.h"
#include "bench/cli/commands.h"

static int compare_usage(void)
{
	fprintf(stderr, "usage: fabench compare BASE OTHER... [--format text|csv|json] "
		"[--plots DIR]\n");
	return EXIT_USAGE;
}

int cmd_compare(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "plots", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct compare_request req = { .format = COMPARE_TEXT };
	int c;

	while ((c = getopt_long(argc, argv, "f:p:h", opts, NULL)) != -1) {
		if (c == 'f' && !compare_format_parse(optarg, &req.format))
			continue;
		if (c == 'p') {
			req.plots = optarg;
			continue;
		}
		if (c == 'f')
			fprintf(stderr, "fabench: --format %s: expected text, csv or json\n", optarg);
		return compare_usage();
	}
	if (argc - optind < 2)
		return compare_usage();
	req.dirs = argv + optind;
	req.ndirs = argc - optind;
	switch (compare_runs(&req)) {
	case COMPARE_BAD_INPUT:
		return EXIT_USAGE;
	case COMPARE_FAILED:
		return 1;
	case COMPARE_OK:
		break;
	}
	return ferror(stdout) || fflush(stdout) ? 1 : 0;
}
