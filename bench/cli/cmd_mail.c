// SPDX-License-Identifier: GPL-2.0-only
/*
 * fabench mail [-o FILE] [-a FIGURE]... DIR...: a mail body of one run, a
 * comparison of two, or kernel variants side by side (analysis/mail.c);
 * -a names the figures to attach (else those in the result directories).
 * With -o the text is written under a temporary name and renamed: whole or
 * not at all.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/mail.h"
#include "bench/cli/commands.h"
#include "bench/lib/outfile.h"

static int mail_usage(FILE *f)
{
	fprintf(f, "usage: fabench mail [-o FILE] [-a FIGURE]... DIR [DIR...]\n");
	return f == stdout ? 0 : EXIT_USAGE;
}

struct attach {
	char **path;
	int n;
};

static int write_file(const char *path, const struct mail *m, const struct attach *a)
{
	struct outfile_replace r;

	if (!outfile_replace_begin(&r, path))
		return 1;
	if (mail_print(r.f, m, a->path, a->n)) {
		outfile_replace_abort(&r);
		return EXIT_USAGE;
	}
	return outfile_replace_commit(&r) ? 1 : 0;
}

int cmd_mail(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "attach", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct attach a = { .path = calloc((size_t)argc + 1, sizeof(char *)) };
	const char *path = NULL;
	struct mail *m;
	int c, ret = 0;

	if (!a.path)
		abort();
	while ((c = getopt_long(argc, argv, "o:a:h", opts, NULL)) != -1) {
		if (c == 'o') {
			path = optarg;
		} else if (c == 'a') {
			if (access(optarg, R_OK)) {
				fprintf(stderr, "fabench: mail: %s: %s\n", optarg, strerror(errno));
				free(a.path);
				return EXIT_USAGE;
			}
			a.path[a.n++] = optarg;
		} else {
			free(a.path);
			return mail_usage(c == 'h' ? stdout : stderr);
		}
	}
	if (argc - optind < 1) {
		free(a.path);
		return mail_usage(stderr);
	}
	m = mail_load(argc - optind, argv + optind);
	if (!m) {
		free(a.path);
		return EXIT_USAGE;
	}
	if (path) {
		ret = write_file(path, m, &a);
	} else {
		if (mail_print(stdout, m, a.path, a.n))
			ret = EXIT_USAGE;
		else if (ferror(stdout) || fflush(stdout))
			ret = 1;
	}
	mail_free(m);
	free(a.path);
	return ret;
}
