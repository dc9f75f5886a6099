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

#include "bench/cli/commands.h"
#include "bench/harness/meta.h"
#include "bench/probe/probe.h"
#include "bench/lib/timer.h"

static int print_json(const struct probe_result *pr)
{
	json_t *j = probe_to_json(pr);
	int ret;

	if (j) {
		json_object_set_new(j, "build", meta_build_json());
		json_object_set_new(j, "timer", meta_timer_json());
	}
	if (!j) {
		fprintf(stderr, "fabench: probe: building the JSON failed\n");
		return 1;
	}
	ret = json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	putchar('\n');
	return ret ? 1 : 0;
}

/* the binary and its clock: which counter (cntvct_el0 on arm64) at what rate */
static void print_build_timer(void)
{
	const struct timer_info *ti = timer_get();
	json_t *b = meta_build_json();

	printf("%-18s %s, %s, %lld-byte pages\n", "build",
	       json_string_value(json_object_get(b, "arch")),
	       json_is_true(json_object_get(b, "static")) ? "static" : "dynamic",
	       (long long)json_integer_value(json_object_get(b, "page_size")));
	json_decref(b);
	if (ti->nominal_hz > 0)
		printf("%-18s %s, %.0f Hz (%.2f ns/tick)\n", "timer", ti->name,
		       ti->nominal_hz, ti->ns_per_tick);
	else
		printf("%-18s %s (%.4f ns/tick)\n", "timer", ti->name, ti->ns_per_tick);
}

int cmd_probe(int argc, char **argv)
{
	struct probe_result *pr;
	struct timer_info ti;
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
	timer_init(&ti, -1);
	if (json) {
		ret = print_json(pr);
	} else {
		probe_print(stdout, pr);
		print_build_timer();
		ret = 0;
	}
	free(pr);
	return ret;
}
