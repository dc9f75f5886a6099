// SPDX-License-Identifier: GPL-2.0-only
/*
 * The threads that race wp_oracle's oracle; what each can do to a page's
 * protection is described at the top of wp_oracle.c.
 *
 * They are the workload's own threads, not the runner's: the runner's
 * threads are alike and each one's faults, time and units are summed into
 * the repetition's figures, which would then mix a writer's blocked
 * faults with a reader's page walks.  So run() is the oracle alone (its
 * rounds are the units), and the actors start in prepare() behind a gate
 * that run() opens, and are stopped and joined before run() returns: all
 * of their work falls inside the timed window.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench/kernel/pagemap.h"
#include "bench/kernel/shm.h"
#include "bench/kernel/swap.h"
#include "workloads/workload.h"
#include "bench/lib/prng.h"
#include "bench/lib/timer.h"
#include "workloads/wp_oracle/wp_oracle.h"

#define MAX_RANGE 16		/* pages per punch, zap, pageout, unprotect */
#define SABOTAGE_US 2000		/* how long a range stays unprotected, at least */
#define SABOTAGE_SHARE 8	/* and how much: an eighth of the region */
/*
 * ... and until the writer hid a write in it, or SABOTAGE_MAX_US passed
 * (under emulation, TCG guests, a writer slowed by every other actor may
 * write only a few pages in 2 ms).
 */
#define SABOTAGE_MAX_US 200000
#define ALIAS_EVERY 8		/* second_mapping: one protected write in 8 */
#define KIND_SABOTEUR A_COUNT

static bool stopped(struct wp_oracle *o)
{
	return atomic_load_explicit(&o->stop, memory_order_relaxed);
}

/* A random range of 1..MAX_RANGE pages; returns its first page. */
static uint64_t random_range(const struct wp_oracle *o, uint64_t *s, uint64_t *n)
{
	*n = 1 + prng_next(s) % MAX_RANGE;
	if (*n > o->npages)
		*n = o->npages;
	return prng_next(s) % (o->npages - *n + 1);
}

/* Every page in turn from this reader's offset; fault-around as allowed. */
static WL_MEASURED_LOOP void reader(struct wo_thread *t)
{
	struct wp_oracle *o = t->o;
	const volatile char *base = o->base;
	uint64_t p = o->npages * (uint64_t)t->index / (uint64_t)o->reader_threads;
	uint64_t n = 0, i, now;
	char sink = 0;

	while (!stopped(o)) {
		now = timer_clock_ns();
		for (i = 0; i < 64; i++) {
			sink ^= base[p * WO_PAGE];
			o->last_read[p] = now;	/* the page history's */
			p = p + 1 < o->npages ? p + 1 : 0;
		}
		n += 64;
	}
	__asm__ volatile("" : : "r"(sink));
	atomic_fetch_add(&o->ops[A_READERS], n);
}

static WL_MEASURED_LOOP void store(char *page, uint64_t value)
{
	((volatile uint64_t *)page)[1] = value;
}

/*
 * The second_mapping self-test sends some writes to protected pages
 * through the unregistered mapping: announced, so the oracle expects them
 * to be seen, and invisible to uffd-wp.
 */
static bool via_alias(struct wp_oracle *o, uint32_t before, uint64_t *k)
{
	return o->alias && (before & PS_PROT) && (*k)++ % ALIAS_EVERY == 0;
}

static void writer(struct wo_thread *t)
{
	struct wp_oracle *o = t->o;
	uint64_t s = o->seed * 4 + 3, n = 0, k = 0, page;
	uint32_t before;
	bool alias;

	while (!stopped(o)) {
		page = prng_next(&s) % o->npages;
		if (wo_write_begin(o, page, &before))
			continue;	/* claimed, or held by a write */
		alias = via_alias(o, before, &k);
		store((alias ? o->alias : o->base) + page * WO_PAGE, n);
		if (wo_write_hidden(before, alias))
			wo_count(o, C_SELFTEST_HIDDEN, 1);
		wo_write_end(o, page, before);
		n++;
	}
	atomic_fetch_add(&o->ops[A_WRITER], n);
}

/* What the kernel did to the bit of each page protected before the punch. */
static void note_punched(struct wp_oracle *o, uint64_t first, uint64_t n,
			 const uint32_t *before)
{
	uint64_t e[MAX_RANGE], i;

	if (pagemap_entries(o->pagemap_fd, o->base + first * WO_PAGE, n, e)) {
		wo_count(o, C_ACTOR_ERRORS, 1);
		return;
	}
	for (i = 0; i < n; i++) {
		bool kept = e[i] >> PM_UFFD_WP_BIT & 1;

		if ((before[i] & (PS_PROT | PS_DIRTY)) == PS_PROT) {	/* not written */
			wo_count(o, kept ? C_PUNCH_KEPT : C_PUNCH_DROPPED, 1);
			wo_hist(o, first + i, kept ? EV_PUNCH_KEPT : EV_PUNCH_DROPPED);
		} else {
			wo_hist(o, first + i, EV_PUNCH);
		}
	}
}

/* Claimed, so that no write is in flight: punch, look, refill, forget. */
static void punch_one(struct wp_oracle *o, uint64_t first, uint64_t n, const char *fill)
{
	uint32_t before[MAX_RANGE];
	off_t off = (off_t)(first * WO_PAGE), len = (off_t)(n * WO_PAGE);
	uint64_t i;

	wo_claim(o, first, n);
	for (i = 0; i < n; i++)
		before[i] = atomic_load(&o->state[first + i]);
	if (fallocate(o->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, len))
		wo_count(o, C_ACTOR_ERRORS, 1);
	else
		note_punched(o, first, n, before);
	if (pwrite(o->fd, fill, (size_t)len, off) != len)
		wo_count(o, C_ACTOR_ERRORS, 1);
	wo_release_punched(o, first, n);
}

static void puncher(struct wo_thread *t)
{
	struct wp_oracle *o = t->o;
	uint64_t s = o->seed * 4 + 5, ops = 0, first, n;
	char *fill = malloc(MAX_RANGE * WO_PAGE);

	if (!fill) {
		wo_count(o, C_ACTOR_ERRORS, 1);
		return;
	}
	memset(fill, 0xa5, MAX_RANGE * WO_PAGE);
	while (!stopped(o)) {
		first = random_range(o, &s, &n);
		punch_one(o, first, n, fill);
		ops++;
	}
	free(fill);
	atomic_fetch_add(&o->ops[A_PUNCHER], ops);
}

/* zapper and pageout: madvise of random ranges, no claims */
static void advisor(struct wo_thread *t)
{
	struct wp_oracle *o = t->o;
	int advice = t->kind == A_ZAPPER ? MADV_DONTNEED : MADV_PAGEOUT;
	uint64_t s = o->seed * 4 + 7 + (uint64_t)t->kind, ops = 0, first, n;

	uint64_t e[MAX_RANGE], i;
	bool pte;

	while (!stopped(o)) {
		first = random_range(o, &s, &n);
		/* what it zaps, for the page history */
		pte = !pagemap_entries(o->pagemap_fd, o->base + first * WO_PAGE, n, e);
		if (madvise(o->base + first * WO_PAGE, n * WO_PAGE, advice)) {
			wo_count(o, C_ACTOR_ERRORS, 1);
			ops++;
			continue;
		}
		for (i = 0; i < n; i++)
			wo_hist_pte(o, first + i, advice == MADV_DONTNEED ? EV_ZAP : EV_PAGEOUT,
				    pte ? pagemap_pte_char(e[i]) : 0);
		ops++;
	}
	atomic_fetch_add(&o->ops[t->kind], ops);
}

/* EINVAL here is the kernel refusing the PMD in a uffd-wp VMA, see the probe. */
static void collapser(struct wo_thread *t)
{
	struct wp_oracle *o = t->o;
	uint64_t s = o->seed * 4 + 11, ops = 0, block;

	while (!stopped(o)) {
		block = prng_next(&s) % (o->size / WO_HUGE);
		wo_hist_range(o, block * WO_HUGE / WO_PAGE, WO_HUGE / WO_PAGE, EV_COLLAPSE);
		if (!madvise(o->base + block * WO_HUGE, WO_HUGE, MADV_COLLAPSE))
			wo_count(o, C_COLLAPSE_OK, 1);
		else if (errno == EINVAL)
			wo_count(o, C_COLLAPSE_REFUSED, 1);
		ops++;
	}
	atomic_fetch_add(&o->ops[A_COLLAPSE], ops);
}

/*
 * The unprotect self-test: a random eighth of the region loses its
 * protection behind the oracle's back (sync: writes land without a fault),
 * then gets it back (async: the writes made meanwhile no longer read as
 * written).  The range is claimed while its protection changes, so no
 * write is in flight then, and marked SABOTAGED in between, so neither the
 * oracle nor the puncher protects or punches it meanwhile: every write the
 * writer hides in it (C_SELFTEST_HIDDEN) was made to an unprotected page.
 */
static void saboteur(struct wo_thread *t)
{
	struct wp_oracle *o = t->o;
	uint64_t s = o->seed * 4 + 13, n = o->npages / SABOTAGE_SHARE, first, hidden;
	unsigned int waited;

	n = n ? n : 1;
	while (!stopped(o)) {
		first = prng_next(&s) % (o->npages - n + 1);
		wo_claim(o, first, n);
		if (wo_set_wp(o, first, n, false)) {
			wo_count(o, C_ACTOR_ERRORS, 1);
		} else {
			wo_hist_range(o, first, n, EV_SABOTAGE);
			hidden = atomic_load(&o->n[C_SELFTEST_HIDDEN]);
			wo_release_to_writes(o, first, n);
			for (waited = 0; !stopped(o) && (waited < SABOTAGE_US ||
			     (atomic_load(&o->n[C_SELFTEST_HIDDEN]) == hidden &&
			      waited < SABOTAGE_MAX_US)); waited += SABOTAGE_US / 4)
				usleep(SABOTAGE_US / 4);
			wo_claim_sabotaged(o, first, n);
		}
		if (wo_set_wp(o, first, n, true))
			wo_count(o, C_ACTOR_ERRORS, 1);
		wo_release_sabotaged(o, first, n);
		usleep(SABOTAGE_US / 2);
		wo_count(o, C_SELFTEST_OPS, 1);
	}
}

static void *actor_main(void *arg)
{
	struct wo_thread *t = arg;
	struct wp_oracle *o = t->o;

	pthread_mutex_lock(&o->gate_lock);
	while (!o->go)
		pthread_cond_wait(&o->gate, &o->gate_lock);
	pthread_mutex_unlock(&o->gate_lock);
	if (t->kind == A_READERS)
		reader(t);
	else if (t->kind == A_WRITER)
		writer(t);
	else if (t->kind == A_PUNCHER)
		puncher(t);
	else if (t->kind == A_COLLAPSE)
		collapser(t);
	else if (t->kind == KIND_SABOTEUR)
		saboteur(t);
	else
		advisor(t);
	return NULL;
}

/*
 * MADV_COLLAPSE on a scratch memfd nobody registered: EINVAL or ENOSYS
 * there means the kernel cannot collapse shmem at all (no MADV_COLLAPSE,
 * THP shmem "deny"), not the refusal a uffd-wp VMA gets.
 */
static void probe_collapse(char *why, size_t len)
{
	int fd = memfd_create("fabench-wp_oracle-probe", MFD_CLOEXEC), err = 0;
	char *p = NULL;

	if (fd >= 0 && !ftruncate(fd, WO_HUGE) && !fallocate(fd, 0, 0, WO_HUGE))
		p = shm_map_aligned(WO_HUGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd);
	if (!p) {
		snprintf(why, len, "probe: %s", strerrorname_np(errno) ?: "error");
	} else {
		if (madvise(p, WO_HUGE, MADV_COLLAPSE))
			err = errno;
		if (err == EINVAL || err == ENOSYS)
			snprintf(why, len, "MADV_COLLAPSE: %s", strerrorname_np(err));
		munmap(p, WO_HUGE);
	}
	if (fd >= 0)
		close(fd);
}

int wo_actors_setup(struct wp_oracle *o, char *why, size_t len)
{
	if (o->on[A_PAGEOUT] && swap_areas(NULL, NULL) <= 0)
		snprintf(o->why[A_PAGEOUT], sizeof(o->why[0]), "no swap");
	if (o->on[A_COLLAPSE] && o->size < WO_HUGE)
		snprintf(o->why[A_COLLAPSE], sizeof(o->why[0]), "size under 2M");
	else if (o->on[A_COLLAPSE])
		probe_collapse(o->why[A_COLLAPSE], sizeof(o->why[0]));
	if (o->selftest != ST_SECOND_MAPPING)
		return 0;
	o->alias = mmap(NULL, o->size, PROT_READ | PROT_WRITE, MAP_SHARED, o->fd, 0);
	if (o->alias == MAP_FAILED) {
		o->alias = NULL;
		snprintf(why, len, "second mapping: %s", strerror(errno));
		return WL_ERROR;
	}
	return 0;
}

static int start(struct wp_oracle *o, int kind, int index, char *why, size_t len)
{
	struct wo_thread *t = &o->thr[o->nth];
	int err;

	*t = (struct wo_thread){ .o = o, .kind = kind, .index = index };
	err = pthread_create(&o->th[o->nth], NULL, actor_main, t);
	if (err) {
		snprintf(why, len, "actor thread: %s", strerror(err));
		return WL_ERROR;
	}
	o->nth++;
	return 0;
}

int wo_actors_start(struct wp_oracle *o, char *why, size_t len)
{
	int a, i, ret = 0;

	for (a = 0; a < A_COUNT && !ret; a++) {
		if (!o->on[a] || o->why[a][0])
			continue;
		for (i = 0; i < (a == A_READERS ? o->reader_threads : 1) && !ret; i++)
			ret = start(o, a, i, why, len);
	}
	if (!ret && o->selftest == ST_UNPROTECT)
		ret = start(o, KIND_SABOTEUR, 0, why, len);
	return ret;
}

void wo_actors_go(struct wp_oracle *o)
{
	pthread_mutex_lock(&o->gate_lock);
	o->go = true;
	pthread_cond_broadcast(&o->gate);
	pthread_mutex_unlock(&o->gate_lock);
}

/* Idempotent: run() stops them, cleanup() too if run() never did. */
void wo_actors_stop(struct wp_oracle *o)
{
	atomic_store(&o->stop, true);
	wo_actors_go(o);
	while (o->nth > 0)
		pthread_join(o->th[--o->nth], NULL);
}

void wo_actors_teardown(struct wp_oracle *o)
{
	if (o->alias)
		munmap(o->alias, o->size);
	o->alias = NULL;
}
