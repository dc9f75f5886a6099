// SPDX-License-Identifier: GPL-2.0-only
/* The dirty-tracking round and its ground truth; see dirty.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench/kernel/compat.h"
#include "bench/lib/prng.h"
#include "workloads/dirty/dirty.h"
#include "bench/lib/metrics.h"
#include "bench/kernel/shm.h"

#include "bench/kernel/pagesize.h"

#define WORDS(n) (((n) + 63) / 64)

const char *const dirty_backends[] = { "memfd", "anon", NULL };
const char *const dirty_starts[] = { "populated", "unpopulated", "readfault", NULL };
const struct param_ident dirty_backend_idents[] = {
	PARAM_IDENT(DB_MEMFD), PARAM_IDENT(DB_ANON), { 0, NULL },
};
const struct param_ident dirty_start_idents[] = {
	PARAM_IDENT(DS_POPULATED), PARAM_IDENT(DS_UNPOPULATED), PARAM_IDENT(DS_READFAULT),
	{ 0, NULL },
};

int dirty_parse_pattern(const char *text, struct param_value *out,
			char *err, size_t errlen)
{
	static const char *const simple[] = { "seq", "random", "hot" };

	return param_parse_pattern(text, simple, DW_STRIDE, 1, out, err, errlen);
}


/* Writer w's pages: `count` writes inside its share [lo, lo + share). */
static void make_plan(uint64_t *plan, uint64_t count, uint64_t lo, uint64_t share,
		      const struct param_value *pat, uint64_t seed)
{
	uint64_t i, s = seed * 2 + 1, hot = share / 10 ? share / 10 : 1, step;

	for (i = 0; i < count; i++) {
		switch (pat->idx) {
		case DW_SEQ:
			plan[i] = lo + i % share;
			break;
		case DW_RANDOM:
			plan[i] = lo + prng_next(&s) % share;
			break;
		case DW_HOT:
			/* 90% of the writes go to the first tenth of the share */
			plan[i] = lo + prng_next(&s) % (prng_next(&s) % 10 ? hot : share);
			break;
		case DW_STRIDE:
			step = i * pat->num;
			plan[i] = lo + (step + step / share) % share;
			break;
		}
	}
}

static int make_plans(struct dirty *d, uint64_t seed)
{
	uint64_t total = d->o->pages, lo, share;
	int w;

	d->plan = calloc((size_t)d->writers, sizeof(*d->plan));
	d->plan_len = calloc((size_t)d->writers, sizeof(*d->plan_len));
	d->written = calloc((size_t)d->writers, sizeof(*d->written));
	if (!d->plan || !d->plan_len || !d->written)
		return -1;
	for (w = 0; w < d->writers; w++) {
		lo = d->npages * (uint64_t)w / (uint64_t)d->writers;
		share = d->npages * (uint64_t)(w + 1) / (uint64_t)d->writers - lo;
		d->plan_len[w] = total / (uint64_t)d->writers +
				 ((uint64_t)w < total % (uint64_t)d->writers);
		d->plan[w] = malloc(d->plan_len[w] * sizeof(uint64_t) + 1);
		d->written[w] = calloc(WORDS(d->npages), sizeof(uint64_t));
		if (!d->plan[w] || !d->written[w])
			return -1;
		make_plan(d->plan[w], d->plan_len[w], lo, share, &d->o->pattern,
			  seed + (uint64_t)w);
	}
	return 0;
}

static int map_region(struct dirty *d, char *why, size_t len)
{
	int flags = MAP_SHARED;

	if (d->o->backend == DB_MEMFD) {
		d->fd = memfd_create("fabench-dirty", MFD_CLOEXEC);
		if (d->fd < 0 || ftruncate(d->fd, (off_t)d->size)) {
			snprintf(why, len, "memfd: %s", strerror(errno));
			return WL_ERROR;
		}
	} else {
		flags = MAP_PRIVATE | MAP_ANONYMOUS;
	}
	d->base = mmap(NULL, d->size, PROT_READ | PROT_WRITE, flags, d->fd, 0);
	if (d->base == MAP_FAILED) {
		d->base = NULL;
		snprintf(why, len, "mmap: %s", strerror(errno));
		return WL_ERROR;
	}
	return 0;
}

/*
 * start = readfault: the page cache is written through the file, then
 * every page is read through the mapping, after the method armed it, so
 * fault-around maps what the kernel lets it map in such a VMA.
 */
static int populate_by_reads(struct dirty *d, char *why, size_t len)
{
	volatile char sink = 0;
	uint64_t i;
	int err = d->fd >= 0 ? shm_fill(d->fd, d->size, 0x5a) : 0;

	if (err) {
		snprintf(why, len, "pwrite: %s", strerror(-err));
		return WL_ERROR;
	}
	for (i = 0; i < d->npages; i++)
		sink ^= d->base[i * PAGE];
	(void)sink;
	return 0;
}

int dirty_prepare(const struct dirty_method *m, const struct wl_point *pt,
		  void **state, int *nthreads, char *why, size_t len)
{
	struct dirty *d = calloc(1, sizeof(*d));
	int ret;

	*state = d;
	if (!d)
		return WL_ERROR;
	d->method = m;
	d->o = pt->options;
	d->fd = -1;
	d->size = d->o->size;
	d->npages = d->size / PAGE;
	d->writers = (int)d->o->writers;
	d->round = pt->seed * 1000003 + 1;
	d->helper_cpu = pt->helper_cpu;
	*nthreads = d->writers;
	if ((uint64_t)d->writers > d->npages) {
		snprintf(why, len, "%d writers for %llu pages", d->writers,
			 (unsigned long long)d->npages);
		return WL_ERROR;
	}
	d->collected = calloc(WORDS(d->npages), sizeof(uint64_t));
	if (!d->collected || make_plans(d, pt->seed))
		return WL_ERROR;
	ret = map_region(d, why, len);
	if (!ret && d->o->start == DS_POPULATED)
		memset(d->base, 0x5a, d->size);
	if (!ret)
		ret = m->setup(d, why, len);
	if (!ret && d->o->start == DS_READFAULT)
		ret = populate_by_reads(d, why, len);
	return ret;
}

WL_MEASURED_LOOP uint64_t dirty_write(void *state, struct wl_thread *t)
{
	struct dirty *d = state;
	const uint64_t *plan = d->plan[t->index];
	uint64_t *truth = d->written[t->index], n = d->plan_len[t->index], i, pg;
	/* each writer writes its own word of a page: no two writers share one */
	uint64_t word = (uint64_t)t->index % (PAGE / sizeof(uint64_t));

	meter_start(t->meter);
	for (i = 0; i < n; i++) {
		pg = plan[i];
		((volatile uint64_t *)(d->base + pg * PAGE))[word] = d->round;
		truth[pg / 64] |= 1ull << (pg % 64);
		meter_mark(t->meter);
	}
	return n;
}

static uint64_t dirty_protect_phase(void *state, struct wl_thread *t)
{
	struct dirty *d = state;

	(void)t;
	return d->method->protect(d);
}

static uint64_t dirty_collect_phase(void *state, struct wl_thread *t)
{
	struct dirty *d = state;

	(void)t;
	return d->method->collect(d);
}

const struct wl_phase dirty_phases[] = {
	{ .name = "protect", .before = true, .run = dirty_protect_phase },
	{ .name = "collect", .run = dirty_collect_phase },
	{ .name = NULL },
};

const struct wl_column dirty_columns[] = {
	{ "tracked_pages_per_sec", "pages/s", 9, 0 },
	{ "ns_per_page", "ns/write", 8, 0 },
	{ "missed", "missed", 6, 0 },
	{ "false_positive", "false+", 6, 0 },
	{ "lat_p50_ns", "p50ns", 7, 0 },
	{ "lat_p99_ns", "p99ns", 7, 0 },
	{ NULL, NULL, 0, 0 },
};

static double metric_or_zero(struct metric_sink *ms, const char *name)
{
	const struct metric *m = metric_get(ms, name);

	return m && !m->unsupported[0] ? m->value : 0;
}

void dirty_verify(void *state, struct metric_sink *ms)
{
	struct dirty *d = state;
	uint64_t i, truth, got, written = 0, collected = 0, missed = 0, extra = 0;
	double round_ms;
	int w;

	for (i = 0; i < WORDS(d->npages); i++) {
		for (truth = 0, w = 0; w < d->writers; w++)
			truth |= d->written[w][i];
		got = atomic_load(&d->collected[i]);
		written += (uint64_t)__builtin_popcountll(truth);
		collected += (uint64_t)__builtin_popcountll(got);
		missed += (uint64_t)__builtin_popcountll(truth & ~got);
		extra += (uint64_t)__builtin_popcountll(got & ~truth);
	}
	metric_put(ms, "written_pages", (double)written);
	metric_put(ms, "collected_pages", (double)collected);
	metric_put_check(ms, "missed", (double)missed);
	metric_put(ms, "false_positive", (double)extra);
	round_ms = metric_or_zero(ms, "protect_ms") + metric_or_zero(ms, "wall_ms") +
		   metric_or_zero(ms, "collect_ms");
	metric_put(ms, "round_ms", round_ms);
	metric_put(ms, "tracked_pages_per_sec", round_ms > 0 ? written / round_ms * 1e3 : 0);
	if (d->method->report)
		d->method->report(d, ms);
}

void dirty_cleanup(void *state)
{
	struct dirty *d = state;
	int w;

	if (!d)
		return;
	if (d->method && d->priv)
		d->method->teardown(d);
	if (d->base)
		munmap(d->base, d->size);
	if (d->fd >= 0)
		close(d->fd);
	for (w = 0; d->plan && w < d->writers; w++) {
		free(d->plan[w]);
		free(d->written[w]);
	}
	free(d->plan);
	free(d->plan_len);
	free(d->written);
	free(d->collected);
	free(d);
}
