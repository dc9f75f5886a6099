// SPDX-License-Identifier: GPL-2.0-only
/* `fabench list`: workloads and their parameters, types and defaults. */
#include <stdio.h>

#include "bench/cli/commands.h"
#include "bench/harness/config.h"
#include "bench/lib/textwrap.h"
#include "workloads/workload.h"

static void list_params(const struct param_desc *pd)
{
	char desc[256], help[512];
	int i;

	for (i = 0; pd[i].name; i++) {
		param_describe(&pd[i], desc, sizeof(desc));
		snprintf(help, sizeof(help), "%s%s", pd[i].help,
			 pd[i].flags & PF_SCALAR ? " (one value)" : "");
		textwrap(stdout, printf("  %-10s ", pd[i].name), help, 13);
		snprintf(help, sizeof(help), "%s; default%c%s", desc, TEXTWRAP_NBSP, pd[i].def);
		textwrap(stdout, printf("%15s", ""), help, 15);
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
