// SPDX-License-Identifier: GPL-2.0-only
/*
 * The probe's result as "key  value" lines and as JSON: the same fields.
 * A value starts at column 19 and wraps at words to fit 80 columns, its
 * next lines indented to column 19.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bench/probe/probe.h"
#include "bench/lib/textwrap.h"

#define KEY_WIDTH 18
#define VALUE_COL (KEY_WIDTH + 1)

static bool unsupported(const char *text)
{
	return !strncmp(text, "unsupported", 11);
}

__attribute__((format(printf, 3, 4)))
static void line(FILE *f, const char *key, const char *fmt, ...)
{
	char *text;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	fprintf(f, "%-*s ", KEY_WIDTH, key);
	textwrap(f, VALUE_COL, n < 0 ? "(out of memory)" : text, VALUE_COL);
	if (n >= 0)
		free(text);
}

/* The mask, then the name of each bit set ("bit40" where it has none). */
static void print_features(FILE *f, const struct probe_result *pr)
{
	char names[64 * 32] = "", other[16];
	size_t off = 0;
	unsigned int b;

	if (!unsupported(pr->uffd_features))
		for (b = 0; b < 64 && off < sizeof(names); b++)
			if (pr->uffd_feature_mask >> b & 1) {
				snprintf(other, sizeof(other), "bit%u", b);
				off += (size_t)snprintf(names + off, sizeof(names) - off, " %s",
							uffd_feature_name(b) ?: other);
			}
	line(f, "uffd features", "%s%s", pr->uffd_features, names);
}

static void print_uffd(FILE *f, const struct probe_result *pr)
{
	int m;

	if (unsupported(pr->uffd_opened_by))
		line(f, "uffd", "%s", pr->uffd_opened_by);
	else
		line(f, "uffd", "opened by %s", pr->uffd_opened_by);
	print_features(f, pr);
	for (m = UFFD_MODE_MISSING; m < PROBE_MODES; m++)
		line(f, "uffd register", "%s: %s", uffd_mode_name(m), pr->uffd_register[m]);
	for (m = UFFD_MODE_NONE; m < PROBE_MODES; m++)
		line(f, "fault-around", "%s: %s", uffd_mode_name(m), pr->fault_around[m].text);
}

void probe_print(FILE *f, const struct probe_result *pr)
{
	int i;

	line(f, "kernel release", "%s", pr->release);
	line(f, "kernel version", "%s", pr->version);
	line(f, "machine", "%s", pr->machine);
	print_uffd(f, pr);
	line(f, "fault_around_bytes", "%s", pr->fault_around_bytes);
	line(f, "fault_around_bytes", "writable: %s", pr->fault_around_bytes_writable);
	if (unsupported(pr->thp_shmem_enabled_line))
		line(f, "thp shmem_enabled", "%s", pr->thp_shmem_enabled_line);
	else
		line(f, "thp shmem_enabled", "%s (%s)", pr->thp_shmem_enabled,
		     pr->thp_shmem_enabled_line);
	line(f, "shmem folio sizes", "%s", pr->shmem_folio);
	line(f, "pagemap_scan", "%s", pr->pagemap_scan);
	line(f, "soft-dirty", "%s", pr->soft_dirty);
	line(f, "swap", "%s", pr->swap);
	line(f, "pte marker", "%s", pr->pte_marker);
	line(f, "pte marker", "pagemap bit %d (PM_UFFD_WP) after the zap: %s",
	     PM_UFFD_WP_BIT, pr->pte_marker_pagemap);
	for (i = 0; i < PROBE_TRACEPOINTS; i++)
		line(f, "tracepoint", "%s: %s", pr->tracepoint[i], pr->tracepoint_status[i]);
	line(f, "kernel config", "%s", pr->kernel_config);
	line(f, "pmu", "%s", pr->pmu.text);
	line(f, "clocksource", "%s", pr->mach.clocksource);
	line(f, "online cpus", "%s", pr->mach.online);
	line(f, "cpufreq", "%s", pr->mach.cpufreq);
	line(f, "turbo", "%s", pr->mach.turbo);
	line(f, "aslr", "%s", pr->mach.aslr);
	line(f, "thp defrag", "%s", pr->mach.thp_defrag);
	line(f, "khugepaged", "scan_sleep_millisecs %s", pr->mach.khugepaged_sleep);
}

/* The names only when the mask was read: never an empty list instead. */
static void features_json(json_t *o, const struct probe_result *pr)
{
	json_t *names;
	char other[16];
	unsigned int b;

	json_object_set_new(o, "features", json_string(pr->uffd_features));
	if (unsupported(pr->uffd_features))
		return;
	names = json_array();
	for (b = 0; b < 64; b++) {
		if (!(pr->uffd_feature_mask >> b & 1))
			continue;
		snprintf(other, sizeof(other), "bit%u", b);
		json_array_append_new(names, json_string(uffd_feature_name(b) ?: other));
	}
	json_object_set_new(o, "feature_names", names);
}

static json_t *uffd_json(const struct probe_result *pr)
{
	json_t *o = json_object(), *reg = json_object();
	int m;

	json_object_set_new(o, "opened_by", json_string(pr->uffd_opened_by));
	features_json(o, pr);
	for (m = UFFD_MODE_MISSING; m < PROBE_MODES; m++)
		json_object_set_new(reg, uffd_mode_name(m), json_string(pr->uffd_register[m]));
	json_object_set_new(o, "register", reg);
	return o;
}

/* A measured mode is an object; one that could not be measured, its reason. */
static json_t *fault_around_json(const struct probe_result *pr)
{
	json_t *o = json_object();
	int m;

	for (m = UFFD_MODE_NONE; m < PROBE_MODES; m++) {
		const struct probe_fault_around *fa = &pr->fault_around[m];

		json_object_set_new(o, uffd_mode_name(m), !fa->measured ?
			json_string(fa->text) :
			json_pack("{s:b, s:f, s:I, s:I, s:s}", "active", fa->active,
				  "pages_per_fault", fa->pages_per_fault,
				  "pages", (json_int_t)fa->pages,
				  "faults", (json_int_t)fa->faults, "text", fa->text));
	}
	return o;
}

static json_t *tracepoints_json(const struct probe_result *pr)
{
	json_t *o = json_object();
	int i;

	for (i = 0; i < PROBE_TRACEPOINTS; i++)
		json_object_set_new(o, pr->tracepoint[i], json_string(pr->tracepoint_status[i]));
	return o;
}

/* The check behind the pmu line: what was tried and what it gave. */
static json_t *pmu_json(const struct pmu_status *st)
{
	json_t *o = json_pack("{s:s, s:b, s:s, s:s}", "model", st->model, "usable", st->usable,
			      "event", st->event, "library", pmu_library());

	if (st->usable)
		json_object_set_new(o, "count", json_integer((json_int_t)st->count));
	else
		json_object_set_new(o, "why", json_string(st->why));
	return o;
}

static json_t *machine_json(const struct probe_result *pr)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			 "clocksource", pr->mach.clocksource, "online_cpus", pr->mach.online,
			 "cpufreq", pr->mach.cpufreq, "turbo", pr->mach.turbo,
			 "aslr", pr->mach.aslr, "thp_defrag", pr->mach.thp_defrag,
			 "khugepaged_scan_sleep_millisecs", pr->mach.khugepaged_sleep);
}

json_t *probe_to_json(const struct probe_result *pr)
{
	return json_pack("{s:{s:s, s:s, s:s}, s:o, s:o, s:{s:s, s:s}, s:{s:s, s:s, s:s},"
			 " s:s, s:s, s:s, s:{s:s, s:s}, s:o, s:s, s:s, s:o, s:o}",
			 "uname", "release", pr->release, "version", pr->version,
			 "machine", pr->machine,
			 "uffd", uffd_json(pr),
			 "fault_around", fault_around_json(pr),
			 "fault_around_bytes", "value", pr->fault_around_bytes,
			 "writable", pr->fault_around_bytes_writable,
			 "thp", "shmem_enabled", pr->thp_shmem_enabled,
			 "shmem_enabled_line", pr->thp_shmem_enabled_line,
			 "shmem_folio", pr->shmem_folio,
			 "pagemap_scan", pr->pagemap_scan,
			 "soft_dirty", pr->soft_dirty,
			 "swap", pr->swap,
			 "pte_marker", "result", pr->pte_marker,
			 "uffd_wp_bit_after_zap", pr->pte_marker_pagemap,
			 "tracepoints", tracepoints_json(pr),
			 "kernel_config", pr->kernel_config, "pmu", pr->pmu.text,
			 "pmu_check", pmu_json(&pr->pmu),
			 "machine", machine_json(pr));
}
