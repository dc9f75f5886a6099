// SPDX-License-Identifier: GPL-2.0-only
/*
 * `fabench run`: the command line; the run loop is the harness's
 * (bench/harness/schedule.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "bench/cli/commands.h"
#include "bench/harness/schedule.h"

#define MAX_OVERRIDES 64

static int parse_opts(int argc, char **argv, struct run_request *req,
		      char **overrides)
{
	static const struct option opts[] = {
		{ "wait", no_argument, NULL, 'w' },
		{ 0 }
	};
	int c, n = 0;

	memset(req, 0, sizeof(*req));
	req->root = "results";
	optind = 1;
	while ((c = getopt_long(argc, argv, "c:l:o:p:h", opts, NULL)) != -1) {
		switch (c) {
		case 'w':
			req->wait = true;
			break;
		case 'c':
			req->config = optarg;
			break;
		case 'l':
			req->label = optarg;
			break;
		case 'o':
			req->root = optarg;
			break;
		case 'p':
			if (n == MAX_OVERRIDES) {
				fprintf(stderr, "fabench: more than %d -p options\n", MAX_OVERRIDES);
				return -1;
			}
			overrides[n++] = optarg;
			break;
		default:
			goto usage;
		}
	}
	req->overrides = overrides;
	req->noverrides = n;
	req->argc = argc;
	req->argv = argv;
	if (req->config && optind == argc)
		return 0;
usage:
	fprintf(stderr, "usage: fabench run -c CONFIG [-l LABEL] [-o RESULTS_ROOT] [-p section.key=value]... [--wait]\n");
	return -1;
}

int cmd_run(int argc, char **argv)
{
	static const int exit_status[] = {
		[RUN_OK] = 0,
		[RUN_BAD_CONFIG] = EXIT_USAGE,
		[RUN_FAILED] = 1,
		[RUN_POINT_ERRORS] = EXIT_POINT_ERRORS,
		[RUN_CORRECTNESS] = EXIT_CORRECTNESS,
		[RUN_INTERRUPTED] = EXIT_INTERRUPTED,
		[RUN_LOCKED] = EXIT_USAGE,
		[RUN_WRITE_FAILED] = EXIT_WRITE_FAILED,
	};
	char *overrides[MAX_OVERRIDES];
	struct run_request req;

	/* `make bench > log`: the summary's lines as they are written */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_opts(argc, argv, &req, overrides))
		return EXIT_USAGE;
	return exit_status[schedule_run(&req)];
}
