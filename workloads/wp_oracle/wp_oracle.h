/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wp_oracle's parts.  wp_oracle.c: the workload, the oracle's loop, and the
 * description of the protocol; wp_oracle_truth.c: the per-page states and
 * every transition of them (the ground truth); wp_oracle_track.c: how the
 * oracle talks to the kernel (uffd setup, the sync fault handler, the async
 * PAGEMAP_SCAN); wp_oracle_actors.c: the threads that race it.
 */
#ifndef FABENCH_WP_ORACLE_H
#define FABENCH_WP_ORACLE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "bench/kernel/compat.h"
#include "bench/kernel/uffd.h"

#include "bench/kernel/pagesize.h"
/* the running kernel's page size (4K, 16K or 64K), not a constant */
#define WO_PAGE page_size()
#define WO_HUGE (2ul << 20)
#define WO_MAX_THREADS 16
#define WO_MAX_WINDOW 4096

enum wo_mode { WO_SYNC, WO_ASYNC };
enum wo_selftest { ST_NONE, ST_UNPROTECT, ST_SECOND_MAPPING };

/* The actors, in parameter order; each one's operations are ops_<name>. */
enum wo_actor { A_READERS, A_WRITER, A_PUNCHER, A_ZAPPER, A_PAGEOUT, A_COLLAPSE,
		A_COUNT };

/* Per-page state bits, see wp_oracle.c */
#define PS_PROT		(1u << 0)	/* protected by the oracle, not consumed */
#define PS_FAULTED	(1u << 1)	/* sync: the handler saw this write's fault */
#define PS_DIRTY	(1u << 2)	/* async: a protected page was written */
#define PS_PUNCHED	(1u << 3)	/* protection forgotten by a punch */
#define PS_WRITING	(1u << 4)	/* the writer owns the page */
#define PS_CLAIMED	(1u << 5)	/* the oracle, the puncher or the saboteur owns it */
#define PS_SABOTAGED	(1u << 6)	/* unprotect self-test: unprotected behind the oracle */

/* The counts collect() reports. */
enum wo_count {
	C_LOST, C_SPURIOUS, C_WRITES_PROT, C_WP_FAULTS, C_REPORTED,
	C_KEPT_PUNCH, C_STALE, C_PUNCH_KEPT, C_PUNCH_DROPPED,
	C_COLLAPSE_OK, C_COLLAPSE_REFUSED, C_SELFTEST_OPS, C_SELFTEST_HIDDEN,
	C_ORACLE_ERRORS, C_ACTOR_ERRORS, C_COUNT
};

/* The page history, wp_oracle_history.c */
enum wo_event_kind {
	EV_PROTECT, EV_SCAN_WRITTEN, EV_SCAN_CLEAN, EV_WRITE, EV_WRITE_PROT, EV_WP_FAULT,
	EV_ZAP, EV_PAGEOUT, EV_PUNCH_KEPT, EV_PUNCH_DROPPED, EV_PUNCH, EV_COLLAPSE,
	EV_SABOTAGE, EV_COUNT
};
#define WO_HIST_EVENTS 16	/* the last events kept per page */
#define WO_HIST_FAILURES 4	/* verdicts of each kind whose history is written */
#define WO_HIST_WINDOW 16	/* pages of a fault-around window (64 KiB of 4 KiB) */

struct wo_event {
	uint64_t ns, last_ns;	/* since the oracle started: the first and last of a run */
	uint32_t count;		/* a run of the same event (a zapper hits a page often) */
	uint8_t kind;		/* enum wo_event_kind */
	char pte;		/* pagemap_pte_char() just before it, or 0: not read */
};

struct wo_page_hist {
	_Atomic unsigned int next;
	struct wo_event ev[WO_HIST_EVENTS];
};

struct wo_failure {
	atomic_bool ready;
	uint64_t page, ns;
	char verdict[32];
	char pte[48];
	unsigned int nev;
	struct wo_event ev[WO_HIST_EVENTS];
	uint64_t read_ns[WO_HIST_WINDOW];
};

struct wp_oracle;

/* One actor thread: its kind (enum wo_actor, or A_COUNT: the saboteur). */
struct wo_thread {
	struct wp_oracle *o;
	int kind;
	int index;
};

struct wp_oracle {
	enum wo_mode mode;
	enum wo_selftest selftest;
	int fd;				/* the memfd */
	char *base;			/* its registered mapping, 2 MiB aligned */
	char *alias;			/* second_mapping: an unregistered one */
	uint64_t size, npages, window;
	uint64_t seconds, iterations;
	uint64_t seed;
	int helper_cpu;
	int reader_threads;
	bool on[A_COUNT];		/* asked for */
	char why[A_COUNT][64];		/* non-empty: asked for but unsupported */

	_Atomic uint32_t *state;	/* PS_* per page */
	struct uffd_ctx u;
	bool uffd_open;
	int pagemap_fd;
	struct uffd_handler handler;	/* sync mode's */
	struct page_region *vec;	/* async scan output, one per page */

	pthread_mutex_t gate_lock;
	pthread_cond_t gate;
	bool go;			/* under gate_lock */
	atomic_bool stop;
	pthread_t th[WO_MAX_THREADS];
	struct wo_thread thr[WO_MAX_THREADS];
	int nth;

	atomic_uint_fast64_t ops[A_COUNT];
	atomic_uint_fast64_t n[C_COUNT];

	struct wo_page_hist *hist;	/* per page */
	uint64_t *last_read;		/* per page: a reader's last read, timer_clock_ns */
	uint64_t hist_t0;
	/* [0]: lost, [1]: spurious */
	_Atomic unsigned int nfailures[2];
	struct wo_failure failures[2][WO_HIST_FAILURES];
};

static inline void wo_count(struct wp_oracle *o, enum wo_count c, uint64_t k)
{
	atomic_fetch_add_explicit(&o->n[c], k, memory_order_relaxed);
}

/* wp_oracle_truth.c: the ground truth */
void wo_claim(struct wp_oracle *o, uint64_t first, uint64_t n);
void wo_release_protected(struct wp_oracle *o, uint64_t first, uint64_t n);
void wo_release_punched(struct wp_oracle *o, uint64_t first, uint64_t n);
void wo_claim_sabotaged(struct wp_oracle *o, uint64_t first, uint64_t n);
void wo_release_to_writes(struct wp_oracle *o, uint64_t first, uint64_t n);
void wo_release_sabotaged(struct wp_oracle *o, uint64_t first, uint64_t n);
int wo_write_begin(struct wp_oracle *o, uint64_t page, uint32_t *before);
void wo_write_end(struct wp_oracle *o, uint64_t page, uint32_t before);
bool wo_write_hidden(uint32_t before, bool via_alias);
bool wo_fault(struct wp_oracle *o, uint64_t page);
void wo_scanned(struct wp_oracle *o, uint64_t page, bool written);

/* wp_oracle_history.c: the page history */
int wo_hist_setup(struct wp_oracle *o);
void wo_hist(struct wp_oracle *o, uint64_t page, enum wo_event_kind kind);
/* With the page's pte as pagemap showed it just before (pagemap_pte_char) */
void wo_hist_pte(struct wp_oracle *o, uint64_t page, enum wo_event_kind kind, char pte);
void wo_hist_range(struct wp_oracle *o, uint64_t first, uint64_t n, enum wo_event_kind kind);
/* A lost or spurious verdict on page: the first few of each keep their history. */
void wo_hist_failure(struct wp_oracle *o, uint64_t page, bool lost, const char *verdict);
struct metric_sink;
void wo_hist_notes(const struct wp_oracle *o, struct metric_sink *ms);
void wo_hist_teardown(struct wp_oracle *o);

/* wp_oracle_track.c: the kernel side of the oracle */
int wo_track_setup(struct wp_oracle *o, char *why, size_t len);
void wo_track_window(struct wp_oracle *o, uint64_t first, uint64_t n);
int wo_set_wp(struct wp_oracle *o, uint64_t first, uint64_t n, bool protect);
void wo_track_teardown(struct wp_oracle *o);

/* wp_oracle_actors.c: the racing threads */
int wo_actors_setup(struct wp_oracle *o, char *why, size_t len);
int wo_actors_start(struct wp_oracle *o, char *why, size_t len);
void wo_actors_go(struct wp_oracle *o);
void wo_actors_stop(struct wp_oracle *o);
void wo_actors_teardown(struct wp_oracle *o);

#endif /* FABENCH_WP_ORACLE_H */
