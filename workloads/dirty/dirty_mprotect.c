// SPDX-License-Identifier: GPL-2.0-only
/*
 * dirty_mprotect: the oldest dirty tracking there is, and what runtimes
 * without userfaultfd still do (garbage collectors' card marking,
 * checkpointers): mprotect(PROT_READ) the region, catch each first write as
 * SIGSEGV, record the page and make it writable again.
 *
 *   protect  mprotect(PROT_READ) of the region
 *   run      a first write to a page raises SIGSEGV in the writer; the
 *            handler records the page and mprotect()s it PROT_READ|PROT_WRITE;
 *            the write restarts when the handler returns
 *   collect  nothing to gather: the handler recorded every page
 *
 * Each unprotected page is a VMA of its own until its neighbours join it,
 * so a round can need up to twice as many VMAs as pages written: setup
 * refuses a point that could pass vm.max_map_count.
 *
 * The SIGSEGV disposition is process-wide: setup installs the handler and
 * teardown restores the one it found (ASan's, under ASan).  The runner runs
 * one repetition at a time, so at most one dirty_mprotect state exists and
 * the handler finds it through a static pointer.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "workloads/dirty/dirty.h"
#include "bench/lib/metrics.h"

#include "bench/kernel/pagesize.h"

#define MAX_MAP_COUNT "/proc/sys/vm/max_map_count"

struct mp_state {
	struct dirty *d;
	struct sigaction old;
	bool installed;
	atomic_uint_fast64_t faults, errors;
};

static _Atomic(struct mp_state *) active;

/*
 * The page could not be unprotected (ENOMEM: out of VMAs).  Retrying would
 * fault forever: open the whole region, which merges its VMAs again, and
 * let handler_errors fail the round.  If even that fails, die loudly.
 */
static void give_up(struct mp_state *ms)
{
	static const char msg[] = "fabench: dirty_mprotect: cannot unprotect the region\n";

	atomic_fetch_add(&ms->errors, 1);
	if (mprotect(ms->d->base, ms->d->size, PROT_READ | PROT_WRITE)) {
		if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
			abort();
		abort();
	}
}

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	struct mp_state *ms = atomic_load(&active);
	char *addr = si->si_addr;
	uint64_t page;

	(void)uc;
	if (!ms || addr < ms->d->base || addr >= ms->d->base + ms->d->size) {
		/*
		 * Not ours: put the previous disposition back and return, so
		 * the access faults again and meets it (the default: a core).
		 */
		sigaction(sig, ms ? &ms->old : &(struct sigaction){ .sa_handler = SIG_DFL },
			  NULL);
		return;
	}
	page = (uint64_t)(addr - ms->d->base) / PAGE;
	dirty_mark_collected(ms->d, page);
	atomic_fetch_add(&ms->faults, 1);
	if (mprotect(ms->d->base + page * PAGE, PAGE, PROT_READ | PROT_WRITE))
		give_up(ms);
}

/* Mappings in use now, from /proc/self/maps; 0 if it cannot be read. */
static uint64_t maps_in_use(void)
{
	FILE *f = fopen("/proc/self/maps", "re");
	uint64_t n = 0;
	int c;

	if (!f)
		return 0;
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

/*
 * k unprotected pages among protected ones make at most 2k + 1 VMAs (and
 * never more than the region's pages); k is at most the writes of a round.
 */
static int check_map_count(const struct dirty *d, char *why, size_t len)
{
	uint64_t writes = d->o->pages, limit, worst, used;
	FILE *f = fopen(MAX_MAP_COUNT, "re");
	unsigned long long v;
	int ok;

	if (!f)
		return 0;	/* unknown: the handler's fallback still holds */
	ok = fscanf(f, "%llu", &v) == 1;
	fclose(f);
	if (!ok)
		return 0;
	limit = v;
	worst = 2 * (writes < d->npages ? writes : d->npages) + 1;
	worst = worst < d->npages ? worst : d->npages;
	used = maps_in_use();
	if (used + worst <= limit)
		return 0;
	snprintf(why, len, "up to %llu VMAs from per-page mprotect, %llu in use, "
		 "vm.max_map_count %llu", (unsigned long long)worst,
		 (unsigned long long)used, (unsigned long long)limit);
	return WL_UNSUPPORTED;
}

static int mp_setup(struct dirty *d, char *why, size_t len)
{
	struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO | SA_RESTART };
	struct mp_state *ms, *none = NULL;
	int ret = check_map_count(d, why, len);

	if (ret)
		return ret;
	ms = calloc(1, sizeof(*ms));
	if (!ms)
		return WL_ERROR;
	d->priv = ms;
	ms->d = d;
	if (!atomic_compare_exchange_strong(&active, &none, ms)) {
		snprintf(why, len, "another dirty_mprotect round is active");
		return WL_ERROR;
	}
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, &ms->old)) {
		snprintf(why, len, "sigaction: %s", strerror(errno));
		return WL_ERROR;
	}
	ms->installed = true;
	return 0;
}

static uint64_t mp_protect(struct dirty *d)
{
	struct mp_state *ms = d->priv;

	if (mprotect(d->base, d->size, PROT_READ))
		atomic_fetch_add(&ms->errors, 1);
	return d->npages;
}

/* The handler recorded every page as its fault came in: nothing to gather. */
static uint64_t mp_collect(struct dirty *d)
{
	return d->npages;
}

static void mp_report(struct dirty *d, struct metric_sink *sink)
{
	struct mp_state *ms = d->priv;

	metric_put(sink, "segv_faults", (double)atomic_load(&ms->faults));
	metric_put_check(sink, "handler_errors", (double)atomic_load(&ms->errors));
}

static void mp_teardown(struct dirty *d)
{
	struct mp_state *ms = d->priv;
	struct mp_state *mine = ms;

	if (ms->installed)
		sigaction(SIGSEGV, &ms->old, NULL);
	atomic_compare_exchange_strong(&active, &mine, NULL);
	free(ms);
	d->priv = NULL;
}

static const struct dirty_method mprotect_method = {
	.setup = mp_setup,
	.protect = mp_protect,
	.collect = mp_collect,
	.report = mp_report,
	.teardown = mp_teardown,
};

static const struct param_desc mp_params[] = {
	DIRTY_COMMON_PARAMS,
	{ .name = NULL },
};

static const struct wl_metric mp_metrics[] = {
	DIRTY_COMMON_METRICS,
	{ .name = "segv_faults", .unit = "faults", .label = "SIGSEGVs the handler resolved" },
	{ .name = "handler_errors", .unit = "errors",
	  .label = "pages the handler could not unprotect", .better = WL_BETTER_ZERO },
	{ .name = NULL },
};

DIRTY_WORKLOAD(dirty_mprotect, "dirty tracking by mprotect and SIGSEGV",
	       mprotect_method, mp_params, mp_metrics,
	       .options_size = sizeof(struct dirty_options));
