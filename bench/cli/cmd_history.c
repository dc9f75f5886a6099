// SPDX-License-Identifier: GPL-2.0-only
/*
 * fabench history DIR... [--metric NAME]... [-o DIR]: trends over runs,
 * and where they stepped.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "bench/cli/commands.h"
#include "bench/lib/outfile.h"
#include "analysis/history.h"

#define MAX_METRICS 32

static const char usage_line[] = "usage: fabench history DIR... [--metric NAME]... [-o DIR]\n";

static int report(const struct history *h, const char **metric, int n, const char *dir)
{
	int i;

	for (i = 0; i < n; i++) {
		if (!history_has_metric(h, metric[i])) {
			fprintf(stderr, "fabench: history: no run has the metric '%s'\n",
				metric[i]);
			return EXIT_USAGE;
		}
	}
	if (outfile_mkdir(dir))
		return 1;
	history_print_runs(stdout, h);
	for (i = 0; i < n; i++) {
		history_print(stdout, h, metric[i]);
		history_plot(stdout, h, metric[i], dir);
		putchar('\n');
	}
	history_changes(stdout, h, metric, n);
	return 0;
}

int cmd_history(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "metric", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *metric[MAX_METRICS], *dir = ".";
	struct history h;
	int c, n = 0, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "m:o:h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage_line, stdout);
			return 0;
		}
		if (c == 'm' && n < MAX_METRICS) {
			metric[n++] = optarg;
		} else if (c == 'o') {
			dir = optarg;
		} else {
			fputs(usage_line, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fputs(usage_line, stderr);
		return EXIT_USAGE;
	}
	if (history_load(&h, argv + optind, argc - optind))
		return EXIT_USAGE;
	if (!n)
		n = history_headlines(&h, metric, MAX_METRICS);
	if (!n)
		fprintf(stderr, "fabench: history: these runs declare no headline metric; "
			"use --metric\n");
	ret = n ? report(&h, metric, n, dir) : EXIT_USAGE;
	history_free(&h);
	return ret;
}
