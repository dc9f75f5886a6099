// SPDX-License-Identifier: GPL-2.0-only
/* `fabench list`: workloads and their parameters, types and defaults. */
#include <stdio.h>
#include <string.h>

#include "bench/cli/commands.h"
#include "bench/harness/config.h"
#include "bench/lib/textwrap.h"
#include "workloads/workload.h"

/* A table's parameters, the help of each in one column as wide as its longest name. */
static void list_params(const struct param_desc *pd)
{
	char desc[256], help[512];
	int i, w = 10;

	for (i = 0; pd[i].name; i++)
		w = (int)strlen(pd[i].name) > w ? (int)strlen(pd[i].name) : w;
	for (i = 0; pd[i].name; i++) {
		param_describe(&pd[i], desc, sizeof(desc));
		snprintf(help, sizeof(help), "%s%s", pd[i].help,
			 pd[i].flags & PF_SCALAR ? " (one value)" : "");
		textwrap(stdout, printf("  %-*s ", w, pd[i].name), help, w + 3);
		snprintf(help, sizeof(help), "%s; default%c%s", desc, TEXTWRAP_NBSP, pd[i].def);
		textwrap(stdout, printf("%*s", w + 5, ""), help, w + 5);
	}
}

int cmd_list(int argc, char **argv)
{
	int i;

	(void)argv;
	if (argc > 1) {
		fprintf(stderr, "usage: fabench list\n");
		return EXIT_USAGE;
	}
	printf("[run]  runner settings; timing is a matrix axis\n");
	list_params(run_params);
	for (i = 0; workloads[i]; i++) {
		textwrap(stdout, printf("\n[%s]  ", workloads[i]->name) - 1,
			 workloads[i]->description, 4);
		list_params(workloads[i]->params);
	}
	printf("\nA comma list makes a matrix axis; [NAME.TAG] adds another matrix of NAME.\n");
	return 0;
}
