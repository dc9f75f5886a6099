/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The workload interface.  A workload is one file exporting one descriptor.
 * It sets up memory, does the work of one thread, and reports its own
 * counts; the runner does timing, repetition, pinning, counters and output.
 */
#ifndef FABENCH_WORKLOAD_H
#define FABENCH_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bench/kernel/caps.h"
#include "bench/lib/meter.h"
#include "bench/lib/param.h"

/*
 * For a run() loop whose memory accesses are the measurement: ASan's shadow
 * checks would fault in shadow pages and be counted as the workload's faults.
 */
#define WL_MEASURED_LOOP __attribute__((no_sanitize_address))

/* prepare() results other than 0 */
#define WL_UNSUPPORTED	1	/* the kernel or machine lacks something: why */
#define WL_ERROR	(-1)	/* the harness or system failed: why */

/* One matrix point as a workload sees it. */
struct wl_point {
	const void *options;		/* the workload's options, filled by param_fill */
	uint64_t seed;			/* [run] seed, for random patterns */
	int helper_cpu;			/* CPU for helper threads, -1: any */
	/*
	 * [run] task_mode = processes: run() is called in processes forked
	 * after prepare(), one per task, each with its copy of the state; only
	 * MAP_SHARED memory is seen by all.  Asked only of a workload with
	 * task_attach.
	 */
	bool processes;
	/*
	 * [run] shmem_folio in bytes, 0 for default.  A workload whose points
	 * say WL_FOLIO_WRITES fills its memfd with writes of this size.
	 */
	uint64_t shmem_folio_bytes;
};

/* How [run] shmem_folio reaches a point's shmem (workload.shmem_folio_by). */
enum wl_folio_control {
	WL_FOLIO_NONE,		/* it cannot: a shmem_folio point is unsupported */
	WL_FOLIO_ANON,		/* anonymous shmem: hugepages-<N>kB/shmem_enabled */
	/*
	 * A memfd whose page cache is filled by write(): with huge=within_size
	 * (the internal mount's, the thp_shmem knob) each write of the folio
	 * size gets a folio of its size; on a fault a file gets the PMD size
	 * or pages only, whatever the per-size files say.
	 */
	WL_FOLIO_WRITES,
};

/* One working thread. */
struct wl_thread {
	int index;			/* 0..count-1 */
	int count;
	struct meter *meter;		/* NULL unless latency mode */
};

#define WL_MAX_PHASES 8

/* A timed phase other than the measured run(), see workload.phases. */
struct wl_phase {
	const char *name;		/* "protect", "collect", "retouch" */
	bool before;			/* before run(), else after it */
	bool all_threads;		/* every thread runs it, else thread 0 only */
	uint64_t (*run)(void *state, struct wl_thread *t);
};

/*
 * A column of the text summary: a metric's mean over the repetitions.  The
 * first column is followed by its CoeffVar; the summary has at most 6.
 */
struct wl_column {
	const char *metric;		/* "ns_per_page", "missed" */
	const char *header;		/* "ns/page" */
	int width;
	int decimals;
};

/*
 * What a metric means, declared by the workload that produces it (or by
 * the harness for its own: bench/harness/metric_decl.c).  meta.json carries
 * the table ("metrics", HACKING.md); analysis reads it from there:
 * directions, regress gating, compare headlines, history defaults, report
 * plots and the variants tables.  A metric no table declares is shown as
 * information only.
 */
enum wl_better {
	WL_BETTER_NONE,		/* information: neither direction is better */
	WL_BETTER_LOWER,	/* a cost: ns, us, faults */
	WL_BETTER_HIGHER,	/* a rate: pages/s */
	WL_BETTER_ZERO,		/* a correctness count: non-zero is a failure */
};

enum wl_plot {
	WL_PLOT_NONE,
	WL_PLOT_BARS,		/* a bar per point of the section */
	WL_PLOT_LINE,		/* against the axis plot_x, a line per other value */
};

struct wl_metric {
	const char *name;	/* "ns_per_page", as the runner or collect() names it */
	const char *unit;	/* "ns", "pages", "pages/s", "us", "" for a count */
	const char *label;	/* "read cost per page": a plot or table title */
	enum wl_better better;
	bool headline;		/* gated by regress; compare, history, variants show it */
	enum wl_plot plot;
	const char *plot_x;	/* WL_PLOT_LINE: the axis on x ("mapped") */
	const char *plot_xlabel;	/* its label with the unit: "mapped share (%)" */
	/*
	 * The axis with a bar or line (and a palette colour) per value: "uffd",
	 * "workload" (one per dirty method).  NULL: one series.  Bars are
	 * grouped by the other axes that vary, a figure per section unless
	 * the series is "workload" or "section".
	 */
	const char *series;
	const char *only;	/* "timing=throughput": those points only, if any */
	const char *note;	/* bars: a metric written above each bar */
	bool log_y;		/* a log y axis where the values span a decade */
	/*
	 * A count judged per point (lost, spurious): its one-letter mark
	 * ("L").  The workload's marked metrics make one verdict table in
	 * fabench variants, a letter per point where the count is not 0,
	 * fault_around_bytes folded into each cell (variants_verdicts.c).
	 */
	const char *mark;
};

struct metric_sink;
void metric_put(struct metric_sink *ms, const char *name, double value);

struct workload {
	const char *name;
	const char *description;	/* one line */
	const char *unit;		/* "page": ns_per_page, pages_per_fault */
	const struct param_desc *params;	/* NULL-name terminated, .off into options */
	size_t options_size;			/* sizeof(struct <name>_options) */
	const struct wl_column *columns;	/* summary table, NULL-metric terminated */
	const struct wl_metric *metrics;	/* what its metrics mean, NULL-name terminated */
	bool fixed_duration;			/* run() lasts a set time, not a set amount of work */
	/*
	 * prepare() fills memory (shmem written or faulted in): [run] machine
	 * drop_caches drops the page cache before it, outside the window
	 */
	bool populates;
	/*
	 * Optional: the capabilities (CAP_BIT(CAP_...), bench/kernel/caps.h)
	 * a point with these options needs.  The runner exercises each once
	 * per run and marks a point whose needs are not met unsupported
	 * before prepare() runs, so prepare() need not probe for them.
	 */
	unsigned int (*needs)(const void *options);
	/*
	 * Optional: how a point with these options lets [run] shmem_folio set
	 * the folio size of its shmem; NULL: WL_FOLIO_NONE for every point.
	 */
	enum wl_folio_control (*shmem_folio_by)(const void *options);
	/*
	 * Set up one repetition, outside the timed window, and say how many
	 * threads run() needs.  Returns 0, WL_UNSUPPORTED or WL_ERROR, with
	 * why filled in for the last two.
	 */
	int (*prepare)(const struct wl_point *pt, void **state, int *nthreads,
		       char *why, size_t whylen);
	/*
	 * Optional, and what makes task_mode = processes possible (NULL: a
	 * point asking for it is unsupported): in each forked task, before
	 * the tasks start together, set up what is per address space (a
	 * userfaultfd is per mm: fault_read registers the inherited mapping
	 * again).  0, or -1 with why.  task_detach() runs after the task's
	 * phases, in the task, to leave its counts in shared memory for
	 * collect() and undo task_attach().
	 */
	int (*task_attach)(void *state, struct wl_thread *t, char *why, size_t len);
	void (*task_detach)(void *state, struct wl_thread *t);
	/* One task's share of the work; returns the units it did. */
	uint64_t (*run)(void *state, struct wl_thread *t);
	/*
	 * Optional timed phases around run(), NULL-name terminated: each is
	 * timed apart as <name>_ms and <name>_ns_per_<unit> (busy time per
	 * unit it returns); faults and kernel events are counted in run() only.
	 */
	const struct wl_phase *phases;
	/* After every thread returned: the workload's own counts. */
	void (*collect)(void *state, struct metric_sink *ms);
	void (*cleanup)(void *state);
};

extern const struct workload *const workloads[];	/* NULL terminated */
const struct workload *workload_find(const char *name);

#endif /* FABENCH_WORKLOAD_H */
