// SPDX-License-Identifier: GPL-2.0-only
/*
 * dirty_uffd_wp: synchronous userfaultfd write-protect dirty tracking, the
 * way QEMU's background snapshot works.  Every first write to a protected
 * page blocks its writer until a handler thread has recorded the page and
 * removed the protection; the per-write latency histogram is that round
 * trip.  Handlers read messages in batches and resolve them page by page
 * or as coalesced ranges, waking each writer or once per range.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/kernel/compat.h"
#include "workloads/dirty/dirty.h"
#include "workloads/dirty/dirty_plant.h"
#include "bench/lib/metrics.h"
#include "bench/kernel/uffd.h"

#include "bench/kernel/pagesize.h"

#define MAX_HANDLERS UFFD_HANDLER_MAX_THREADS
#define MAX_BATCH UFFD_HANDLER_MAX_BATCH

enum resolve { RESOLVE_PAGE, RESOLVE_RANGE };
enum wake { WAKE_EACH, WAKE_BATCH };

struct wp_sync_options {
	struct dirty_options common;
	uint64_t handlers;
	enum resolve resolve;
	enum wake wake;
	uint64_t batch;
	enum dirty_plant_choice plant_lost_write;
};

struct wp_sync {
	struct uffd_ctx u;
	struct dirty *d;
	int nhandlers, resolve, wake, batch;
	struct uffd_handler handler;
	atomic_uint_fast64_t msgs, ioctls, errors;
	struct dirty_plant plant;
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Unprotect [start, start+len); with wake = batch the writers wait for a WAKE. */
static void unprotect(struct wp_sync *ws, uint64_t start, uint64_t len)
{
	struct uffdio_writeprotect wp = {
		.range = { .start = start, .len = len },
		.mode = ws->wake == WAKE_BATCH ? UFFDIO_WRITEPROTECT_MODE_DONTWAKE : 0,
	};
	struct uffdio_range wake = { .start = start, .len = len };

	atomic_fetch_add(&ws->ioctls, 1);
	if (ioctl(ws->u.fd, UFFDIO_WRITEPROTECT, &wp))
		atomic_fetch_add(&ws->errors, 1);
	if (ws->wake == WAKE_BATCH && ioctl(ws->u.fd, UFFDIO_WAKE, &wake))
		atomic_fetch_add(&ws->errors, 1);
}

/* One batch of fault addresses: record each, then resolve per page or per run. */
static void resolve_batch(struct wp_sync *ws, uint64_t *page, int n)
{
	uint64_t base = (uint64_t)(uintptr_t)ws->d->base;
	int i, j;

	for (i = 0; i < n; i++)
		dirty_mark_collected(ws->d, (page[i] - base) / PAGE);
	if (ws->resolve == RESOLVE_PAGE) {
		for (i = 0; i < n; i++)
			unprotect(ws, page[i], PAGE);
		return;
	}
	qsort(page, (size_t)n, sizeof(*page), cmp_u64);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && page[j] <= page[j - 1] + PAGE; j++)
			;
		unprotect(ws, page[i], page[j - 1] + PAGE - page[i]);
	}
}

/* The messages of one read: WP faults, recorded and resolved together. */
static void handler_batch(const struct uffd_msg *msg, int count, void *arg)
{
	struct wp_sync *ws = arg;
	uint64_t page[UFFD_HANDLER_MAX_BATCH];
	int i, n;

	for (i = 0, n = 0; i < count; i++) {
		if (msg[i].event != UFFD_EVENT_PAGEFAULT ||
		    !(msg[i].arg.pagefault.flags & UFFD_PAGEFAULT_FLAG_WP)) {
			atomic_fetch_add(&ws->errors, 1);
			continue;
		}
		page[n++] = msg[i].arg.pagefault.address & ~(PAGE - 1);
	}
	atomic_fetch_add(&ws->msgs, (uint64_t)n);
	resolve_batch(ws, page, n);
}

static int start_handlers(struct wp_sync *ws, char *why, size_t len)
{
	const struct uffd_handler_conf conf = {
		.uffd = ws->u.fd, .threads = ws->nhandlers, .cpu = ws->d->helper_cpu,
		.batch = (unsigned int)ws->batch, .on_batch = handler_batch, .arg = ws,
	};
	int err = uffd_handler_start(&ws->handler, &conf);

	if (err) {
		snprintf(why, len, "handler threads: %s", strerror(-err));
		return WL_ERROR;
	}
	return 0;
}

/*
 * Private anonymous memory that was never touched has no pte to carry the
 * protection: only UFFD_FEATURE_WP_UNPOPULATED (Linux 6.4) tracks it.
 */
static uint64_t wanted_features(const struct dirty_options *o)
{
	if (o->backend == DB_ANON && o->start == DS_UNPOPULATED)
		return UFFD_FEATURE_WP_UNPOPULATED;
	return 0;
}

static unsigned int wp_needs(const void *options)
{
	const struct dirty_options *o = options;

	if (o->backend == DB_MEMFD)
		return CAP_BIT(CAP_UFFD_WP_SHMEM);
	return wanted_features(o) ? CAP_BIT(CAP_UFFD_WP_UNPOPULATED) : CAP_BIT(CAP_UFFD_WP_ANON);
}

static int wp_setup(struct dirty *d, char *why, size_t len)
{
	const struct wp_sync_options *o = (const struct wp_sync_options *)d->o;
	struct wp_sync *ws = calloc(1, sizeof(*ws));
	int ret;

	if (!ws)
		return WL_ERROR;
	d->priv = ws;
	ws->d = d;
	ws->u.fd = -1;
	ws->nhandlers = (int)o->handlers;
	ws->resolve = o->resolve;
	ws->wake = o->wake;
	ws->batch = (int)o->batch;
	/* exercised by the runner first (wp_needs): a refusal is a failure */
	if (uffd_open(&ws->u, wanted_features(d->o), why, len) ||
	    uffd_register(&ws->u, d->base, d->size, UFFD_MODE_WP, why, len))
		return WL_ERROR;
	ret = dirty_plant_setup(&ws->plant, d, o->plant_lost_write, why, len);
	return ret ? ret : start_handlers(ws, why, len);
}

static uint64_t wp_protect(struct dirty *d)
{
	struct wp_sync *ws = d->priv;

	if (uffd_writeprotect(&ws->u, d->base, d->size, true))
		atomic_fetch_add(&ws->errors, 1);
	dirty_plant_write(&ws->plant, d);
	return d->npages;
}

/* The handlers recorded every page as its fault came in: nothing to gather. */
static uint64_t wp_collect(struct dirty *d)
{
	return d->npages;
}

static void wp_report(struct dirty *d, struct metric_sink *ms)
{
	struct wp_sync *ws = d->priv;
	uint64_t msgs = atomic_load(&ws->msgs), reads = atomic_load(&ws->handler.reads);

	metric_put(ms, "wp_faults", (double)msgs);
	metric_put(ms, "handler_reads", (double)reads);
	metric_put(ms, "msgs_per_read", reads ? (double)msgs / (double)reads : 0);
	metric_put(ms, "wp_ioctls", (double)atomic_load(&ws->ioctls));
	metric_put_check(ms, "handler_errors",
			 (double)(atomic_load(&ws->errors) + atomic_load(&ws->handler.errors)));
}

static void wp_teardown(struct dirty *d)
{
	struct wp_sync *ws = d->priv;

	uffd_handler_stop(&ws->handler);
	if (ws->u.fd >= 0)
		uffd_close(&ws->u);
	dirty_plant_teardown(&ws->plant);
	free(ws);
	d->priv = NULL;
}

static const struct dirty_method wp_sync_method = {
	.setup = wp_setup,
	.protect = wp_protect,
	.collect = wp_collect,
	.report = wp_report,
	.teardown = wp_teardown,
};

static const char *const resolve_modes[] = { "page", "range", NULL };
static const char *const wake_modes[] = { "each", "batch", NULL };

static const struct param_ident resolve_idents[] = {
	PARAM_IDENT(RESOLVE_PAGE), PARAM_IDENT(RESOLVE_RANGE), { 0, NULL },
};
static const struct param_ident wake_idents[] = {
	PARAM_IDENT(WAKE_EACH), PARAM_IDENT(WAKE_BATCH), { 0, NULL },
};

#define WP_OPT(field) .off = offsetof(struct wp_sync_options, field)

static const struct param_desc wp_params[] = {
	DIRTY_COMMON_PARAMS,
	{ .name = "handlers", .type = PT_UINT, .def = "1", .min = 1, WP_OPT(handlers),
	  .max = MAX_HANDLERS, .help = "handler threads reading the uffd" },
	{ .name = "resolve", .type = PT_ENUM, .values = resolve_modes, WP_OPT(resolve),
	  .idents = resolve_idents, .def = "page",
	  .help = "unprotect each page, or coalesced ranges of a batch" },
	{ .name = "wake", .type = PT_ENUM, .values = wake_modes, WP_OPT(wake),
	  .idents = wake_idents, .def = "each",
	  .help = "UFFDIO_WRITEPROTECT wakes, or DONTWAKE then UFFDIO_WAKE per range" },
	{ .name = "batch", .type = PT_UINT, .def = "64", .min = 1, WP_OPT(batch),
	  .max = MAX_BATCH, .help = "uffd messages read at once" },
	DIRTY_PLANT_PARAM(struct wp_sync_options),
	{ .name = NULL },
};

static const struct wl_metric wp_metrics[] = {
	DIRTY_COMMON_METRICS,
	{ .name = "wp_faults", .unit = "faults", .label = "write-protect faults handled" },
	{ .name = "handler_reads", .unit = "reads", .label = "reads of the uffd by the handlers" },
	{ .name = "msgs_per_read", .unit = "messages", .label = "uffd messages per read" },
	{ .name = "wp_ioctls", .unit = "ioctls", .label = "UFFDIO_WRITEPROTECT calls to resolve" },
	{ .name = "handler_errors", .unit = "errors",
	  .label = "handler reads or ioctls that failed", .better = WL_BETTER_ZERO },
	{ .name = NULL },
};

DIRTY_WORKLOAD(dirty_uffd_wp, "dirty tracking by synchronous uffd write-protect faults",
	       wp_sync_method, wp_params, wp_metrics,
	       .options_size = sizeof(struct wp_sync_options), .needs = wp_needs);
