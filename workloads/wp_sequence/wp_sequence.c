// SPDX-License-Identifier: GPL-2.0-only
/*
 * wp_sequence: the deterministic reproducer of wp_oracle's findings.  Each
 * point replays one named sequence of steps (protect, write, zap, punch,
 * read a neighbour, scan) on a fresh 16-page window, single-threaded, and
 * judges every write (sync) or scan (async) against what a correct kernel
 * must answer (wp_sequence_replay.c).  Where wp_oracle says "fa-wp lost
 * 4366 writes", a sequence says which five steps lose one, every time, and
 * history/point-N.txt shows the ptes of the window after each step.
 *
 * Pages: 1 is the page written, zapped or punched; 0 its neighbour, whose
 * read fault is the one that may fault around (fault_around_bytes >= 8K
 * puts page 1 in its window).  Every window starts registered for uffd-wp
 * and unprotected, with all 16 pages in the page cache and none mapped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/lib/metrics.h"
#include "workloads/workload.h"
#include "workloads/wp_sequence/wp_sequence.h"

enum ws_sequence_id {
	SEQ_WRITE, SEQ_ZAP_PROTECTED, SEQ_ZAP_WRITTEN, SEQ_UNPROTECT, SEQ_PUNCH_WRITTEN,
	SEQ_PUNCH_MAPPED, SEQ_PUNCH_UNMAPPED, SEQ_REGISTERED, SEQ_SELFTEST_LOST,
	SEQ_SELFTEST_SPURIOUS, NSEQ
};

/* the sequence parameter's values; param_check holds them to the enum */
static const char *const sequence_names[NSEQ + 1] = {
	"write", "zap-protected", "zap-written", "unprotect", "punch-written",
	"punch-mapped", "punch-unmapped", "registered", "selftest-lost", "selftest-spurious",
	NULL,
};

static const struct param_ident sequence_idents[] = {
	PARAM_IDENT(SEQ_WRITE), PARAM_IDENT(SEQ_ZAP_PROTECTED), PARAM_IDENT(SEQ_ZAP_WRITTEN),
	PARAM_IDENT(SEQ_UNPROTECT), PARAM_IDENT(SEQ_PUNCH_WRITTEN),
	PARAM_IDENT(SEQ_PUNCH_MAPPED), PARAM_IDENT(SEQ_PUNCH_UNMAPPED),
	PARAM_IDENT(SEQ_REGISTERED), PARAM_IDENT(SEQ_SELFTEST_LOST),
	PARAM_IDENT(SEQ_SELFTEST_SPURIOUS), { 0, NULL },
};

static const struct ws_sequence sequences[NSEQ] = {
	[SEQ_WRITE] = { "protect write:1 scan",
	  "control: a write to a protected page is reported" },
	[SEQ_ZAP_PROTECTED] = { "protect read:1 zap:1 read:0 write:1 scan",
	  "control: a zapped protected page keeps its protection (a PTE marker), "
	  "and fault-around from a neighbour skips it" },
	[SEQ_ZAP_WRITTEN] = { "protect write:1 zap:1 read:0 scan write:1 scan",
	  "a written page that was zapped is unprotected: a neighbour's read fault "
	  "must not protect it again" },
	[SEQ_UNPROTECT] = { "protect unprotect:1 read:0 write:1 scan",
	  "a page unprotected in a protected range: a neighbour's read fault must not "
	  "protect it again" },
	[SEQ_PUNCH_WRITTEN] = { "protect write:1 punch:1 read:0 scan write:1 scan",
	  "a written page, punched and refilled: still written, and a neighbour's "
	  "read fault must not protect it" },
	[SEQ_PUNCH_MAPPED] = { "protect read:1 punch:1 scan write:1 scan",
	  "a protected mapped page, punched: the pre-unmap leaves a marker (kept); "
	  "truncation alone drops it (dropped, allowed)" },
	[SEQ_PUNCH_UNMAPPED] = { "protect punch:1 scan write:1 scan",
	  "control: a protected page nobody mapped keeps its marker through a punch" },
	[SEQ_REGISTERED] = { "read:0 write:1 scan",
	  "control: nothing protected, nothing faults; fault-around maps the "
	  "neighbours where the kernel allows it (around)" },
	[SEQ_SELFTEST_LOST] = { "protect alias-write:1 scan",
	  "self-test: a write through an unregistered mapping, invisible to uffd-wp: "
	  "every kernel must show 1 lost" },
	[SEQ_SELFTEST_SPURIOUS] = {
	  "protect unprotect:1 hidden-protect:1 write:1 hidden-unprotect:2 scan",
	  "self-test: a protection (sync: page 1) or unprotection (async: page 2) the "
	  "model was not told of: every kernel must show 1 spurious" },
};

struct wp_sequence_options {
	enum ws_sequence_id sequence;
	enum ws_mode mode;
	uint64_t rounds;
};

struct wp_sequence {
	const char *name;
	const struct ws_sequence *seq;
	enum ws_mode mode;
	uint64_t rounds;
	int helper_cpu;
	struct ws_counts c;
	struct metric_sink trace;	/* only its notes: the first round's steps */
	char why[256];
	int failed;
};

static int wsq_prepare(const struct wl_point *pt, void **state, int *nthreads,
		       char *why, size_t len)
{
	const struct wp_sequence_options *opt = pt->options;
	struct wp_sequence *w = calloc(1, sizeof(*w));
	struct ws_step steps[WS_MAX_STEPS];
	int n;

	*state = w;
	*nthreads = 1;
	if (!w)
		return WL_ERROR;
	w->name = sequence_names[opt->sequence];
	w->seq = &sequences[opt->sequence];
	w->mode = opt->mode;
	w->rounds = opt->rounds;
	w->helper_cpu = pt->helper_cpu;
	if (ws_parse(w->seq->steps, steps, &n, why, len))
		return WL_ERROR;	/* a bad entry in the table above */
	return 0;
}

static uint64_t wsq_run(void *state, struct wl_thread *t)
{
	struct wp_sequence *w = state;
	uint64_t i;

	meter_start(t->meter);
	for (i = 0; i < w->rounds && !w->failed; i++) {
		if (ws_replay(w->name, w->seq, w->mode, w->helper_cpu, &w->c, i ? NULL : &w->trace,
			      w->why, sizeof(w->why)))
			w->failed = 1;
		meter_mark(t->meter);
	}
	return i;
}

static void wsq_collect(void *state, struct metric_sink *ms)
{
	struct wp_sequence *w = state;

	if (w->failed) {
		fprintf(stderr, "fabench: wp_sequence %s: %s\n", w->name, w->why);
		w->c.errors++;
	}
	metric_put_check(ms, "lost", (double)w->c.lost);
	metric_put(ms, "spurious", (double)w->c.spurious);
	metric_put(ms, "dropped", (double)w->c.dropped);
	metric_put(ms, "checks", (double)w->c.checks);
	metric_put(ms, "around", (double)w->c.around);
	metric_put_check(ms, "sequence_errors", (double)w->c.errors);
	ms->notes = w->trace.notes;
	w->trace.notes = NULL;
}

static void wsq_cleanup(void *state)
{
	struct wp_sequence *w = state;

	if (w)
		free(w->trace.notes);
	free(w);
}

static const char *const modes[] = { "sync", "async", NULL };
static const struct param_ident mode_idents[] = {
	PARAM_IDENT(WS_SYNC), PARAM_IDENT(WS_ASYNC), { 0, NULL },
};

#define WSQ_OPT(field) .off = offsetof(struct wp_sequence_options, field)

static const struct param_desc wsq_params[] = {
	{ .name = "sequence", .type = PT_ENUM, .values = sequence_names, WSQ_OPT(sequence),
	  .idents = sequence_idents, .def = "zap-written",
	  .help = "the named step sequence replayed (README lists their steps)" },
	{ .name = "mode", .type = PT_ENUM, .values = modes, .def = "sync", WSQ_OPT(mode),
	  .idents = mode_idents,
	  .help = "WP faults answered by a handler, or WP_ASYNC and PAGEMAP_SCAN" },
	{ .name = "rounds", .type = PT_UINT, .def = "1", .min = 1, .max = 100000,
	  WSQ_OPT(rounds), .help = "replays per repetition, each on a fresh memfd" },
	{ .name = NULL },
};

static unsigned int wsq_needs(const void *options)
{
	const struct wp_sequence_options *o = options;

	return CAP_BIT(o->mode == WS_SYNC ? CAP_UFFD_WP_SHMEM : CAP_UFFD_WP_ASYNC);
}

static const struct wl_column wsq_columns[] = {
	{ "checks", "checks", 7, 0 },
	{ "lost", "lost", 5, 0 },
	{ "spurious", "spur", 5, 0 },
	{ "dropped", "drop", 5, 0 },
	{ "around", "around", 7, 0 },
	{ NULL, NULL, 0, 0 },
};

static const struct wl_metric wsq_metrics[] = {
	{ .name = "lost", .unit = "writes",
	  .label = "writes to protected pages never reported",
	  .better = WL_BETTER_ZERO, .headline = true, .mark = "L" },
	{ .name = "spurious", .unit = "events",
	  .label = "protections nobody set: WP faults or reports",
	  .better = WL_BETTER_NONE, .headline = true, .mark = "S" },
	{ .name = "dropped", .unit = "pages",
	  .label = "protections a punch dropped, allowed by the uffd documentation",
	  .better = WL_BETTER_NONE, .headline = true, .mark = "d" },
	{ .name = "checks", .unit = "", .label = "writes and scanned pages judged" },
	{ .name = "around", .unit = "pages",
	  .label = "pages the sequence's reads mapped beyond the page read (fault-around)" },
	{ .name = "sequence_errors", .unit = "errors",
	  .label = "steps whose syscall failed", .better = WL_BETTER_ZERO },
	{ .name = NULL },
};

const struct workload wp_sequence_workload = {
	.name = "wp_sequence",
	.description = "deterministic uffd-wp step sequences on shmem: lost and spurious protection",
	.unit = "round",
	.params = wsq_params,
	.options_size = sizeof(struct wp_sequence_options),
	.needs = wsq_needs,
	.columns = wsq_columns,
	.metrics = wsq_metrics,
	.prepare = wsq_prepare,
	.run = wsq_run,
	.collect = wsq_collect,
	.cleanup = wsq_cleanup,
};
