// SPDX-License-Identifier: GPL-2.0-only
/* `fabench list`: workloads and their parameters, types and defaults. */
#include <stdio.h>

#include "commands.h"
#include "config.h"
#include "workload.h"

static void list_params(const struct param_desc *pd)
{
	char desc[256];
	int i;

	for (i = 0; pd[i].name; i++) {
		param_describe(&pd[i], desc, sizeof(desc));
		printf("  %-10s %s%s\n  %-10s   %s; default %s\n", pd[i].name,
		       pd[i].help, pd[i].flags & PF_SCALAR ? " (one value)" : "",
		       "", desc, pd[i].def);
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
		printf("\n[%s]  %s\n", workloads[i]->name, workloads[i]->description);
		list_params(workloads[i]->params);
	}
	printf("\nA comma list makes a matrix axis; [NAME.TAG] adds another matrix of NAME.\n");
	return 0;
}
