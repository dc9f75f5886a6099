// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel side of wp_oracle: the userfaultfd (registration and the
 * first protection of every page), the sync mode's fault handler, and the
 * async mode's PAGEMAP_SCAN.  What each answer means for the ground truth
 * is decided in wp_oracle.c (wo_fault, wo_scanned).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/kernel/pagemap.h"
#include "workloads/workload.h"
#include "workloads/wp_oracle/wp_oracle.h"

#define MAX_BATCH 64

int wo_set_wp(struct wp_oracle *o, uint64_t first, uint64_t n, bool protect)
{
	return uffd_writeprotect(&o->u, o->base + first * WO_PAGE, n * WO_PAGE, protect);
}

/* One message: a WP fault is judged, then resolved unless it is stale. */
static void handle(const struct uffd_msg *m, void *arg)
{
	struct wp_oracle *o = arg;
	uint64_t addr = m->arg.pagefault.address & ~(WO_PAGE - 1);
	uint64_t page = (addr - (uintptr_t)o->base) / WO_PAGE;

	if (m->event != UFFD_EVENT_PAGEFAULT ||
	    !(m->arg.pagefault.flags & UFFD_PAGEFAULT_FLAG_WP) ||
	    addr < (uintptr_t)o->base || page >= o->npages) {
		wo_count(o, C_ORACLE_ERRORS, 1);
		return;
	}
	if (wo_fault(o, page) && wo_set_wp(o, page, 1, false))
		wo_count(o, C_ORACLE_ERRORS, 1);
}

static int start_handler(struct wp_oracle *o, char *why, size_t len)
{
	const struct uffd_handler_conf conf = {
		.uffd = o->u.fd, .threads = 1, .cpu = o->helper_cpu, .batch = MAX_BATCH,
		.on_msg = handle, .arg = o,
	};
	int err = uffd_handler_start(&o->handler, &conf);

	if (err) {
		snprintf(why, len, "handler thread: %s", strerror(-err));
		return WL_ERROR;
	}
	return 0;
}

/* The async mode's scans must work on this VMA (pagemap_check_wp_async). */
static int check_scan(struct wp_oracle *o, char *why, size_t len)
{
	if (pagemap_check_wp_async(o->pagemap_fd, o->base, o->size, why, len))
		return WL_ERROR;
	o->vec = calloc(o->window, sizeof(*o->vec));
	return o->vec ? 0 : WL_ERROR;
}

/*
 * The runner has exercised all of it on a memfd of its own first (wo_needs:
 * uffd-wp on shmem, or WP_ASYNC with the PAGEMAP_SCAN check): a refusal
 * here is a failure.
 */
int wo_track_setup(struct wp_oracle *o, char *why, size_t len)
{
	int ret;

	if (uffd_open(&o->u, o->mode == WO_ASYNC ? UFFD_FEATURE_WP_ASYNC : 0, why, len))
		return WL_ERROR;
	o->uffd_open = true;
	if (uffd_register(&o->u, o->base, o->size, UFFD_MODE_WP, why, len))
		return WL_ERROR;
	o->pagemap_fd = open(PAGEMAP_PATH, O_RDONLY | O_CLOEXEC);
	if (o->pagemap_fd < 0) {
		snprintf(why, len, "%s: %s", PAGEMAP_PATH, strerror(errno));
		return WL_ERROR;
	}
	ret = o->mode == WO_ASYNC ? check_scan(o, why, len) : 0;
	if (ret)
		return ret;
	ret = wo_set_wp(o, 0, o->npages, true);
	if (ret) {
		snprintf(why, len, "UFFDIO_WRITEPROTECT: %s", strerrorname_np(-ret) ?: "error");
		return WL_ERROR;
	}
	return o->mode == WO_SYNC ? start_handler(o, why, len) : 0;
}

/* The pages of a written region, as bits from the window's first page on. */
struct written {
	uint64_t start;
	uint64_t *bits;
};

static void mark_written(const struct page_region *r, void *arg)
{
	struct written *w = arg;
	uint64_t pg, i;

	for (pg = r->start; pg < r->end; pg += WO_PAGE) {
		i = (pg - w->start) / WO_PAGE;
		w->bits[i / 64] |= 1ull << (i % 64);
	}
}

/*
 * The written pages of a claimed window, write-protected again in the same
 * walk: PM_SCAN_WP_MATCHING with category and return mask PAGE_IS_WRITTEN,
 * what an async dirty tracker does.  -errno if the walk failed.
 */
static int scan_written(struct wp_oracle *o, uint64_t first, uint64_t n, uint64_t *bits)
{
	struct written w = { .start = (uintptr_t)o->base + first * WO_PAGE, .bits = bits };
	struct pm_scan_arg a = {
		.flags = PM_SCAN_WP_MATCHING | PM_SCAN_CHECK_WPASYNC,
		.start = w.start,
		.end = w.start + n * WO_PAGE,
		.vec = (uintptr_t)o->vec,
		.vec_len = n,
		.category_mask = PAGE_IS_WRITTEN,
		.return_mask = PAGE_IS_WRITTEN,
	};

	return pagemap_scan_walk(o->pagemap_fd, &a, mark_written, &w, NULL);
}

/* One oracle round on a claimed window: judge it (async), protect it. */
void wo_track_window(struct wp_oracle *o, uint64_t first, uint64_t n)
{
	uint64_t bits[WO_MAX_WINDOW / 64] = { 0 }, e[WO_MAX_WINDOW], i;
	bool written, pte;

	if (o->mode == WO_ASYNC) {
		/* the ptes the scan will see, for the page history */
		pte = !pagemap_entries(o->pagemap_fd, o->base + first * WO_PAGE, n, e);
		if (scan_written(o, first, n, bits)) {
			wo_count(o, C_ORACLE_ERRORS, 1);
		} else {
			for (i = 0; i < n; i++) {
				written = bits[i / 64] >> (i % 64) & 1;
				wo_hist_pte(o, first + i, written ? EV_SCAN_WRITTEN : EV_SCAN_CLEAN,
					    pte ? pagemap_pte_char(e[i]) : 0);
				wo_scanned(o, first + i, written);
			}
		}
	}
	/* async too: a page the scan left unprotected (punched) is protected */
	if (wo_set_wp(o, first, n, true))
		wo_count(o, C_ORACLE_ERRORS, 1);
}

void wo_track_teardown(struct wp_oracle *o)
{
	uffd_handler_stop(&o->handler);
	if (o->uffd_open)
		uffd_close(&o->u);
	if (o->pagemap_fd >= 0)
		close(o->pagemap_fd);
	free(o->vec);
}
