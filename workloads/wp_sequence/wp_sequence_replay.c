// SPDX-License-Identifier: GPL-2.0-only
/*
 * One sequence of steps on one window of a uffd-wp registered memfd,
 * replayed by one thread (sync mode adds the handler thread that answers
 * its WP faults, and does nothing else), judged step by step against a
 * model of what a correct kernel must answer.
 *
 * The model: one truth per page.
 *   NONE     not protected (never, unprotected, or its write consumed it)
 *   PROT     protected, and not written since
 *   WRITTEN  async: written (or unprotected) since the last protect or scan
 *   MAYBE    protected when it was punched: Documentation/admin-guide/mm/
 *            userfaultfd.rst lets a punch drop the protection ("treated as
 *            dirtying"), and mainline keeps it (the pre-unmap leaves a PTE
 *            marker): either answer is correct, a drop is counted apart
 * The verdicts.
 *   sync write     PROT: must fault, else lost.  MAYBE: no fault is a
 *                  dropped protection.  NONE: a fault is spurious.
 *   async scan     WRITTEN: must be reported written, else lost.  PROT:
 *                  reported is spurious.  MAYBE: reported is dropped.
 *                  NONE is not judged (the kernel reports a none pte of a
 *                  wp-async VMA as written; nothing to hold it to).
 * A read, a zap and a punch never protect a page, and only a punch may
 * drop a protection: everything else a kernel does differently is a
 * lost or spurious count.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench/kernel/compat.h"
#include "bench/kernel/pagemap.h"
#include "bench/kernel/pagesize.h"
#include "bench/kernel/shm.h"
#include "bench/kernel/uffd.h"
#include "bench/lib/metrics.h"
#include "workloads/wp_sequence/wp_sequence.h"

#define FILL 0x5a

enum truth { T_NONE, T_PROT, T_WRITTEN, T_MAYBE };

static const char *const op_names[OP_COUNT] = {
	[OP_PROTECT] = "protect", [OP_UNPROTECT] = "unprotect", [OP_READ] = "read",
	[OP_WRITE] = "write", [OP_ZAP] = "zap", [OP_PUNCH] = "punch", [OP_SCAN] = "scan",
	[OP_ALIAS_WRITE] = "alias-write", [OP_HIDDEN_PROTECT] = "hidden-protect",
	[OP_HIDDEN_UNPROTECT] = "hidden-unprotect",
};

/* which ops take a page (else the window), and which must have one */
static bool op_window_ok(enum ws_op op)
{
	return op == OP_PROTECT || op == OP_UNPROTECT || op == OP_SCAN || op == OP_ZAP ||
	       op == OP_HIDDEN_PROTECT || op == OP_HIDDEN_UNPROTECT;
}

static int parse_step(const char *word, struct ws_step *st, char *err, size_t len)
{
	const char *colon = strchr(word, ':');
	size_t n = colon ? (size_t)(colon - word) : strlen(word);
	char *end;
	long page = -1;
	int op;

	for (op = 0; op < OP_COUNT; op++)
		if (strlen(op_names[op]) == n && !strncmp(word, op_names[op], n))
			break;
	if (op == OP_COUNT) {
		snprintf(err, len, "step '%s': expected protect, unprotect, read, write, zap, punch, "
			 "scan, alias-write, hidden-protect or hidden-unprotect", word);
		return -1;
	}
	if (colon) {
		errno = 0;
		page = strtol(colon + 1, &end, 10);
		if (errno || end == colon + 1 || *end || page < 0 || page >= WS_PAGES) {
			snprintf(err, len, "step '%s': expected a page number 0..%d after ':'",
				 word, WS_PAGES - 1);
			return -1;
		}
	}
	if ((page < 0 && !op_window_ok(op)) || (page >= 0 && op == OP_SCAN)) {
		snprintf(err, len, "step '%s': %s %s", word, op_names[op],
			 op == OP_SCAN ? "takes no page (it scans the window)"
				       : "needs a page, op:N");
		return -1;
	}
	st->op = op;
	st->page = (int)page;
	return 0;
}

int ws_parse(const char *text, struct ws_step *steps, int *nsteps, char *err, size_t len)
{
	char buf[256], *save = NULL, *word;

	snprintf(buf, sizeof(buf), "%s", text);
	*nsteps = 0;
	for (word = strtok_r(buf, " ", &save); word; word = strtok_r(NULL, " ", &save)) {
		if (*nsteps == WS_MAX_STEPS) {
			snprintf(err, len, "more than %d steps", WS_MAX_STEPS);
			return -1;
		}
		if (parse_step(word, &steps[*nsteps], err, len))
			return -1;
		(*nsteps)++;
	}
	if (!*nsteps) {
		snprintf(err, len, "no steps");
		return -1;
	}
	return 0;
}

struct replay {
	enum ws_mode mode;
	int fd, pagemap_fd;
	char *base;
	char *alias;			/* the same memfd, not registered */
	size_t ps;
	struct uffd_ctx u;
	struct uffd_handler handler;
	atomic_bool faulted[WS_PAGES];	/* sync: the handler saw a WP fault */
	atomic_uint_fast64_t handler_errors;
	enum truth truth[WS_PAGES];
	uint64_t pm[WS_PAGES];		/* pagemap after the last step */
	struct ws_counts *c;
};

/* sync: note the WP fault and resolve it as a tracker does, by unprotecting */
static void on_fault(const struct uffd_msg *m, void *arg)
{
	struct replay *r = arg;
	uint64_t addr = m->arg.pagefault.address & ~(uint64_t)(r->ps - 1);
	uint64_t page = (addr - (uintptr_t)r->base) / r->ps;

	if (m->event != UFFD_EVENT_PAGEFAULT || addr < (uintptr_t)r->base || page >= WS_PAGES) {
		atomic_fetch_add(&r->handler_errors, 1);
		return;
	}
	atomic_store(&r->faulted[page], true);
	if (uffd_writeprotect(&r->u, (void *)(uintptr_t)addr, r->ps, false))
		atomic_fetch_add(&r->handler_errors, 1);
}

static int read_pagemap(struct replay *r)
{
	return pagemap_entries(r->pagemap_fd, r->base, WS_PAGES, r->pm);
}

static void window_map(const struct replay *r, char *buf)
{
	int i;

	for (i = 0; i < WS_PAGES; i++)
		buf[i] = pagemap_pte_char(r->pm[i]);
	buf[WS_PAGES] = '\0';
}

static int count_present(const uint64_t *pm)
{
	int i, n = 0;

	for (i = 0; i < WS_PAGES; i++)
		n += pm[i] >> PM_PRESENT_BIT & 1;
	return n;
}

/* A verdict, counted and written into the step's note. */
static void verdict(uint64_t *count, const char *what, int page,
		    char *note, size_t len)
{
	size_t n = strlen(note);

	(*count)++;
	snprintf(note + n, len - n, "; %s: page %d", what, page);
}

static void judge_write(struct replay *r, int p, char *note, size_t len)
{
	bool fault = atomic_load(&r->faulted[p]);
	enum truth t = r->truth[p];

	r->c->checks++;
	snprintf(note, len, "%s", fault ? "WP fault" : "no fault");
	if (t == T_PROT && !fault)
		verdict(&r->c->lost, "LOST", p, note, len);
	else if (t == T_MAYBE && !fault)
		verdict(&r->c->dropped, "dropped by the punch", p, note, len);
	else if ((t == T_NONE || t == T_WRITTEN) && fault)
		verdict(&r->c->spurious, "SPURIOUS", p, note, len);
	else
		snprintf(note + strlen(note), len - strlen(note), ", as expected");
	r->truth[p] = T_NONE;
}

struct scanned {
	uintptr_t base;
	size_t ps;
	bool written[WS_PAGES];
};

static void mark_written(const struct page_region *reg, void *arg)
{
	struct scanned *s = arg;
	uint64_t a;

	for (a = reg->start; a < reg->end; a += s->ps)
		s->written[(a - s->base) / s->ps] = true;
}

/* async: what a dirty tracker does, reset on read (PM_SCAN_WP_MATCHING) */
static void scan(struct replay *r, char *note, size_t len)
{
	struct page_region vec[WS_PAGES];
	struct scanned s = { .base = (uintptr_t)r->base, .ps = r->ps };
	struct pm_scan_arg a = {
		.flags = PM_SCAN_WP_MATCHING | PM_SCAN_CHECK_WPASYNC,
		.start = (uintptr_t)r->base, .end = (uintptr_t)r->base + WS_PAGES * r->ps,
		.vec = (uintptr_t)vec, .vec_len = WS_PAGES,
		.category_mask = PAGE_IS_WRITTEN, .return_mask = PAGE_IS_WRITTEN,
	};
	uint64_t before;
	size_t n;
	int p;

	if (r->mode == WS_SYNC) {
		snprintf(note, len, "(sync: nothing to scan)");
		return;
	}
	if (pagemap_scan_walk(r->pagemap_fd, &a, mark_written, &s, NULL)) {
		r->c->errors++;
		snprintf(note, len, "PAGEMAP_SCAN failed: %s", strerror(errno));
		return;
	}
	snprintf(note, len, "written:");
	for (p = 0; p < WS_PAGES; p++) {
		n = strlen(note);
		if (s.written[p])
			snprintf(note + n, len - n, " %d", p);
	}
	n = strlen(note);
	if (note[n - 1] == ':')
		snprintf(note + n, len - n, " none");
	before = r->c->lost + r->c->spurious + r->c->dropped;
	for (p = 0; p < WS_PAGES; p++) {
		enum truth t = r->truth[p];

		if (t != T_NONE)
			r->c->checks++;
		if (t == T_WRITTEN && !s.written[p])
			verdict(&r->c->lost, "LOST", p, note, len);
		else if (t == T_PROT && s.written[p])
			verdict(&r->c->spurious, "SPURIOUS", p, note, len);
		else if (t == T_MAYBE && s.written[p])
			verdict(&r->c->dropped, "dropped by the punch", p, note, len);
		r->truth[p] = T_PROT;
	}
	if (r->c->lost + r->c->spurious + r->c->dropped == before)
		snprintf(note + strlen(note), len - strlen(note), ", as expected");
}

static void set_truth(struct replay *r, int page, enum truth t)
{
	int p;

	for (p = 0; p < WS_PAGES; p++)
		if (page < 0 || p == page)
			r->truth[p] = t;
}

static void write_page(struct replay *r, int page, char *addr, char *note, size_t len)
{
	atomic_store(&r->faulted[page], false);
	*(volatile char *)addr = 1;
	if (r->mode == WS_SYNC)
		judge_write(r, page, note, len);
	else
		r->truth[page] = T_WRITTEN;
}

static int do_step(struct replay *r, const struct ws_step *st, char *note, size_t len)
{
	char *addr = r->base + (st->page < 0 ? 0 : (size_t)st->page * r->ps);
	size_t bytes = st->page < 0 ? WS_PAGES * r->ps : r->ps;
	char fill[r->ps];

	note[0] = '\0';
	switch (st->op) {
	case OP_PROTECT:
	case OP_UNPROTECT:
		if (uffd_writeprotect(&r->u, addr, bytes, st->op == OP_PROTECT))
			return -1;
		set_truth(r, st->page, st->op == OP_PROTECT ? T_PROT :
			  r->mode == WS_ASYNC ? T_WRITTEN : T_NONE);
		return 0;
	case OP_READ:
		(void)*(volatile char *)addr;
		return 0;
	case OP_HIDDEN_PROTECT:
	case OP_HIDDEN_UNPROTECT:
		return uffd_writeprotect(&r->u, addr, bytes, st->op == OP_HIDDEN_PROTECT);
	case OP_ALIAS_WRITE:
		/* judged as a write through the registered mapping */
		write_page(r, st->page, r->alias + (addr - r->base), note, len);
		return 0;
	case OP_WRITE:
		write_page(r, st->page, addr, note, len);
		return 0;
	case OP_ZAP:
		return madvise(addr, bytes, MADV_DONTNEED);
	case OP_PUNCH:
		memset(fill, FILL, sizeof(fill));
		if (fallocate(r->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			      (off_t)(addr - r->base), (off_t)r->ps) ||
		    pwrite(r->fd, fill, r->ps, (off_t)(addr - r->base)) != (ssize_t)r->ps)
			return -1;
		if (r->truth[st->page] == T_PROT)
			r->truth[st->page] = T_MAYBE;
		return 0;
	case OP_SCAN:
		scan(r, note, len);
		return 0;
	case OP_COUNT:
		break;
	}
	return -1;
}

static void trace_step(struct metric_sink *trace, const struct ws_step *st, const char *map,
		       const char *note)
{
	char name[32];

	if (st->page < 0)
		snprintf(name, sizeof(name), "%s", op_names[st->op]);
	else
		snprintf(name, sizeof(name), "%s:%d", op_names[st->op], st->page);
	metric_note(trace, "  %-18s %s%s%s\n", name, map, *note ? "  " : "", note);
}

static int setup(struct replay *r, int helper_cpu, char *why, size_t len)
{
	size_t size = WS_PAGES * r->ps;
	int err = 0;

	r->fd = memfd_create("fabench-wp_sequence", MFD_CLOEXEC);
	if (r->fd < 0 || ftruncate(r->fd, (off_t)size))
		err = -errno;
	err = err ?: shm_fill(r->fd, size, FILL);	/* the page cache fault-around maps */
	if (err) {
		snprintf(why, len, "memfd of %zu bytes: %s", size, strerror(-err));
		return -1;
	}
	/* 2 MiB aligned: no fault-around window crosses the window's edge */
	r->base = shm_map_aligned(size, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd);
	r->alias = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0);
	if (r->alias == MAP_FAILED)
		r->alias = NULL;
	r->pagemap_fd = open(PAGEMAP_PATH, O_RDONLY | O_CLOEXEC);
	if (!r->base || !r->alias || r->pagemap_fd < 0) {
		snprintf(why, len, "%s: %s", r->pagemap_fd < 0 ? PAGEMAP_PATH : "mmap",
			 strerror(errno));
		return -1;
	}
	if (uffd_open(&r->u, r->mode == WS_ASYNC ? UFFD_FEATURE_WP_ASYNC : 0, why, len) ||
	    uffd_register(&r->u, r->base, size, UFFD_MODE_WP, why, len))
		return -1;
	if (r->mode == WS_SYNC) {
		const struct uffd_handler_conf conf = {
			.uffd = r->u.fd, .threads = 1, .cpu = helper_cpu, .batch = 1,
			.on_msg = on_fault, .arg = r,
		};

		err = uffd_handler_start(&r->handler, &conf);
		if (err) {
			snprintf(why, len, "handler thread: %s", strerror(-err));
			return -1;
		}
	}
	return 0;
}

static void teardown(struct replay *r)
{
	uffd_handler_stop(&r->handler);
	uffd_close(&r->u);
	if (r->base)
		munmap(r->base, WS_PAGES * r->ps);
	if (r->alias)
		munmap(r->alias, WS_PAGES * r->ps);
	if (r->fd >= 0)
		close(r->fd);
	if (r->pagemap_fd >= 0)
		close(r->pagemap_fd);
}

int ws_replay(const char *name, const struct ws_sequence *seq, enum ws_mode mode, int helper_cpu,
	      struct ws_counts *c, struct metric_sink *trace, char *why, size_t len)
{
	struct replay *r = calloc(1, sizeof(*r));
	struct ws_step steps[WS_MAX_STEPS];
	char map[WS_PAGES + 1], note[256];
	int nsteps, i, before, ret = -1;

	if (!r) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	r->mode = mode;
	r->fd = r->pagemap_fd = r->u.fd = -1;
	r->ps = page_size();
	r->c = c;
	if (ws_parse(seq->steps, steps, &nsteps, why, len) || setup(r, helper_cpu, why, len))
		goto out;
	if (trace)
		metric_note(trace, "%s (%s): %s\n  %s\n"
			    "  ptes: . none, m uffd-wp marker, W mapped write-protected, P mapped writable\n"
			    "  %-18s %-*s  %s\n", name,
			    mode == WS_SYNC ? "sync" : "async", seq->steps, seq->shows, "step",
			    WS_PAGES, "ptes 0..15 after", "what the kernel answered");
	for (i = 0; i < nsteps; i++) {
		before = read_pagemap(r) ? -1 : count_present(r->pm);
		if (do_step(r, &steps[i], note, sizeof(note))) {
			c->errors++;
			snprintf(note, sizeof(note), "%s failed: %s", op_names[steps[i].op],
				 strerror(errno));
		}
		if (read_pagemap(r) || before < 0) {
			c->errors++;
			snprintf(map, sizeof(map), "%-*s", WS_PAGES, "(no pagemap)");
		} else {
			window_map(r, map);
			/* pages a read mapped beyond its own: fault-around at work */
			if (steps[i].op == OP_READ && count_present(r->pm) > before + 1)
				c->around += (uint64_t)(count_present(r->pm) - before - 1);
		}
		if (trace)
			trace_step(trace, &steps[i], map, note);
	}
	c->errors += atomic_load(&r->handler_errors) + atomic_load(&r->handler.errors);
	ret = 0;
out:
	teardown(r);
	free(r);
	return ret;
}
