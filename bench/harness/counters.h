/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel and PMU event counters (perf_event_open), one group per measuring
 * thread, read atomically around its measurement window: the kernel's own
 * count, against which the harness's getrusage figures are checked, and the
 * data TLB events of the PMU.
 */
#ifndef FABENCH_COUNTERS_H
#define FABENCH_COUNTERS_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bench/kernel/pmu.h"

struct metric_sink;

/*
 * Each event is a column and may add "<column>_multiplexed": with the
 * runner's own metrics and the derived ones that stays within METRICS_MAX.
 */
#define COUNTERS_MAX 20
/* a column plus "_multiplexed" must fit a metric name (47 characters) */
#define COUNTERS_COLUMN_MAX 35

enum counter_kind { COUNTER_SOFTWARE, COUNTER_TRACEPOINT, COUNTER_PMU };

struct counter_spec {
	char name[256];		/* "page-faults", "exceptions:page_fault_user", ... */
	char metric[48];	/* column name: page_faults, ... */
	enum counter_kind kind;
	unsigned int tlb_role;	/* PMU_TLB_* of a default TLB event, or 0 */
	struct perf_event_attr attr;	/* valid when resolved */
	bool resolved;		/* attr holds the encoding */
	char unsupported[96];	/* non-empty: cannot be counted here */
	bool multiplexed;	/* some window counted only part of the time */
	double min_running;	/* the smallest running/enabled fraction seen */
};

struct counter_list {
	int n;
	struct counter_spec spec[COUNTERS_MAX];
	char pmu[512];		/* pmu_check()'s line: the model and whether it counts */
	char pmu_model[64];	/* libpfm4's model, "" when it detects none */
	char pmu_library[80];	/* "libpfm4, API 4.0", or why it failed */
	bool have_pmu;		/* a PMU event counted on this thread */
	/* default TLB events that did not count here, each with why */
	char defaults_left_out[512];
	bool derive_tlb;	/* tlb_misses_per_<unit>, tlb_walks_per_<unit> */
	bool derive_map_pages;	/* map_pages_per_fault */
	bool derive_tp_units;	/* tp_<unit>s_per_fault */
	char tracefs[64];	/* where tracepoint ids were read */
	int mounted_tracefs;	/* fabench mounted it; unmounted at exit */
	/*
	 * One disabled event per tracepoint, open from setup to release: the
	 * kernel keeps its perf probe registered, so closing a thread's group
	 * skips tracepoint_synchronize_unregister() (an RCU grace period,
	 * 36-44 ms each on a 2-vCPU VM, five per repetition).
	 */
	int held_fd[COUNTERS_MAX];
	int nheld;
};

/*
 * The events of [run] events ("default", "none" or a comma list, in which
 * "default" stands for the default set): resolves tracepoint ids (mounting
 * tracefs as root if needed) and libpfm4 names, and marks what cannot be
 * counted here as unsupported.  -1 with err only for a malformed list.
 */
int counters_setup(struct counter_list *cl, const char *spec, char *err,
		   size_t errlen);
/* After a run: close the held tracepoints, undo what counters_setup() mounted. */
void counters_release(struct counter_list *cl);

struct counter_set {
	int fd[COUNTERS_MAX];
	uint64_t id[COUNTERS_MAX];	/* the kernel's id, to find a value in a group read */
	int leader;			/* fd of the group leader, -1: nothing opened */
	uint64_t start[COUNTERS_MAX];
	uint64_t delta[COUNTERS_MAX];	/* raw counts in the window */
	uint64_t enabled0, running0;	/* group times at the start */
	uint64_t enabled, running;	/* group times in the window */
	int open_errno[COUNTERS_MAX];	/* 0, or why this thread could not open */
	int group_errno;		/* 0, or why the group could not be enabled or read */
};

/* Open the group on the calling thread; failures are kept in cs. */
void counters_open(const struct counter_list *cl, struct counter_set *cs);
void counters_begin(const struct counter_list *cl, struct counter_set *cs);
void counters_end(const struct counter_list *cl, struct counter_set *cs);
void counters_close(const struct counter_list *cl, struct counter_set *cs);
/*
 * After the threads joined: the events summed over the threads' sets
 * (scaled where the group was multiplexed), as metrics (unsupported ones
 * with their reason), and metrics derived from them and from what ms
 * already holds ("<unit>s").
 */
void counters_put_metrics(struct counter_list *cl, struct counter_set *const *sets,
			  int nsets, struct metric_sink *ms, const char *unit);

/*
 * A count from a window in which its group ran running of enabled ns,
 * scaled to the whole window; -1 if it never ran.
 */
int counters_scale(uint64_t value, uint64_t enabled, uint64_t running, double *out);
/* "page-faults" -> "page_faults": [A-Za-z0-9_] kept, the rest '_' */
void counters_column(const char *name, char *out, size_t len);

#endif /* FABENCH_COUNTERS_H */
