// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel fingerprint: probe_run asks the running kernel (system calls,
 * /proc, /sys, tracefs) and runs the measurements of probe_uffd.c and
 * probe_pagemap.c.  Nothing here knows kernel versions.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "bench/probe/probe.h"
#include "bench/kernel/knobs/knobs.h"
#include "bench/kernel/knobs/shmem_folio.h"
#include "bench/kernel/swap.h"
#include "bench/kernel/sysinfo.h"

static const char *const tracepoints[PROBE_TRACEPOINTS] = {
	"exceptions:page_fault_user",
	"filemap:mm_filemap_map_pages",
	"filemap:mm_filemap_fault",
	"tlb:tlb_flush",
};

static void set_text(char *dst, const char *text)
{
	snprintf(dst, PROBE_TEXT, "%s", text);
}

static void probe_uname(struct probe_result *pr)
{
	struct utsname u;

	if (uname(&u)) {
		snprintf(pr->release, PROBE_TEXT, "unsupported: uname: %s",
			 strerrorname_np(errno) ?: "error");
		set_text(pr->version, pr->release);
		set_text(pr->machine, pr->release);
		return;
	}
	set_text(pr->release, u.release);
	set_text(pr->version, u.version);
	set_text(pr->machine, u.machine);
}

static void probe_uffd_api(struct probe_result *pr)
{
	char why[PROBE_TEXT - 16];
	struct uffd_ctx u;

	if (uffd_open(&u, 0, why, sizeof(why))) {
		snprintf(pr->uffd_opened_by, PROBE_TEXT, "unsupported: %s", why);
	} else {
		set_text(pr->uffd_opened_by, u.opened_by);
		uffd_close(&u);
	}
	if (uffd_probe_features(&pr->uffd_feature_mask, why, sizeof(why)))
		snprintf(pr->uffd_features, PROBE_TEXT, "unsupported: %s", why);
	else
		snprintf(pr->uffd_features, PROBE_TEXT, "0x%llx",
			 (unsigned long long)pr->uffd_feature_mask);
}

/* The knobs, under $FABENCH_SYSFS_ROOT so that tests can fake them. */
static void probe_knobs(struct probe_result *pr)
{
	knob_inspect(KNOB_FAULT_AROUND, pr->fault_around_bytes, PROBE_TEXT,
		     pr->fault_around_bytes_writable, PROBE_TEXT);
	shmem_folio_describe(pr->shmem_folio, sizeof(pr->shmem_folio));
	if (knob_read_raw(KNOB_THP_SHMEM, pr->thp_shmem_enabled_line, PROBE_TEXT))
		set_text(pr->thp_shmem_enabled, pr->thp_shmem_enabled_line);
	else
		knob_decode(KNOB_THP_SHMEM, pr->thp_shmem_enabled_line,
			    pr->thp_shmem_enabled, PROBE_TEXT);
}

struct swap_text {
	char *buf;
	size_t len;
};

static void add_swap(const struct swap_area *a, void *arg)
{
	struct swap_text *t = arg;
	size_t n = strlen(t->buf);

	snprintf(t->buf + n, t->len - n, "%s%s %s %llu KiB (%llu KiB used)",
		 n ? ", " : "", a->name, a->type, a->size_kib, a->used_kib);
}

/* /proc/swaps: a header line, then one line per swap area. */
static void probe_swap(char *buf, size_t len)
{
	struct swap_text t = { .buf = buf, .len = len };
	int n;

	buf[0] = '\0';
	n = swap_areas(add_swap, &t);
	if (n < 0)
		snprintf(buf, len, "unsupported: %s reading %s", strerrorname_np(-n) ?: "error",
			 SWAPS_PATH);
	else if (!n)
		snprintf(buf, len, "none");
}

/* Present when tracefs has events/<sys>/<event>/id. */
static void probe_tracepoints(struct probe_result *pr)
{
	char dir[128], why[PROBE_TEXT - 16], path[256], id[64];
	bool mounted;
	int i;

	for (i = 0; i < PROBE_TRACEPOINTS; i++)
		pr->tracepoint[i] = tracepoints[i];
	if (sysinfo_tracefs(dir, sizeof(dir), &mounted, why, sizeof(why))) {
		for (i = 0; i < PROBE_TRACEPOINTS; i++)
			set_text(pr->tracepoint_status[i], why);
		return;
	}
	for (i = 0; i < PROBE_TRACEPOINTS; i++) {
		const char *colon = strchr(tracepoints[i], ':');

		snprintf(path, sizeof(path), "%s/events/%.*s/%s/id", dir,
			 (int)(colon - tracepoints[i]), tracepoints[i], colon + 1);
		if (sysinfo_read_file(path, id, sizeof(id)))
			set_text(pr->tracepoint_status[i], id);
		else
			snprintf(pr->tracepoint_status[i], sizeof(pr->tracepoint_status[i]), "present (id %s, %s%s)",
				 id, path, mounted ? ", tracefs mounted for the probe" : "");
	}
	sysinfo_tracefs_put(dir, mounted);
}

/* Readable, by reading it: its size is what the kernel serves. */
static void probe_kernel_config(char *buf, size_t len)
{
	FILE *f = fopen("/proc/config.gz", "r");
	char chunk[4096];
	size_t n, total = 0;

	if (!f) {
		snprintf(buf, len, "unsupported: %s reading /proc/config.gz",
			 strerrorname_np(errno) ?: "error");
		return;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		total += n;
	if (ferror(f))
		snprintf(buf, len, "unsupported: %s reading /proc/config.gz",
			 strerrorname_np(errno) ?: "error");
	else
		snprintf(buf, len, "/proc/config.gz readable (%zu bytes)", total);
	fclose(f);
}

int probe_run(struct probe_result *pr)
{
	int mode;

	memset(pr, 0, sizeof(*pr));
	probe_uname(pr);
	probe_uffd_api(pr);
	probe_uffd_register(pr);
	for (mode = UFFD_MODE_NONE; mode < PROBE_MODES; mode++)
		probe_fault_around(mode, &pr->fault_around[mode]);
	probe_knobs(pr);
	probe_pagemap_scan(pr->pagemap_scan, PROBE_TEXT);
	probe_soft_dirty(pr->soft_dirty, PROBE_TEXT);
	probe_swap(pr->swap, sizeof(pr->swap));
	probe_pte_marker(pr);
	probe_tracepoints(pr);
	probe_kernel_config(pr->kernel_config, PROBE_TEXT);
	/* the model libpfm4 detects is a claim; an event counting proves it */
	pmu_check(&pr->pmu);
	probe_machine(pr);
	return 0;
}
