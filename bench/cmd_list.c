// SPDX-License-Identifier: GPL-2.0-only
/* `fabench list`: workloads and their parameters, types and defaults. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "config.h"
#include "workload.h"

#define COLS 80
#define NBSP '\1'

/*
 * text after col columns already printed, a space before it, in words on
 * lines of at most 80 columns, each next line indented by indent; a word
 * longer than a line is cut at the line's end.  NBSP ('\1') joins two
 * words: it is printed as a space but never broken at.
 */
static void wrap(int col, const char *text, int indent)
{
	bool line_start = false;
	int w;

	text += strspn(text, " ");
	while (*text) {
		w = (int)strcspn(text, " ");
		if (!line_start && col + 1 + w > COLS && col > indent) {
			col = printf("\n%*s", indent, "") - 1;
			line_start = true;
		}
		if (!line_start)
			col += printf(" ");
		if (col + w > COLS)
			w = COLS - col;		/* a word longer than the line */
		for (col += w; w--; text++)
			putchar(*text == NBSP ? ' ' : *text);
		text += strspn(text, " ");
		line_start = false;
	}
	putchar('\n');
}

static void list_params(const struct param_desc *pd)
{
	char desc[256], help[512];
	int i, col;

	for (i = 0; pd[i].name; i++) {
		param_describe(&pd[i], desc, sizeof(desc));
		snprintf(help, sizeof(help), "%s%s", pd[i].help,
			 pd[i].flags & PF_SCALAR ? " (one value)" : "");
		col = printf("  %-10s", pd[i].name);
		wrap(col, help, 13);
		snprintf(help, sizeof(help), "%s; default%c%s", desc, NBSP, pd[i].def);
		wrap(printf("%14s", ""), help, 15);
	}
}

int cmd_list(int argc, char **argv)
{
	char head[96];
	int i;

	(void)argv;
	if (argc > 1) {
		fprintf(stderr, "usage: fabench list\n");
		return EXIT_USAGE;
	}
	printf("[run]  runner settings; timing is a matrix axis\n");
	list_params(run_params);
	for (i = 0; workloads[i]; i++) {
		snprintf(head, sizeof(head), "\n[%s] ", workloads[i]->name);
		wrap(printf("%s", head) - 1, workloads[i]->description, 4);
		list_params(workloads[i]->params);
	}
	printf("\nA comma list makes a matrix axis; [NAME.TAG] adds another matrix of NAME.\n");
	return 0;
}
