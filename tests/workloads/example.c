// SPDX-License-Identifier: GPL-2.0-only
/*
 * example: the smallest honest workload, registered only in the test build
 * (build/fabench-test, `make fabench-test`), never in fabench.  It shows
 * that a workload's own declarations are all analysis needs: nothing in
 * analysis/ names it, yet report plots its metric, compare gives its
 * direction and regress gates it (tests/example.sh).
 *
 * One repetition maps `size` of private anonymous memory; run() writes the
 * first byte of every page (the write faults the page in) and then reads
 * every cache line of the page `reads` times: each read pass is more work
 * per page.  Its own metrics: touch_ns_per_page, run()'s time per page as
 * it measures it itself (headline, plotted), and wrong_pages, pages that
 * did not read back what was written (a correctness count).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "bench/kernel/pagesize.h"
#include "bench/lib/timer.h"
#include "workloads/workload.h"

#define LINE 64

struct example_options {
	uint64_t size;
	uint64_t reads;
};

struct example {
	char *base;
	uint64_t size, npages, reads;
	uint64_t ticks;			/* run()'s own time */
	uint64_t sum;			/* the reads' result, kept so they happen */
};

static int example_prepare(const struct wl_point *pt, void **state, int *nthreads,
			   char *why, size_t len)
{
	const struct example_options *o = pt->options;
	struct example *ex = calloc(1, sizeof(*ex));

	*state = ex;
	if (!ex)
		return WL_ERROR;
	ex->size = o->size;
	ex->npages = ex->size / page_size();
	ex->reads = o->reads;
	ex->base = mmap(NULL, ex->size, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ex->base == MAP_FAILED) {
		ex->base = NULL;
		snprintf(why, len, "mmap %llu bytes: %s", (unsigned long long)ex->size,
			 strerror(errno));
		return WL_ERROR;
	}
	*nthreads = 1;
	return 0;
}

static char tag(uint64_t page)
{
	return (char)(page % 251 + 1);
}

static WL_MEASURED_LOOP uint64_t example_run(void *state, struct wl_thread *t)
{
	struct example *ex = state;
	uint64_t i, r, off, sum = 0, t0 = timer_now();
	size_t page = page_size();

	meter_start(t->meter);
	for (i = 0; i < ex->npages; i++) {
		volatile char *p = ex->base + i * page;

		p[0] = tag(i);
		for (r = 0; r < ex->reads; r++)
			for (off = 0; off < page; off += LINE)
				sum += (unsigned char)p[off];
		meter_mark(t->meter);
	}
	ex->ticks = timer_now() - t0;
	ex->sum = sum;
	return ex->npages;
}

static void example_collect(void *state, struct metric_sink *ms)
{
	struct example *ex = state;
	uint64_t i, wrong = 0;

	for (i = 0; i < ex->npages; i++)
		wrong += ex->base[i * page_size()] != tag(i);
	metric_put(ms, "touch_ns_per_page",
		   timer_ticks_to_ns(ex->ticks) / (double)(ex->npages ? ex->npages : 1));
	metric_put(ms, "wrong_pages", (double)wrong);
}

static void example_cleanup(void *state)
{
	struct example *ex = state;

	if (!ex)
		return;
	if (ex->base)
		munmap(ex->base, ex->size);
	free(ex);
}

static const struct param_desc example_params[] = {
	{ .name = "size", .type = PT_SIZE, .def = "4M", .min = 64 << 10,
	  .max = 1ull << 30, .flags = PF_MEMORY | PF_PAGE_ALIGNED,
	  .off = offsetof(struct example_options, size),
	  .help = "anonymous mapping, every page touched once" },
	{ .name = "reads", .type = PT_UINT, .def = "0", .max = 100000,
	  .off = offsetof(struct example_options, reads),
	  .help = "read passes over each page's cache lines after its write" },
	{ .name = NULL },
};

static const struct wl_column example_columns[] = {
	{ "touch_ns_per_page", "ns/page", 9, 1 },
	{ "wrong_pages", "wrong", 6, 0 },
	{ NULL, NULL, 0, 0 },
};

static const struct wl_metric example_metrics[] = {
	{ .name = "touch_ns_per_page", .unit = "ns",
	  .label = "write and read passes per page",
	  .better = WL_BETTER_LOWER, .headline = true, .plot = WL_PLOT_BARS,
	  .series = "reads" },
	{ .name = "wrong_pages", .unit = "pages", .label = "pages that read back wrong",
	  .better = WL_BETTER_ZERO },
	{ .name = NULL },
};

const struct workload example_workload = {
	.name = "example",
	.description = "test build only: write then read every page of an anonymous mapping",
	.unit = "page",
	.params = example_params,
	.options_size = sizeof(struct example_options),
	.columns = example_columns,
	.metrics = example_metrics,
	.prepare = example_prepare,
	.run = example_run,
	.collect = example_collect,
	.cleanup = example_cleanup,
};
