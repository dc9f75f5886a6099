// SPDX-License-Identifier: GPL-2.0-only
/*
 * `fabench probe [--json]`: the running kernel's fingerprint (uffd modes and
 * features, fault-around per mode as measured, knobs, pagemap, PTE markers,
 * tracepoints), as text for people or JSON for tools.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "probe.h"

static int print_json(const struct probe_result *pr)
{
	json_t *j = probe_to_json(pr);
	int ret;

	if (!j) {
		fprintf(stderr, "fabench: probe: building the JSON failed\n");
		return 1;
	}
	ret = json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	putchar('\n');
	return ret ? 1 : 0;
}

int cmd_probe(int argc, char **argv)
{
	struct probe_result *pr;
	bool json = false;
	int ret;

	if (argc == 2 && !strcmp(argv[1], "--json")) {
		json = true;
	} else if (argc != 1) {
		fprintf(stderr, "usage: fabench probe [--json]\n");
		return EXIT_USAGE;
	}
	pr = malloc(sizeof(*pr));
	if (!pr) {
		fprintf(stderr, "fabench: probe: out of memory\n");
		return 1;
	}
	probe_run(pr);
	if (json) {
		ret = print_json(pr);
	} else {
		probe_print(stdout, pr);
		ret = 0;
	}
	free(pr);
	return ret;
}
