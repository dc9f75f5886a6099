/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel event counters (perf_event_open) opened per measuring thread and
 * read around its measurement window: the kernel's own count, against
 * which the harness's getrusage figures are checked.
 */
#ifndef FABENCH_COUNTERS_H
#define FABENCH_COUNTERS_H

#include <stddef.h>
#include <stdint.h>

struct metric_sink;

#define COUNTERS_MAX 16

struct counter_spec {
	char name[64];		/* "page-faults", "exceptions:page_fault_user" */
	char metric[64];	/* column name: page_faults, ... */
	uint32_t type;
	uint64_t config;
	char unsupported[96];	/* non-empty: cannot be counted here */
};

struct counter_list {
	int n;
	struct counter_spec spec[COUNTERS_MAX];
	char tracefs[64];	/* where tracepoint ids were read */
	int mounted_tracefs;	/* fabench mounted it; unmounted at exit */
};

/*
 * The events of [run] events ("default", "none" or a comma list): resolves
 * tracepoint ids (mounting tracefs as root if needed) and marks what cannot
 * be counted here as unsupported.  -1 with err only for a malformed list.
 */
int counters_setup(struct counter_list *cl, const char *spec, char *err,
		   size_t errlen);
/* After a run: undo what counters_default() mounted. */
void counters_release(struct counter_list *cl);

struct counter_set {
	int fd[COUNTERS_MAX];
	uint64_t start[COUNTERS_MAX];
	uint64_t delta[COUNTERS_MAX];
	int open_errno[COUNTERS_MAX];	/* 0, or why this thread could not open */
};

/* Open on the calling thread; failures are kept in cs->open_errno. */
void counters_open(const struct counter_list *cl, struct counter_set *cs);
/* After the threads: mark in cl what a thread could not open. */
void counters_note_failures(struct counter_list *cl, const struct counter_set *cs);
void counters_begin(const struct counter_list *cl, struct counter_set *cs);
void counters_end(const struct counter_list *cl, struct counter_set *cs);
void counters_close(const struct counter_list *cl, struct counter_set *cs);
/*
 * After the threads joined: the events summed over the threads' sets, as
 * metrics (unsupported ones with their reason), and metrics derived from
 * them and from what ms already holds ("<unit>s", "faults").
 */
void counters_put_metrics(struct counter_list *cl, struct counter_set *const *sets,
			  int nsets, struct metric_sink *ms, const char *unit);

#endif /* FABENCH_COUNTERS_H */
