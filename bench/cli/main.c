// SPDX-License-Identifier: GPL-2.0-only
/* fabench: fault-around and userfaultfd benchmarks for shmem. */
#include <stdio.h>
#include <string.h>

#include "bench/cli/commands.h"
#include "bench/lib/outfile.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "run", cmd_run, "run -c CONFIG [-l LABEL] [-o DIR] [-p section.key=value]..." },
	{ "list", cmd_list, "list the workloads, their parameters and defaults" },
	{ "probe", cmd_probe, "probe [--json]: what the running kernel's uffd and fault-around do" },
	{ "restore", cmd_restore, "put back kernel knobs a killed run left changed" },
	{ "compare", cmd_compare, "compare BASE OTHER... [--format text|csv|json]" },
	{ "regress", cmd_regress, "regress --baseline DIR... --current DIR... [--noise DIR...] [--threshold metric=pct]..." },
	{ "report", cmd_report, "report DIR: DIR/report.txt and DIR/plots/ (gnuplot)" },
	{ "history", cmd_history, "history DIR... [--metric NAME]... [-o DIR]: trends by kernel" },
	{ "variants", cmd_variants, "variants [-o FILE] [--baseline NAME] DIR...: kernels side by side" },
	{ "mail", cmd_mail, "mail [-o FILE] DIR...: a plain-text mail body of the runs" },
	{ "lkp-stats", cmd_lkp_stats, "lkp-stats DIR: the run as lkp-tests stats lines (contrib/lkp)" },
};

static int usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: fabench COMMAND [ARGS]\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].help);
	return f == stdout ? 0 : EXIT_USAGE;
}

/*
 * A file that could not be written (bench/lib/outfile.h), wherever in the
 * command: one line and EXIT_WRITE_FAILED.  `run` says it itself, with
 * what it did about its result directory.
 */
static int finish(int status)
{
	if (status == EXIT_WRITE_FAILED || !outfile_error())
		return status;
	fprintf(stderr, "fabench: %s\n", outfile_error());
	return EXIT_WRITE_FAILED;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		return usage(stderr);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help"))
		return usage(stdout);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return finish(commands[i].fn(argc - 1, argv + 1));
	fprintf(stderr, "fabench: unknown command '%s'\n", argv[1]);
	return usage(stderr);
}
