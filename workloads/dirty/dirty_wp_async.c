// SPDX-License-Identifier: GPL-2.0-only
/*
 * dirty_wp_async: asynchronous userfaultfd write-protect with PAGEMAP_SCAN,
 * the dirty tracking of Wine's GetWriteWatch and of CRIU (Linux 6.7).
 *
 * With UFFD_FEATURE_WP_ASYNC the kernel resolves a write to a protected
 * page itself: it drops the page's uffd-wp bit and lets the write go on, no
 * message reaches user space and nothing blocks (Documentation/admin-guide/
 * mm/userfaultfd.rst).  A page whose pte has lost its wp bit is
 * PAGE_IS_WRITTEN to PAGEMAP_SCAN on /proc/self/pagemap
 * (fs/proc/task_mmu.c, pagemap_page_category: present and !pte_uffd_wp).
 *
 *   protect  UFFDIO_WRITEPROTECT of the region (protect = ioctl), or one
 *            PAGEMAP_SCAN with PM_SCAN_WP_MATCHING and no output (scan)
 *   run      writes proceed, each first one costing a kernel-only fault
 *   collect  PAGEMAP_SCAN with PM_SCAN_WP_MATCHING | PM_SCAN_CHECK_WPASYNC,
 *            category and return mask PAGE_IS_WRITTEN: the written pages, as
 *            ranges, write-protected again in the same walk
 *
 * The collect of one round is therefore also the protect of the next (what
 * Wine's reset-on-read does); a repetition here maps a fresh region, so the
 * first round's protect is timed apart, and collect_ms includes the
 * re-protection of every reported page.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/kernel/compat.h"
#include "workloads/dirty/dirty.h"
#include "workloads/dirty/dirty_plant.h"
#include "bench/lib/metrics.h"
#include "bench/kernel/pagemap.h"
#include "bench/kernel/uffd.h"

#include "bench/kernel/pagesize.h"
/* 24 MiB of page_region at most; past it the walk_end loop takes over */
#define SCAN_VEC_MAX (1ull << 20)

enum protect { PROTECT_IOCTL, PROTECT_SCAN };

struct wp_async_options {
	struct dirty_options common;
	enum protect protect;
	enum dirty_plant_choice plant_lost_write;
};

/*
 * Anonymous memory carries the wp bit of a never-touched page only in a pte
 * marker, and PAGEMAP_SCAN refuses wp-async work on a VMA without markers
 * (pagemap_scan_test_walk: userfaultfd_wp_async && userfaultfd_wp_use_markers,
 * which for anon needs WP_UNPOPULATED).  The kernel's own test asks for both
 * (tools/testing/selftests/mm/pagemap_ioctl.c, init_uffd).
 */
#define WANTED (UFFD_FEATURE_WP_ASYNC | UFFD_FEATURE_WP_UNPOPULATED)

struct wp_async {
	struct uffd_ctx u;
	int pagemap_fd;
	int protect;
	struct page_region *vec;
	uint64_t vec_len;
	uint64_t regions, calls, errors;	/* thread 0's phases only */
	struct dirty_plant plant;
};

/*
 * A VMA that is not wp-async capable, or a kernel without PAGEMAP_SCAN, is
 * found here (pagemap_check_wp_async), not in a timed phase.
 */
static int check_scan(struct wp_async *wa, const struct dirty *d, char *why, size_t len)
{
	wa->pagemap_fd = open(PAGEMAP_PATH, O_RDONLY | O_CLOEXEC);
	if (wa->pagemap_fd < 0) {
		snprintf(why, len, "%s: %s", PAGEMAP_PATH, strerror(errno));
		return WL_ERROR;
	}
	return pagemap_check_wp_async(wa->pagemap_fd, d->base, d->size, why, len) ?
	       WL_UNSUPPORTED : 0;
}

static int async_setup(struct dirty *d, char *why, size_t len)
{
	const struct wp_async_options *o = (const struct wp_async_options *)d->o;
	struct wp_async *wa = calloc(1, sizeof(*wa));
	int ret;

	if (!wa)
		return WL_ERROR;
	d->priv = wa;
	wa->u.fd = -1;
	wa->pagemap_fd = -1;
	wa->protect = o->protect;
	/*
	 * The features were exercised by the runner (async_needs), each on
	 * its own: together on this VMA they are still checked here.
	 */
	if (uffd_open(&wa->u, WANTED, why, len) ||
	    uffd_register(&wa->u, d->base, d->size, UFFD_MODE_WP, why, len))
		return WL_UNSUPPORTED;
	ret = check_scan(wa, d, why, len);
	if (ret)
		return ret;
	/* the worst case is one region per page, see SCAN_VEC_MAX */
	wa->vec_len = d->npages < SCAN_VEC_MAX ? d->npages : SCAN_VEC_MAX;
	wa->vec = malloc(wa->vec_len * sizeof(*wa->vec));
	if (!wa->vec)
		return WL_ERROR;
	return dirty_plant_setup(&wa->plant, d, o->plant_lost_write, why, len);
}

/*
 * protect = scan: PM_SCAN_WP_MATCHING with no output vector takes the
 * kernel's "exclusive WP" fast path (pagemap_scan_pmd_entry), which
 * protects every pte not yet protected, present or none (a marker).  The
 * masks must stay 0: holes without a page table go through
 * pagemap_scan_pte_hole, which protects them only if the VMA's categories
 * alone match, and PAGE_IS_WRITTEN never does there.
 *
 * One difference from the ioctl, measured on 6.18 with thp_shmem = always:
 * a PMD-mapped shmem THP is protected whole (make_uffd_wp_pmd), where
 * UFFDIO_WRITEPROTECT splits file THPs first (pgtable_split_needed); the
 * first write then drops the protection of all 512 pages, which shows as
 * false_positive (never as missed).
 */
static void protect_by_scan(struct wp_async *wa, const struct dirty *d)
{
	struct pm_scan_arg a = {
		.flags = PM_SCAN_WP_MATCHING | PM_SCAN_CHECK_WPASYNC,
		.start = (uintptr_t)d->base,
		.end = (uintptr_t)d->base + d->size,
	};

	wa->calls++;
	if (pagemap_scan(wa->pagemap_fd, &a) < 0)
		wa->errors++;
}

static uint64_t async_protect(struct dirty *d)
{
	struct wp_async *wa = d->priv;

	if (wa->protect == PROTECT_SCAN)
		protect_by_scan(wa, d);
	else if (uffd_writeprotect(&wa->u, d->base, d->size, true))
		wa->errors++;
	dirty_plant_write(&wa->plant, d);
	return d->npages;
}

/* One region PAGEMAP_SCAN reported written: its pages are collected. */
static void mark_region(const struct page_region *r, void *arg)
{
	struct dirty *d = arg;
	struct wp_async *wa = d->priv;
	uint64_t base = (uintptr_t)d->base, pg;

	wa->regions++;
	for (pg = (r->start - base) / PAGE; pg < (r->end - base) / PAGE; pg++)
		dirty_mark_collected(d, pg);
}

/*
 * category_mask = return_mask = PAGE_IS_WRITTEN, anyof and inverted 0: the
 * same set as anyof = PAGE_IS_WRITTEN, and exactly the combination
 * pagemap_scan_pmd_entry serves from its fast path without computing every
 * category.  The kernel stops early when the vector is full (-ENOSPC inside,
 * walk_end < end outside); the pages it did not reach are still unprotected
 * and reported by the next call, from walk_end.  walk_end also stays short
 * of end after a complete walk whenever the kernel's own 512-region bounce
 * buffer filled on the way (do_pagemap_scan keeps the last internal stop;
 * seen on 6.18): the loop then makes one more call, which finds nothing,
 * and scan_calls counts it.
 */
static uint64_t async_collect(struct dirty *d)
{
	struct wp_async *wa = d->priv;
	struct pm_scan_arg a = {
		.flags = PM_SCAN_WP_MATCHING | PM_SCAN_CHECK_WPASYNC,
		.start = (uintptr_t)d->base,
		.end = (uintptr_t)d->base + d->size,
		.vec = (uintptr_t)wa->vec,
		.vec_len = wa->vec_len,
		.category_mask = PAGE_IS_WRITTEN,
		.return_mask = PAGE_IS_WRITTEN,
	};

	if (pagemap_scan_walk(wa->pagemap_fd, &a, mark_region, d, &wa->calls))
		wa->errors++;
	return d->npages;
}

static void async_report(struct dirty *d, struct metric_sink *ms)
{
	struct wp_async *wa = d->priv;

	metric_put(ms, "scan_regions", (double)wa->regions);
	metric_put(ms, "scan_calls", (double)wa->calls);
	metric_put_check(ms, "ioctl_errors", (double)wa->errors);
}

static void async_teardown(struct dirty *d)
{
	struct wp_async *wa = d->priv;

	if (wa->u.fd >= 0)
		uffd_close(&wa->u);
	if (wa->pagemap_fd >= 0)
		close(wa->pagemap_fd);
	dirty_plant_teardown(&wa->plant);
	free(wa->vec);
	free(wa);
	d->priv = NULL;
}

static const struct dirty_method wp_async_method = {
	.setup = async_setup,
	.protect = async_protect,
	.collect = async_collect,
	.report = async_report,
	.teardown = async_teardown,
};

static const char *const protect_modes[] = { "ioctl", "scan", NULL };

static const struct param_ident protect_idents[] = {
	PARAM_IDENT(PROTECT_IOCTL), PARAM_IDENT(PROTECT_SCAN), { 0, NULL },
};

static const struct param_desc async_params[] = {
	DIRTY_COMMON_PARAMS,
	{ .name = "protect", .type = PT_ENUM, .values = protect_modes,
	  .off = offsetof(struct wp_async_options, protect), .idents = protect_idents,
	  .def = "ioctl",
	  .help = "first protect by UFFDIO_WRITEPROTECT, or PAGEMAP_SCAN with WP_MATCHING" },
	DIRTY_PLANT_PARAM(struct wp_async_options),
	{ .name = NULL },
};

/* WANTED, PAGEMAP_SCAN, and uffd-wp on the backend's kind of memory */
static unsigned int async_needs(const void *options)
{
	const struct dirty_options *o = options;

	return CAP_BIT(CAP_UFFD_WP_ASYNC) | CAP_BIT(CAP_UFFD_WP_UNPOPULATED) |
	       CAP_BIT(CAP_PAGEMAP_SCAN) |
	       CAP_BIT(o->backend == DB_MEMFD ? CAP_UFFD_WP_SHMEM : CAP_UFFD_WP_ANON);
}

static const struct wl_metric async_metrics[] = {
	DIRTY_COMMON_METRICS,
	{ .name = "scan_regions", .unit = "regions", .label = "written regions PAGEMAP_SCAN returned" },
	{ .name = "scan_calls", .unit = "calls", .label = "PAGEMAP_SCAN calls" },
	{ .name = "ioctl_errors", .unit = "errors",
	  .label = "PAGEMAP_SCAN or UFFDIO calls that failed", .better = WL_BETTER_ZERO },
	{ .name = NULL },
};

DIRTY_WORKLOAD(dirty_wp_async, "dirty tracking by async uffd write-protect and PAGEMAP_SCAN",
	       wp_async_method, async_params, async_metrics,
	       .options_size = sizeof(struct wp_async_options), .needs = async_needs);
