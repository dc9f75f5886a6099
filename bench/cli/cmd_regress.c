// SPDX-License-Identifier: GPL-2.0-only
/*
 * fabench regress --baseline DIR... --current DIR... [--threshold metric=pct]...
 *		   [--noise DIR]... [--verbose] [--no-correction]
 * Exit 0: no regression; 1: regressions or correctness failures, one line
 * each; 2: bad input.
 * The command line; the regression check is analysis/regress.c's.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "analysis/regress.h"
#include "analysis/thresholds.h"
#include "bench/cli/commands.h"

static int regress_usage(void)
{
	fprintf(stderr, "usage: fabench regress --baseline DIR [--baseline DIR...] "
		"--current DIR [--current DIR...] "
		"[--thresholds FILE] [--threshold metric=pct]... [--noise DIR --noise DIR...] "
		"[--verbose] [--no-correction]\n");
	return EXIT_USAGE;
}

int cmd_regress(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "baseline", required_argument, NULL, 'b' },
		{ "current", required_argument, NULL, 'c' },
		{ "threshold", required_argument, NULL, 't' },
		{ "thresholds", required_argument, NULL, 'T' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "no-correction", no_argument, NULL, 'N' },
		{ "noise", required_argument, NULL, 'n' },
		{ 0 }
	};
	struct regress_opts o = { 0 };
	const char *file = NULL;
	const char **noise, **base, **cur;
	struct thresholds th;
	int c, ret;

	/* at most one directory per argument */
	noise = calloc((size_t)argc + 1, sizeof(*noise));
	base = calloc((size_t)argc + 1, sizeof(*base));
	cur = calloc((size_t)argc + 1, sizeof(*cur));
	if (!noise || !base || !cur)
		abort();

	while ((c = getopt_long(argc, argv, "b:c:t:T:v", opts, NULL)) != -1) {
		if (c == 'v')
			o.verbose = 1;
		else if (c == 'N')
			o.no_correction = 1;
		else if (c == 'b')
			base[o.nbaseline++] = optarg;
		else if (c == 'c')
			cur[o.ncurrent++] = optarg;
		else if (c == 'T')
			file = optarg;
		else if (c == 'n')
			noise[o.nnoise++] = optarg;
		else if (c != 't')
			goto usage;
	}
	if (!o.nbaseline || !o.ncurrent || optind != argc)
		goto usage;
	o.noise = noise;
	o.baseline = base;
	o.current = cur;
	thresholds_init(&th);
	ret = thresholds_load_or_shipped(&th, file) ? EXIT_USAGE : 0;
	/* a second pass: the command line wins whatever its order */
	optind = 1;
	while (!ret && (c = getopt_long(argc, argv, "b:c:t:T:v", opts, NULL)) != -1)
		if (c == 't' && thresholds_override(&th, optarg))
			ret = EXIT_USAGE;
	if (!ret) {
		switch (regress_runs(&o, &th)) {
		case REGRESS_NONE:
			ret = 0;
			break;
		case REGRESS_FOUND:
			ret = 1;
			break;
		case REGRESS_BAD_INPUT:
			ret = EXIT_USAGE;
			break;
		}
	}
	thresholds_free(&th);
	free(noise);
	free(base);
	free(cur);
	if (ret != EXIT_USAGE && (ferror(stdout) || fflush(stdout)))
		ret = EXIT_USAGE;
	return ret;
usage:
	free(noise);
	free(base);
	free(cur);
	return regress_usage();
}
