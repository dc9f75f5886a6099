// SPDX-License-Identifier: GPL-2.0-only
/* report.txt's machine summary and capability fingerprint, from meta.json. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/report.h"
#include "bench/lib/textwrap.h"

/* A JSON value as text: strings as is, others compact. */
static void value_text(json_t *v, char *buf, size_t len)
{
	char *s;

	if (!v) {
		snprintf(buf, len, "(not recorded)");
	} else if (json_is_string(v)) {
		snprintf(buf, len, "%s", json_string_value(v));
	} else {
		s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		snprintf(buf, len, "%s", s ? s : "?");
		free(s);
	}
}

/* "  name  value": the value at column 24, its next lines indented to it. */
static void field(FILE *out, const char *name, json_t *v)
{
	char buf[1024];

	if (json_is_real(v))
		snprintf(buf, sizeof(buf), "%.4g", json_real_value(v));
	else
		value_text(v, buf, sizeof(buf));
	textwrap(out, fprintf(out, "  %-22s", name), buf, 24);
}

static json_t *path2(json_t *o, const char *a, const char *b)
{
	return json_object_get(json_object_get(o, a), b);
}

void report_title_suffix(json_t *meta, char *buf, size_t len)
{
	const char *rel = json_string_value(path2(meta, "uname", "release"));
	const char *host = json_string_value(path2(meta, "system", "hostname"));

	snprintf(buf, len, "Linux %s on %s", rel ? rel : "?", host ? host : "?");
}

bool report_tcg(json_t *meta)
{
	const char *accel = json_string_value(path2(meta, "vm", "accel"));

	return accel && !strcmp(accel, "tcg");
}

/*
 * A run inside a QEMU guest: which kernel variant, and whether its times
 * were emulated, before anyone reads a number of the report.
 */
static void report_vm(FILE *out, json_t *meta)
{
	json_t *vm = json_object_get(meta, "vm");
	const char *rel = json_string_value(path2(meta, "uname", "release"));
	const char *times = json_string_value(json_object_get(vm, "times"));
	const char *reason = json_string_value(json_object_get(vm, "accel_reason"));
	char accel[16] = "?", *line = NULL;
	size_t i;

	if (!vm)
		return;
	if (!json_is_object(vm)) {
		field(out, "guest", vm);	/* meta_vm's "unsupported: ..." */
		return;
	}
	snprintf(accel, sizeof(accel), "%s",
		 json_string_value(json_object_get(vm, "accel")) ?: "?");
	for (i = 0; accel[i]; i++)
		accel[i] = (char)toupper((unsigned char)accel[i]);
	if (asprintf(&line, "guest: %s kernel %s (%s), qemu %s: %s%s",
		     json_string_value(json_object_get(vm, "arch")) ?: "?",
		     json_string_value(json_object_get(vm, "kernel")) ?: "?", rel ? rel : "?",
		     accel, times && *times ? "times " : "",
		     times && *times ? times : reason ? reason : "") < 0)
		abort();
	textwrap(out, 0, line, 2);
	free(line);
}

void report_machine(FILE *out, json_t *meta)
{
	json_t *fab = json_object_get(meta, "fault_around_bytes");

	fprintf(out, "Machine\n");
	report_vm(out, meta);
	field(out, "host", path2(meta, "system", "hostname"));
	field(out, "kernel release", path2(meta, "uname", "release"));
	field(out, "kernel version", path2(meta, "uname", "version"));
	field(out, "arch", path2(meta, "uname", "machine"));
	field(out, "CPU model", path2(meta, "cpu", "model"));
	field(out, "CPUs online", path2(meta, "cpu", "online"));
	field(out, "timer", path2(meta, "timer", "source"));
	field(out, "timer read (ns)", path2(meta, "timer", "read_cost_ns"));
	field(out, "THP enabled", path2(meta, "thp", "enabled"));
	field(out, "THP shmem_enabled", path2(meta, "thp", "shmem_enabled"));
	field(out, "THP defrag", path2(meta, "thp", "defrag"));
	field(out, "fault_around_bytes", json_is_object(fab) ?
	      json_object_get(fab, "value") : fab);
	field(out, "started", json_object_get(meta, "started"));
	field(out, "harness revision", json_object_get(meta, "harness_revision"));
	fputc('\n', out);
}

void report_fingerprint(FILE *out, json_t *meta)
{
	static const char *const modes[] = { "none", "missing", "wp", "minor" };
	json_t *probe = json_object_get(meta, "probe");
	char name[64];
	size_t i;

	fprintf(out, "Capability fingerprint (probe)\n");
	if (!probe) {
		fprintf(out, "  unsupported: meta.json has no probe\n\n");
		return;
	}
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		snprintf(name, sizeof(name), "fault-around %s", modes[i]);
		field(out, name, path2(json_object_get(probe, "fault_around"),
				       modes[i], "text"));
	}
	field(out, "pagemap_scan", json_object_get(probe, "pagemap_scan"));
	field(out, "soft-dirty", json_object_get(probe, "soft_dirty"));
	field(out, "swap", json_object_get(probe, "swap"));
	field(out, "pte marker", path2(probe, "pte_marker", "result"));
	field(out, "pmu", json_object_get(probe, "pmu"));
	fputc('\n', out);
}
