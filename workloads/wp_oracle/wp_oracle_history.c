// SPDX-License-Identifier: GPL-2.0-only
/*
 * wp_oracle's page history: what happened to each page lately, so that a
 * lost or spurious verdict comes with the sequence that led to it.
 *
 * Every actor and the oracle append events to the page's ring of the last
 * WO_HIST_EVENTS (a slot taken with one atomic increment; the same event
 * again only counts in the last slot; a slot being overwritten while a
 * failure copies the ring may show mixed fields: the history is evidence
 * to read, not a count).  The zapper and the async scan note the page's
 * pte as pagemap showed it just before: a written page whose pte reads
 * 'W' was write-protected again by someone.  The readers do not append:
 * they read millions of pages a second, so each stores the time of its
 * last read per page (one plain store per page, the clock read once per
 * batch).  The first WO_HIST_FAILURES verdicts copy their page's ring, the
 * reads of its fault-around window (the aligned 16 pages around it) and
 * what pagemap says of it right then; collect() writes them as the
 * repetition's notes (history/point-N.txt in the result directory).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/kernel/pagemap.h"
#include "bench/lib/metrics.h"
#include "bench/lib/timer.h"
#include "workloads/wp_oracle/wp_oracle.h"


static const char *const event_names[EV_COUNT] = {
	[EV_PROTECT] = "oracle: protected",
	[EV_SCAN_WRITTEN] = "oracle: scan says written",
	[EV_SCAN_CLEAN] = "oracle: scan says not written",
	[EV_WRITE] = "writer: wrote (page was not protected)",
	[EV_WRITE_PROT] = "writer: wrote (page was protected)",
	[EV_WP_FAULT] = "handler: WP fault",
	[EV_ZAP] = "zapper: MADV_DONTNEED",
	[EV_PAGEOUT] = "pageout: MADV_PAGEOUT",
	[EV_PUNCH_KEPT] = "puncher: punched, protection kept",
	[EV_PUNCH_DROPPED] = "puncher: punched, protection dropped",
	[EV_PUNCH] = "puncher: punched (was not protected)",
	[EV_COLLAPSE] = "collapse: MADV_COLLAPSE of its 2M block",
	[EV_SABOTAGE] = "self-test: unprotected behind the oracle's back",
};

int wo_hist_setup(struct wp_oracle *o)
{
	o->hist = calloc(o->npages, sizeof(*o->hist));
	o->last_read = calloc(o->npages, sizeof(*o->last_read));
	o->hist_t0 = timer_clock_ns();
	return o->hist && o->last_read ? 0 : -1;
}

void wo_hist_pte(struct wp_oracle *o, uint64_t page, enum wo_event_kind kind, char pte)
{
	struct wo_page_hist *h = &o->hist[page];
	unsigned int i = atomic_load_explicit(&h->next, memory_order_relaxed);
	uint64_t now = timer_clock_ns() - o->hist_t0;
	struct wo_event *last = &h->ev[(i - 1) % WO_HIST_EVENTS];

	/* the same event again: one line with a count, so it cannot flood the ring */
	if (i && last->kind == kind && last->pte == pte && last->count < UINT32_MAX) {
		last->count++;
		last->last_ns = now;
		return;
	}
	i = atomic_fetch_add_explicit(&h->next, 1, memory_order_relaxed);
	h->ev[i % WO_HIST_EVENTS] = (struct wo_event){
		.ns = now, .last_ns = now, .count = 1, .kind = (uint8_t)kind, .pte = pte,
	};
}

void wo_hist(struct wp_oracle *o, uint64_t page, enum wo_event_kind kind)
{
	wo_hist_pte(o, page, kind, 0);
}

void wo_hist_range(struct wp_oracle *o, uint64_t first, uint64_t n, enum wo_event_kind kind)
{
	uint64_t p;

	for (p = first; p < first + n && p < o->npages; p++)
		wo_hist(o, p, kind);
}

/* "not present, uffd-wp" and the like */
static void pte_text(int fd, const struct wp_oracle *o, uint64_t page, char *buf, size_t len)
{
	uint64_t e;

	if (pagemap_entries(fd, o->base + page * WO_PAGE, 1, &e)) {
		snprintf(buf, len, "(pagemap unreadable)");
		return;
	}
	snprintf(buf, len, "%s, uffd-wp %s", e >> PM_PRESENT_BIT & 1 ? "mapped" : "not mapped",
		 e >> PM_UFFD_WP_BIT & 1 ? "set" : "clear");
}

static int by_time(const void *a, const void *b)
{
	const struct wo_event *x = a, *y = b;

	return x->ns < y->ns ? -1 : x->ns > y->ns;
}

void wo_hist_failure(struct wp_oracle *o, uint64_t page, bool lost, const char *verdict)
{
	unsigned int k = atomic_fetch_add(&o->nfailures[!lost], 1), i, n;
	struct wo_failure *f;
	uint64_t first, p;

	if (k >= WO_HIST_FAILURES)
		return;
	f = &o->failures[!lost][k];
	f->page = page;
	f->ns = timer_clock_ns() - o->hist_t0;
	snprintf(f->verdict, sizeof(f->verdict), "%s", verdict);
	n = atomic_load(&o->hist[page].next);
	f->nev = n < WO_HIST_EVENTS ? n : WO_HIST_EVENTS;
	for (i = 0; i < f->nev; i++)
		f->ev[i] = o->hist[page].ev[(n - f->nev + i) % WO_HIST_EVENTS];
	qsort(f->ev, f->nev, sizeof(f->ev[0]), by_time);
	first = page / WO_HIST_WINDOW * WO_HIST_WINDOW;
	for (p = 0; p < WO_HIST_WINDOW; p++)
		f->read_ns[p] = first + p < o->npages ? o->last_read[first + p] : 0;
	pte_text(o->pagemap_fd, o, page, f->pte, sizeof(f->pte));
	atomic_store(&f->ready, true);
}

static void note_failure(const struct wp_oracle *o, const struct wo_failure *f,
			 struct metric_sink *ms)
{
	uint64_t first = f->page / WO_HIST_WINDOW * WO_HIST_WINDOW, p, lo, hi;
	unsigned int i;

	metric_note(ms, "page %llu: %s at %.6f s; pagemap after: %s\n",
		    (unsigned long long)f->page, f->verdict, (double)f->ns / 1e9, f->pte);
	for (i = 0; i < f->nev; i++) {
		const struct wo_event *e = &f->ev[i];

		metric_note(ms, "  %12.6f s  %s", (double)e->ns / 1e9,
			    e->kind < EV_COUNT ? event_names[e->kind] : "?");
		if (e->pte)
			metric_note(ms, " [pte before: %c]", e->pte);
		if (e->count > 1)
			metric_note(ms, " (x%u, the last at %.6f s)", e->count,
				    (double)e->last_ns / 1e9);
		metric_note(ms, "\n");
	}
	for (p = 0, lo = UINT64_MAX, hi = 0; p < WO_HIST_WINDOW; p++) {
		if (!f->read_ns[p])
			continue;
		lo = f->read_ns[p] < lo ? f->read_ns[p] : lo;
		hi = f->read_ns[p] > hi ? f->read_ns[p] : hi;
	}
	metric_note(ms, "  readers: the last read of each page %llu..%llu (its fault-around window) ",
		    (unsigned long long)first, (unsigned long long)(first + WO_HIST_WINDOW - 1));
	if (!hi)
		metric_note(ms, "none\n");
	else if (lo == hi)
		metric_note(ms, "at %.6f s\n", (double)(lo - o->hist_t0) / 1e9);
	else
		metric_note(ms, "between %.6f and %.6f s\n", (double)(lo - o->hist_t0) / 1e9,
			    (double)(hi - o->hist_t0) / 1e9);
}

void wo_hist_notes(const struct wp_oracle *o, struct metric_sink *ms)
{
	static const char *const kind[2] = { "lost", "spurious" };
	unsigned int n, k;
	int i;

	for (i = 0; i < 2; i++) {
		n = atomic_load(&o->nfailures[i]);
		if (!n)
			continue;
		metric_note(ms, "%u %s verdicts; the history of the first %u (the last %d "
			    "events of each page, in time order, each logged when its call "
			    "returned; pte: . none, m uffd-wp marker, W mapped write-protected, "
			    "P mapped writable, s swapped):\n", n, kind[i],
			    n < WO_HIST_FAILURES ? n : WO_HIST_FAILURES, WO_HIST_EVENTS);
		for (k = 0; k < n && k < WO_HIST_FAILURES; k++)
			if (atomic_load(&o->failures[i][k].ready))
				note_failure(o, &o->failures[i][k], ms);
	}
}

void wo_hist_teardown(struct wp_oracle *o)
{
	free(o->hist);
	free(o->last_read);
}
