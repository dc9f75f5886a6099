// SPDX-License-Identifier: GPL-2.0-only
/*
 * dirty_uffd_wp: synchronous userfaultfd write-protect dirty tracking, the
 * way QEMU's background snapshot works.  Every first write to a protected
 * page blocks its writer until a handler thread has recorded the page and
 * removed the protection; the per-write latency histogram is that round
 * trip.  Handlers read messages in batches and resolve them page by page
 * or as coalesced ranges, waking each writer or once per range.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "bench/kernel/compat.h"
#include "workloads/dirty/dirty.h"
#include "workloads/dirty/dirty_plant.h"
#include "bench/lib/metrics.h"
#include "bench/kernel/uffd.h"

#include "bench/kernel/pagesize.h"
/* the running kernel's page size (4K, 16K or 64K), not a constant */
#define PAGE page_size()
#define MAX_HANDLERS 16
#define MAX_BATCH 512

enum { P_HANDLERS = DP_COMMON_COUNT, P_RESOLVE, P_WAKE, P_BATCH, P_PLANT };
enum { RESOLVE_PAGE, RESOLVE_RANGE };
enum { WAKE_EACH, WAKE_BATCH };

struct wp_sync {
	struct uffd_ctx u;
	struct dirty *d;
	int nhandlers, resolve, wake, batch;
	int stop_fd;
	pthread_t th[MAX_HANDLERS];
	int started;
	atomic_uint_fast64_t msgs, reads, ioctls, errors;
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

static void *handler_main(void *arg)
{
	struct wp_sync *ws = arg;
	struct uffd_msg msg[MAX_BATCH];
	uint64_t page[MAX_BATCH];
	struct pollfd pfd[2] = {
		{ .fd = ws->u.fd, .events = POLLIN },
		{ .fd = ws->stop_fd, .events = POLLIN },
	};
	ssize_t got;
	int i, n;

	for (;;) {
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			break;
		if (pfd[1].revents)
			break;
		got = read(ws->u.fd, msg, sizeof(msg[0]) * (size_t)ws->batch);
		if (got < 0) {
			if (errno != EAGAIN && errno != EINTR)
				atomic_fetch_add(&ws->errors, 1);
			continue;
		}
		atomic_fetch_add(&ws->reads, 1);
		for (i = 0, n = 0; i < got / (ssize_t)sizeof(msg[0]); i++) {
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
	return NULL;
}

static int start_handlers(struct wp_sync *ws, char *why, size_t len)
{
	pthread_attr_t attr;
	cpu_set_t set;
	int i, err = 0;

	ws->stop_fd = eventfd(0, EFD_CLOEXEC);
	if (ws->stop_fd < 0) {
		snprintf(why, len, "eventfd: %s", strerror(errno));
		return WL_ERROR;
	}
	pthread_attr_init(&attr);
	if (ws->d->helper_cpu >= 0) {
		CPU_ZERO(&set);
		CPU_SET(ws->d->helper_cpu, &set);
		pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
	}
	for (i = 0; i < ws->nhandlers && !err; i++)
		err = pthread_create(&ws->th[i], &attr, handler_main, ws);
	pthread_attr_destroy(&attr);
	ws->started = err ? i - 1 : i;
	if (err) {
		snprintf(why, len, "handler thread: %s", strerror(err));
		return WL_ERROR;
	}
	return 0;
}

/*
 * Private anonymous memory that was never touched has no pte to carry the
 * protection: only UFFD_FEATURE_WP_UNPOPULATED (Linux 6.4) tracks it.
 */
static uint64_t wanted_features(const struct dirty *d)
{
	if (d->p[DP_BACKEND].idx == DB_ANON && d->p[DP_START].idx == DS_UNPOPULATED)
		return UFFD_FEATURE_WP_UNPOPULATED;
	return 0;
}

static int wp_setup(struct dirty *d, char *why, size_t len)
{
	struct wp_sync *ws = calloc(1, sizeof(*ws));
	int ret;

	if (!ws)
		return WL_ERROR;
	d->priv = ws;
	ws->d = d;
	ws->stop_fd = -1;
	ws->u.fd = -1;
	ws->nhandlers = (int)d->p[P_HANDLERS].num;
	ws->resolve = d->p[P_RESOLVE].idx;
	ws->wake = d->p[P_WAKE].idx;
	ws->batch = (int)d->p[P_BATCH].num;
	if (uffd_open(&ws->u, wanted_features(d), why, len) ||
	    uffd_register(&ws->u, d->base, d->size, UFFD_MODE_WP, why, len))
		return WL_UNSUPPORTED;
	ret = dirty_plant_setup(&ws->plant, d, P_PLANT, why, len);
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
	uint64_t msgs = atomic_load(&ws->msgs), reads = atomic_load(&ws->reads);

	metric_put(ms, "wp_faults", (double)msgs);
	metric_put(ms, "handler_reads", (double)reads);
	metric_put(ms, "msgs_per_read", reads ? (double)msgs / (double)reads : 0);
	metric_put(ms, "wp_ioctls", (double)atomic_load(&ws->ioctls));
	metric_put_check(ms, "handler_errors", (double)atomic_load(&ws->errors));
}

static void wp_teardown(struct dirty *d)
{
	struct wp_sync *ws = d->priv;
	uint64_t one = 1;
	int i;

	if (ws->stop_fd >= 0 && write(ws->stop_fd, &one, sizeof(one)) != sizeof(one))
		abort();
	for (i = 0; i < ws->started; i++)
		pthread_join(ws->th[i], NULL);
	if (ws->stop_fd >= 0)
		close(ws->stop_fd);
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

static const struct param_desc wp_params[] = {
	DIRTY_COMMON_PARAMS,
	[P_HANDLERS] = { .name = "handlers", .type = PT_UINT, .def = "1", .min = 1,
			 .max = MAX_HANDLERS, .help = "handler threads reading the uffd" },
	[P_RESOLVE] = { .name = "resolve", .type = PT_ENUM, .values = resolve_modes,
			.def = "page",
			.help = "unprotect each page, or coalesced ranges of a batch" },
	[P_WAKE] = { .name = "wake", .type = PT_ENUM, .values = wake_modes,
		     .def = "each",
		     .help = "UFFDIO_WRITEPROTECT wakes, or DONTWAKE then UFFDIO_WAKE per range" },
	[P_BATCH] = { .name = "batch", .type = PT_UINT, .def = "64", .min = 1,
		      .max = MAX_BATCH, .help = "uffd messages read at once" },
	[P_PLANT] = DIRTY_PLANT_PARAM,
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
	       wp_sync_method, wp_params, wp_metrics);
