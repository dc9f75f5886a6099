/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wp_sequence's parts.  wp_sequence.c: the workload and the table of named
 * sequences; wp_sequence_replay.c: the step language, the model of what a
 * correct kernel must answer, and the replay of one sequence against the
 * running kernel with its trace.
 */
#ifndef FABENCH_WP_SEQUENCE_H
#define FABENCH_WP_SEQUENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Every sequence works on one window of WS_PAGES pages of a memfd, mapped
 * at a 2 MiB boundary, so that a fault-around of up to 64 KiB (16 pages of
 * 4 KiB, the most fault_around_bytes allows) starting at any page of it
 * stays inside it.
 */
#define WS_PAGES 16
#define WS_MAX_STEPS 16

enum ws_mode { WS_SYNC, WS_ASYNC };

enum ws_op {
	OP_PROTECT,	/* UFFDIO_WRITEPROTECT of a page, or of the window */
	OP_UNPROTECT,	/* UFFDIO_WRITEPROTECT without MODE_WP */
	OP_READ,	/* a load through the mapping */
	OP_WRITE,	/* a store through the mapping */
	OP_ZAP,		/* MADV_DONTNEED */
	OP_PUNCH,	/* fallocate PUNCH_HOLE, then pwrite of the page through the file */
	OP_SCAN,	/* async: PAGEMAP_SCAN of the window (WP_MATCHING); sync: nothing */
	/* the self-tests': what the model is not told, so a verdict must follow */
	OP_ALIAS_WRITE,	/* a store through a second, unregistered mapping: lost */
	OP_HIDDEN_PROTECT,	/* a protection the model does not see: sync spurious */
	OP_HIDDEN_UNPROTECT,	/* an unprotection it does not see: async spurious */
	OP_COUNT
};

struct ws_step {
	enum ws_op op;
	int page;	/* 0..WS_PAGES-1, or -1: the whole window */
};

struct ws_sequence {
	const char *steps;	/* "protect write:1 zap:1 read:0 scan write:1 scan" */
	const char *shows;	/* one line: what a correct kernel must answer, and why */
};

/* The verdicts of one replay. */
struct ws_counts {
	uint64_t checks;	/* writes (sync) and scanned pages (async) judged */
	uint64_t lost;		/* a write to a protected page that was not reported */
	uint64_t spurious;	/* a protection nobody set: a WP fault, or a report */
	uint64_t dropped;	/* a protection a punch dropped: allowed, recorded */
	uint64_t around;	/* pages the sequence's reads mapped beyond the page read */
	uint64_t errors;	/* syscalls that failed */
};

/* Parse "op[:page] ..." into steps; -1 with what was expected in err. */
int ws_parse(const char *text, struct ws_step *steps, int *nsteps, char *err, size_t len);

struct metric_sink;
/*
 * Replay one sequence once on a fresh memfd; add its verdicts to *c and,
 * when trace is set, its step-by-step account to the sink's notes.
 * Returns 0, or -1 with why when the setup (memfd, uffd) failed.
 */
int ws_replay(const char *name, const struct ws_sequence *seq, enum ws_mode mode, int helper_cpu,
	      struct ws_counts *c, struct metric_sink *trace, char *why, size_t len);

#endif /* FABENCH_WP_SEQUENCE_H */
