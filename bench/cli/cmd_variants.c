// SPDX-License-Identifier: GPL-2.0-only
/*
 * fabench variants [-o FILE] [--baseline NAME] [--plots DIR] DIR...: runs
 * of one config on several kernels side by side (analysis/variants*.c),
 * and with --plots the figure of what differs, DIR/variants.{png,svg}.  With -o the
 * report is written under a temporary name and renamed, so a script never
 * reads half of one, and bad input leaves no file at all.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench/cli/commands.h"
#include "bench/lib/outfile.h"
#include "analysis/variants.h"

static int variants_usage(FILE *f)
{
	fprintf(f, "usage: fabench variants [-o FILE] [--baseline NAME] [--plots DIR] "
		"DIR DIR...\n");
	return f == stdout ? 0 : EXIT_USAGE;
}

/* The report, then with plots the figure and its text version. */
static int report(FILE *out, const struct variants *v, const char *plots)
{
	variants_print(out, v);
	if (!plots)
		return 0;
	if (mkdir(plots, 0777) && errno != EEXIST) {
		fprintf(stderr, "fabench: --plots: mkdir %s: %s\n", plots, strerror(errno));
		return 1;
	}
	return variants_figure(out, v, plots, "variants") ? 1 : 0;
}

static int write_file(const char *path, const struct variants *v, const char *plots)
{
	struct outfile_replace r;

	if (!outfile_replace_begin(&r, path))
		return 1;
	if (report(r.f, v, plots) || outfile_error()) {
		outfile_replace_abort(&r);
		return 1;
	}
	return outfile_replace_commit(&r) ? 1 : 0;
}

int cmd_variants(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "baseline", required_argument, NULL, 'b' },
		{ "plots", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *path = NULL, *baseline = NULL, *plots = NULL;
	struct variants v;
	int c, ret = 0;

	while ((c = getopt_long(argc, argv, "o:b:p:h", opts, NULL)) != -1) {
		if (c == 'o')
			path = optarg;
		else if (c == 'b')
			baseline = optarg;
		else if (c == 'p')
			plots = optarg;
		else
			return variants_usage(c == 'h' ? stdout : stderr);
	}
	if (argc - optind < 2)
		return variants_usage(stderr);
	if (variants_load(&v, argc - optind, argv + optind, baseline)) {
		variants_free(&v);
		return EXIT_USAGE;
	}
	if (path) {
		ret = write_file(path, &v, plots);
	} else {
		ret = report(stdout, &v, plots);
		if (ferror(stdout) || fflush(stdout))
			ret = 1;
	}
	variants_free(&v);
	return ret;
}
