/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The shared part of the dirty-tracking workloads (dirty_uffd_wp,
 * dirty_wp_async, dirty_softdirty, dirty_mprotect): the pre-copy/snapshot
 * round and its ground truth.
 *
 * One repetition is one round:
 *   prepare   map the region, populate it as `start` says, set the method up
 *   protect   (timed phase, thread 0) the method protects or clears the region
 *   run       (measured) writer threads write their pages and record each
 *             write in their own bitmap: the ground truth
 *   collect   (timed phase, thread 0) the method gathers the dirty set
 *   verify    (in collect(), untimed) written but not reported: `missed`, a
 *             correctness failure; reported but not written: `false_positive`
 *
 * A method file provides a struct dirty_method and a parameter table that
 * starts with DIRTY_COMMON_PARAMS, so the common indices below hold.
 */
#ifndef FABENCH_DIRTY_H
#define FABENCH_DIRTY_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "workloads/workload.h"

enum dirty_backend { DB_MEMFD, DB_ANON };
enum dirty_pattern { DW_SEQ, DW_RANDOM, DW_HOT, DW_STRIDE };
enum dirty_start { DS_POPULATED, DS_UNPOPULATED, DS_READFAULT };

/*
 * The common options, first in every method's options struct (as
 * `struct dirty_options common;`), so that DIRTY_COMMON_PARAMS' offsets
 * hold in each.
 */
struct dirty_options {
	enum dirty_backend backend;
	uint64_t size;
	uint64_t writers;
	struct param_value pattern;	/* idx: enum dirty_pattern, num: the stride */
	uint64_t pages;
	enum dirty_start start;
};

struct dirty;

struct dirty_method {
	/* after the region is mapped and populated; WL_UNSUPPORTED + why */
	int (*setup)(struct dirty *d, char *why, size_t len);
	/* protect (or clear) the whole region; returns the pages covered */
	uint64_t (*protect)(struct dirty *d);
	/* set the reported pages in d->collected; returns pages covered */
	uint64_t (*collect)(struct dirty *d);
	/* the method's own metrics (handler messages, scans...) */
	void (*report)(struct dirty *d, struct metric_sink *ms);
	void (*teardown)(struct dirty *d);
};

struct dirty {
	const struct dirty_method *method;
	const struct dirty_options *o;	/* the point's options, the method's follow */
	int fd;				/* memfd, or -1 */
	char *base;
	uint64_t size, npages;
	int writers;
	uint64_t **plan;		/* per writer: the pages it writes, in order */
	uint64_t *plan_len;
	uint64_t **written;		/* per writer: ground truth bitmap */
	uint64_t round;			/* value written, changes every round */
	int helper_cpu;			/* for the method's threads, -1: any */

	_Atomic uint64_t *collected;	/* what the method reported */
	void *priv;			/* the method's state; teardown() runs if set */
};

#define DIRTY_OPT(field) .off = offsetof(struct dirty_options, field)

/* The common parameters, first in a method's table. */
#define DIRTY_COMMON_PARAMS						\
	{ .name = "backend", .type = PT_ENUM, DIRTY_OPT(backend),	\
	  .values = dirty_backends, .idents = dirty_backend_idents,	\
	  .def = "memfd",						\
	  .help = "memfd shmem, or private anonymous memory" },		\
	{ .name = "size", .type = PT_SIZE, .def = "64M", DIRTY_OPT(size), \
	  .min = 64 << 10, .max = 1ull << 40,				\
	  .flags = PF_MEMORY | PF_PAGE_ALIGNED,				\
	  .help = "tracked region" },					\
	{ .name = "writers", .type = PT_UINT, .def = "1", DIRTY_OPT(writers), \
	  .min = 1, .max = 64,						\
	  .help = "writer threads, each in its own share" },		\
	{ .name = "pattern", .type = PT_CUSTOM, DIRTY_OPT(pattern),	\
	  .def = "random", .parse = dirty_parse_pattern,		\
	  .custom_syntax = "seq|random|hot|stride=N",			\
	  .help = "write order; hot: 90% of writes to 10% of pages" },	\
	{ .name = "pages", .type = PT_UINT, .def = "4096", DIRTY_OPT(pages), \
	  .min = 1, .max = 1ull << 28,					\
	  .help = "page writes per round, all writers together" },	\
	{ .name = "start", .type = PT_ENUM, DIRTY_OPT(start),		\
	  .values = dirty_starts, .idents = dirty_start_idents,		\
	  .def = "populated",						\
	  .help = "populated by writes, unpopulated, or by read faults (fault-around)" }

extern const char *const dirty_backends[];
extern const char *const dirty_starts[];
extern const struct param_ident dirty_backend_idents[];
extern const struct param_ident dirty_start_idents[];
int dirty_parse_pattern(const char *text, struct param_value *out,
			char *err, size_t errlen);

/* prepare() of a dirty workload: everything but the method's own setup. */
int dirty_prepare(const struct dirty_method *m, const struct wl_point *pt,
		  void **state, int *nthreads, char *why, size_t len);
/* run(): one writer's writes, each recorded, each a meter mark */
uint64_t dirty_write(void *state, struct wl_thread *t);
/* collect(): verify against the ground truth and put the round's metrics */
void dirty_verify(void *state, struct metric_sink *ms);
void dirty_cleanup(void *state);
/* The protect and collect phases, for the workload's phase table. */
extern const struct wl_phase dirty_phases[];
/* The summary columns every dirty workload shows. */
extern const struct wl_column dirty_columns[];

/*
 * The metrics every dirty workload produces, for the head of a method's
 * metric table (its own follow, then { .name = NULL }).
 */
#define DIRTY_COMMON_METRICS						\
	{ .name = "tracked_pages_per_sec", .unit = "pages/s",		\
	  .label = "pages tracked per second of a whole round",		\
	  .better = WL_BETTER_HIGHER, .headline = true, .plot = WL_PLOT_BARS, \
	  .series = "workload", .only = "timing=throughput", .log_y = true }, \
	{ .name = "missed", .unit = "pages",				\
	  .label = "pages written but not reported dirty",		\
	  .better = WL_BETTER_ZERO, .headline = true },			\
	{ .name = "false_positive", .unit = "pages",			\
	  .label = "pages reported dirty but not written" },		\
	{ .name = "written_pages", .unit = "pages",			\
	  .label = "distinct pages the writers wrote" },		\
	{ .name = "collected_pages", .unit = "pages",			\
	  .label = "pages the method reported dirty" },		\
	{ .name = "round_ms", .unit = "ms",				\
	  .label = "one round: protect, writes, collect",		\
	  .better = WL_BETTER_LOWER },					\
	{ .name = "ns_per_page", .unit = "ns",				\
	  .label = "cost of a tracked page write",			\
	  .better = WL_BETTER_LOWER },					\
	{ .name = "pages_per_sec", .unit = "pages/s",			\
	  .label = "tracked page writes per second (writes only)",	\
	  .better = WL_BETTER_HIGHER },					\
	{ .name = "protect_ns_per_page", .unit = "ns",			\
	  .label = "protecting (or clearing) per page of the region",	\
	  .better = WL_BETTER_LOWER },					\
	{ .name = "collect_ns_per_page", .unit = "ns",			\
	  .label = "collecting the dirty set per page of the region",	\
	  .better = WL_BETTER_LOWER }

/*
 * One dirty workload's descriptor and prepare(): id is its name
 * (dirty_softdirty: dirty_softdirty_workload), method its struct
 * dirty_method, params and metrics its tables (common entries first).
 * Further designated initializers of struct workload may follow.
 */
#define DIRTY_WORKLOAD(id, desc, method, param_table, metric_table, ...)	\
	static int id##_prepare(const struct wl_point *pt, void **state,	\
				int *nthreads, char *why, size_t len)		\
	{									\
		return dirty_prepare(&(method), pt, state, nthreads, why, len);	\
	}									\
	const struct workload id##_workload = {					\
		.name = #id,							\
		.description = desc,						\
		.unit = "page",							\
		.params = param_table,						\
		.columns = dirty_columns,					\
		.metrics = metric_table,					\
		.prepare = id##_prepare,					\
		.run = dirty_write,						\
		.phases = dirty_phases,						\
		.collect = dirty_verify,					\
		.cleanup = dirty_cleanup,					\
		.populates = true,						\
		__VA_ARGS__							\
	}

static inline void dirty_mark_collected(struct dirty *d, uint64_t page)
{
	atomic_fetch_or_explicit(&d->collected[page / 64], 1ull << (page % 64),
				 memory_order_relaxed);
}

#endif /* FABENCH_DIRTY_H */
