// SPDX-License-Identifier: GPL-2.0-only
/* fabench report DIR: report.txt and plots/ in a result directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/cli/commands.h"
#include "analysis/report.h"

int cmd_report(int argc, char **argv)
{
	char *figures = NULL;
	size_t len = 0;
	FILE *list;
	int ret, n = 0;
	size_t i;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: fabench report DIR\n");
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: fabench report DIR\n");
		return EXIT_USAGE;
	}
	list = open_memstream(&figures, &len);
	if (!list)
		abort();
	ret = report_write(argv[1], list);
	fclose(list);
	if (!ret) {
		printf("%s/report.txt\n", argv[1]);
		for (i = 0; i < len; i++)
			n += figures[i] == '\n';
		printf("figures (%d, and each as .svg):\n", n);
		for (char *line = strtok(figures, "\n"); line; line = strtok(NULL, "\n"))
			printf("  %s\n", line);
	}
	free(figures);
	return ret ? EXIT_USAGE : 0;
}
