/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel event counters (perf_event_open) opened per measuring thread and
 * read around its measurement window: the kernel's own count, against
 * which the harness's getrusage figures are checked.
 */
#ifndef FABENCH_COUNTERS_H
#define FABENCH_COUNTERS_H

#include <stdint.h>

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

/* The default set; resolves tracepoint ids and marks what cannot open. */
void counters_default(struct counter_list *cl);
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

#endif /* FABENCH_COUNTERS_H */
