// SPDX-License-Identifier: GPL-2.0-only
/*
 * wp_oracle: can a write-protected shmem page lose (or gain) its uffd-wp
 * protection while hole punching, zapping, swap-out, collapse and read
 * faults (fault-around where the kernel allows it) race?  The question of
 * the 2020 linux-mm thread that led to the PTE markers of 5.19.
 *
 * An oracle write-protects pages of a memfd mapping registered for uffd-wp
 * and knows at every moment which pages it protected; a writer announces
 * each write before making it; actor threads race both.  mode = sync: a
 * handler thread answers WP faults, and a write to a protected page must
 * fault before it lands.  mode = async (UFFD_FEATURE_WP_ASYNC, 6.7): the
 * kernel resolves the fault itself, and the page must be PAGE_IS_WRITTEN in
 * the oracle's next PAGEMAP_SCAN.  A write that did neither is `lost_wp`:
 * data a snapshot would miss, a correctness failure.
 *
 * Ground truth: one state word per page (PS_* in wp_oracle.h), changed only
 * with atomics and only in wp_oracle_truth.c.
 *   PROT     protected by the oracle and not consumed since
 *   FAULTED  sync: the handler saw the WP fault of the write in flight
 *   DIRTY    async: a protected page was written; the next scan must say so
 *   PUNCHED  the page was protected when the puncher punched it; its
 *            protection is forgotten until the oracle protects it again
 *   WRITING  the writer owns the page for one write
 *   CLAIMED  the oracle, the puncher or the saboteur owns the page
 *   SABOTAGED  the unprotect self-test took its protection away: writes
 *            may go on, claims other than the saboteur's wait
 * WRITING and CLAIMED are taken by compare-and-swap from a state with
 * neither, so they exclude each other.  CLAIMED is taken in ascending page
 * order and the writer holds one page and waits for nothing while it does
 * (a WP fault it takes is answered by the handler, which takes no page), so
 * nothing deadlocks.
 *
 * The protocol.
 *   oracle   claims a random window of pages; sync: UFFDIO_WRITEPROTECT;
 *            async: PAGEMAP_SCAN (PM_SCAN_WP_MATCHING, PAGE_IS_WRITTEN: the
 *            real tracker's reset-on-read), every DIRTY page must be in the
 *            result, then UFFDIO_WRITEPROTECT of the window; sets PROT (and
 *            nothing else) and releases.
 *   writer   takes WRITING, notes PROT, stores through the mapping, then
 *            sync: PROT before and no FAULTED now is a lost_wp; clears
 *            PROT (the fault consumed it); async: PROT before sets DIRTY.
 *   handler  sync: a WP fault on a PROT page sets FAULTED and clears PROT;
 *            then it unprotects the page, which lets the store land.
 * While the writer holds a page no one changes or reads its protection, so
 * every write is judged against exactly the protection it met: no write is
 * ever in flight while the oracle protects or scans its page.
 *
 * spurious_wp: sync, a WP fault on a page neither PROT nor PUNCHED (never
 * protected, or already resolved: a gained protection); async, a PROT page
 * reported written that nobody wrote (the kernel dropped the bit).  Recorded,
 * not a failure: an extra fault costs time, not data.
 *
 * The actors (each on/off) and the interleavings they can produce.
 *   readers  read every page in turn, no claims, at any time.  A read fault
 *            on a protected none pte (a PTE marker) maps the page with the
 *            wp bit (mm/memory.c set_pte_range).  Fault-around is off in
 *            uffd-wp VMAs since 5.19 (uffd_disable_fault_around); where a
 *            kernel allows it, filemap_map_pages skips non-none ptes, so it
 *            cannot unprotect, but it copies the faulting pte's wp bit to
 *            the none ptes it fills: a gained protection, spurious_wp.
 *   zapper   MADV_DONTNEED of random ranges, no claims.  A zapped protected
 *            pte leaves a PTE marker (zap_install_uffd_wp_if_needed; madvise
 *            passes no ZAP_FLAG_DROP_MARKER); a zap that dropped the bit is a
 *            lost_wp at the next write (sync) or a spurious report (async).
 *            A zapped written pte leaves a none pte, which PAGEMAP_SCAN
 *            reports as written in a wp-async VMA (measured on 6.18).
 *   puncher  claims a random range (so no write to it is in flight),
 *            punches it (fallocate PUNCH_HOLE|KEEP_SIZE), refills it by
 *            pwrite through the file, then forgets its protection.  The
 *            kernel promises nothing about the bit of a punched page:
 *            Documentation/admin-guide/mm/userfaultfd.rst says MADV_REMOVE
 *            (a punch) "will be treated as dirtying of memory by dropping
 *            the uffd bit", truncation zaps a mapped folio with
 *            ZAP_FLAG_DROP_MARKER (mm/memory.c unmap_mapping_folio), but
 *            the pre-unmap of shmem_fallocate (unmap_mapping_range, no
 *            DROP_MARKER) leaves markers that truncation keeps once the
 *            folio is unmapped.  The new content did not come through the
 *            mapping either.  So after a punch an unfaulted write is no
 *            loss and a WP fault is not spurious (wp_kept_punch); what the
 *            kernel did is read from pagemap's uffd-wp bit right after the
 *            punch: punch_wp_kept, punch_wp_dropped.  Only a fault mapping
 *            the page between the pre-unmap and the truncation could drop
 *            it, and shmem_fault holds such faults off (shmem_falloc_wait):
 *            on 6.18 every punched protected page kept its bit (measured).
 *   pageout  MADV_PAGEOUT, only with swap (else unsupported: no swap); a
 *            swapped-out page keeps the bit in its swap pte or a marker.
 *   collapse MADV_COLLAPSE of random 2 MiB blocks.  In a uffd-wp VMA the
 *            kernel builds the huge page in the page cache, unmapping the
 *            small ptes (markers keep the bit), then refuses the PMD with
 *            EINVAL (collapse_refused; measured on 6.18): it still races.
 *            Unsupported where a probe on an unregistered mapping fails
 *            with EINVAL or ENOSYS.
 * What the oracle cannot see: a protection lost and regained before the
 * next write to the page; a loss on a page no one writes before the oracle
 * protects it again (sync; async shows it as spurious); anything during a
 * punch (writes are held off); writes that bypass the registered mapping:
 * the second_mapping self-test makes some of the writer's writes go through
 * an unregistered mapping, and the unprotect self-test removes the
 * protection of random ranges behind the oracle's back (then restores it,
 * which hides writes from the async scan).  Both count the writes they hid
 * (selftest_hidden): sync must report each as lost_wp and no other, async
 * some (a hidden write written again before its scan is seen after all).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "bench/lib/metrics.h"
#include "bench/lib/prng.h"
#include "bench/lib/timer.h"
#include "bench/kernel/shm.h"
#include "workloads/wp_oracle/wp_oracle.h"
#include "workloads/workload.h"

enum wo_switch { SWITCH_ON, SWITCH_OFF };

#define SELFTEST_GRACE_NS (30 * 1000000000ull)

struct wp_oracle_options {
	enum wo_mode mode;
	uint64_t size;
	uint64_t seconds;
	uint64_t iterations;
	uint64_t window;
	enum wo_switch actor[A_COUNT];	/* in enum wo_actor order */
	uint64_t reader_threads;
	enum wo_selftest selftest;
};

static const char *const actor_names[A_COUNT] = {
	"readers", "writer", "puncher", "zapper", "pageout", "collapse",
};

static void oracle_round(struct wp_oracle *o, uint64_t first)
{
	wo_claim(o, first, o->window);
	wo_track_window(o, first, o->window);
	wo_release_protected(o, first, o->window);
}

/*
 * Until seconds and iterations are done; a self-test run goes on, up to
 * SELFTEST_GRACE_NS longer, until its writer hid a write: a self-test run
 * that hid nothing would prove nothing.
 */
static bool more_rounds(struct wp_oracle *o, uint64_t rounds, uint64_t end)
{
	uint64_t now = timer_clock_ns();

	if ((!o->seconds || now < end) && (!o->iterations || rounds < o->iterations))
		return true;
	return o->selftest != ST_NONE && !atomic_load(&o->n[C_SELFTEST_HIDDEN]) &&
	       now < end + SELFTEST_GRACE_NS;
}

/*
 * run(): the oracle's loop, with the actors racing it from the first round
 * to the last; async then scans every page once more, so that each write
 * is judged.
 */
static uint64_t wo_run(void *state, struct wl_thread *t)
{
	struct wp_oracle *o = state;
	uint64_t end = timer_clock_ns() + o->seconds * 1000000000ull, s = o->seed * 2 + 1;
	uint64_t rounds = 0, first;

	wo_actors_go(o);
	meter_start(t->meter);
	while (more_rounds(o, rounds, end)) {
		oracle_round(o, prng_next(&s) % (o->npages - o->window + 1));
		meter_mark(t->meter);
		rounds++;
	}
	wo_actors_stop(o);
	if (o->mode == WO_ASYNC) {
		for (first = 0; first + o->window <= o->npages; first += o->window)
			oracle_round(o, first);
		if (first < o->npages)
			oracle_round(o, o->npages - o->window);
	}
	return rounds;
}

static int fill_and_map(struct wp_oracle *o, char *why, size_t len)
{
	int err;

	o->fd = memfd_create("fabench-wp_oracle", MFD_CLOEXEC);
	if (o->fd < 0 || ftruncate(o->fd, (off_t)o->size)) {
		snprintf(why, len, "memfd: %s", strerror(errno));
		return WL_ERROR;
	}
	err = shm_fill(o->fd, o->size, 0x5a);
	/* 2 MiB aligned, so that collapse has whole blocks to work on */
	o->base = err ? NULL : shm_map_aligned(o->size, PROT_READ | PROT_WRITE, MAP_SHARED,
					       o->fd);
	if (!o->base) {
		snprintf(why, len, "populating and mapping the memfd: %s",
			 strerror(err ? -err : errno));
		return WL_ERROR;
	}
	return 0;
}

static int read_params(struct wp_oracle *o, const struct wl_point *pt,
		       char *why, size_t len)
{
	const struct wp_oracle_options *opt = pt->options;
	int a;

	o->mode = opt->mode;
	o->selftest = opt->selftest;
	o->size = opt->size;
	o->npages = o->size / WO_PAGE;
	o->seconds = opt->seconds;
	o->iterations = opt->iterations;
	o->window = opt->window;
	o->reader_threads = (int)opt->reader_threads;
	o->seed = pt->seed;
	o->helper_cpu = pt->helper_cpu;
	for (a = 0; a < A_COUNT; a++)
		o->on[a] = opt->actor[a] == SWITCH_ON;
	if (!o->seconds && !o->iterations) {
		snprintf(why, len, "seconds = 0 and iterations = 0: the run would never end");
		return WL_ERROR;
	}
	if (o->window > o->npages) {
		snprintf(why, len, "window of %llu pages in a %llu-page region",
			 (unsigned long long)o->window, (unsigned long long)o->npages);
		return WL_ERROR;
	}
	o->state = calloc(o->npages, sizeof(*o->state));
	return o->state ? 0 : WL_ERROR;
}

static int wo_prepare(const struct wl_point *pt, void **state, int *nthreads,
		      char *why, size_t len)
{
	struct wp_oracle *o = calloc(1, sizeof(*o));
	uint64_t p;
	int ret;

	*state = o;
	*nthreads = 1;
	if (!o)
		return WL_ERROR;
	o->fd = o->pagemap_fd = o->u.fd = -1;
	pthread_mutex_init(&o->gate_lock, NULL);
	pthread_cond_init(&o->gate, NULL);
	ret = read_params(o, pt, why, len);
	ret = ret ?: wo_hist_setup(o) ? WL_ERROR : 0;
	ret = ret ?: fill_and_map(o, why, len);
	ret = ret ?: wo_actors_setup(o, why, len);
	ret = ret ?: wo_track_setup(o, why, len);	/* protects every page */
	for (p = 0; !ret && p < o->npages; p++)
		atomic_store(&o->state[p], PS_PROT);
	return ret ?: wo_actors_start(o, why, len);
}

static void put_ops(const struct wp_oracle *o, struct metric_sink *ms)
{
	char name[32];
	int a;

	for (a = 0; a < A_COUNT; a++) {
		snprintf(name, sizeof(name), "ops_%s", actor_names[a]);
		if (o->on[a] && o->why[a][0])
			metric_put_unsupported(ms, name, o->why[a]);
		else
			metric_put(ms, name, (double)atomic_load(&o->ops[a]));
	}
}

static void wo_collect(void *state, struct metric_sink *ms)
{
	struct wp_oracle *o = state;
	uint64_t n[C_COUNT];
	int c;

	for (c = 0; c < C_COUNT; c++)
		n[c] = atomic_load(&o->n[c]);
	n[C_ORACLE_ERRORS] += atomic_load(&o->handler.errors);	/* its read */
	metric_put_check(ms, "lost_wp", (double)n[C_LOST]);
	metric_put(ms, "spurious_wp", (double)n[C_SPURIOUS]);
	metric_put(ms, "writes_protected", (double)n[C_WRITES_PROT]);
	if (o->mode == WO_SYNC) {
		metric_put(ms, "wp_faults", (double)n[C_WP_FAULTS]);
		metric_put(ms, "wp_kept_punch", (double)n[C_KEPT_PUNCH]);
		metric_put(ms, "stale_faults", (double)n[C_STALE]);
	} else {
		metric_put(ms, "reported_writes", (double)n[C_REPORTED]);
	}
	metric_put(ms, "punch_wp_kept", (double)n[C_PUNCH_KEPT]);
	metric_put(ms, "punch_wp_dropped", (double)n[C_PUNCH_DROPPED]);
	metric_put(ms, "collapse_ok", (double)n[C_COLLAPSE_OK]);
	metric_put(ms, "collapse_refused", (double)n[C_COLLAPSE_REFUSED]);
	put_ops(o, ms);
	if (o->selftest == ST_UNPROTECT)
		metric_put(ms, "ops_selftest", (double)n[C_SELFTEST_OPS]);
	if (o->selftest != ST_NONE)
		metric_put(ms, "selftest_hidden", (double)n[C_SELFTEST_HIDDEN]);
	metric_put(ms, "actor_errors", (double)n[C_ACTOR_ERRORS]);
	metric_put_check(ms, "oracle_errors", (double)n[C_ORACLE_ERRORS]);
	wo_hist_notes(o, ms);
}

static void wo_cleanup(void *state)
{
	struct wp_oracle *o = state;

	if (!o)
		return;
	wo_actors_stop(o);
	wo_track_teardown(o);
	wo_actors_teardown(o);
	if (o->base)
		munmap(o->base, o->size);
	if (o->fd >= 0)
		close(o->fd);
	pthread_cond_destroy(&o->gate);
	pthread_mutex_destroy(&o->gate_lock);
	wo_hist_teardown(o);
	free(o->state);
	free(o);
}

static const char *const modes[] = { "sync", "async", NULL };
static const char *const on_off[] = { "on", "off", NULL };
static const char *const selftests[] = { "none", "unprotect", "second_mapping", NULL };

static const struct param_ident mode_idents[] = {
	PARAM_IDENT(WO_SYNC), PARAM_IDENT(WO_ASYNC), { 0, NULL },
};
static const struct param_ident switch_idents[] = {
	PARAM_IDENT(SWITCH_ON), PARAM_IDENT(SWITCH_OFF), { 0, NULL },
};
static const struct param_ident selftest_idents[] = {
	PARAM_IDENT(ST_NONE), PARAM_IDENT(ST_UNPROTECT), PARAM_IDENT(ST_SECOND_MAPPING),
	{ 0, NULL },
};

#define WO_OPT(field) .off = offsetof(struct wp_oracle_options, field)
#define WO_ACTOR(a) WO_OPT(actor[a]), .type = PT_ENUM, .values = on_off, \
	.idents = switch_idents, .def = "on"

static const struct param_desc wo_params[] = {
	{ .name = "mode", .type = PT_ENUM, .values = modes, .def = "sync", WO_OPT(mode),
	  .idents = mode_idents,
	  .help = "WP faults answered by a handler, or WP_ASYNC and PAGEMAP_SCAN" },
	{ .name = "size", .type = PT_SIZE, .def = "8M", .min = 64 << 10, WO_OPT(size),
	  .max = 1ull << 40, .flags = PF_MEMORY | PF_PAGE_ALIGNED,
	  .help = "the memfd; collapse needs 2M or more" },
	{ .name = "seconds", .type = PT_UINT, .def = "2", .max = 86400, WO_OPT(seconds),
	  .help = "run time per repetition (0: iterations only)" },
	{ .name = "iterations", .type = PT_UINT, .def = "0", WO_OPT(iterations),
	  .max = 1ull << 40,
	  .help = "oracle rounds per repetition (0: seconds only)" },
	{ .name = "window", .type = PT_UINT, .def = "64", .min = 1, WO_OPT(window),
	  .max = WO_MAX_WINDOW,
	  .help = "pages the oracle protects (and scans) per round" },
	{ .name = "readers", WO_ACTOR(A_READERS),
	  .help = "threads read-faulting every page in turn" },
	{ .name = "writer", WO_ACTOR(A_WRITER),
	  .help = "announced writes to random pages" },
	{ .name = "puncher", WO_ACTOR(A_PUNCHER),
	  .help = "fallocate PUNCH_HOLE of random ranges, refilled by pwrite" },
	{ .name = "zapper", WO_ACTOR(A_ZAPPER),
	  .help = "MADV_DONTNEED of random ranges" },
	{ .name = "pageout", WO_ACTOR(A_PAGEOUT),
	  .help = "MADV_PAGEOUT of random ranges (needs swap)" },
	{ .name = "collapse", WO_ACTOR(A_COLLAPSE),
	  .help = "MADV_COLLAPSE of random 2M blocks" },
	{ .name = "reader_threads", .type = PT_UINT, .def = "2", WO_OPT(reader_threads),
	  .min = 1, .max = 8, .help = "reading threads when readers = on" },
	{ .name = "selftest", .type = PT_ENUM, .values = selftests, WO_OPT(selftest),
	  .idents = selftest_idents, .def = "none",
	  .help = "hide writes from the oracle; the run must then fail (exit 4); it "
		  "runs past seconds (30 s at most) until a write was hidden" },
	{ .name = NULL },
};

/*
 * sync: uffd-wp on a memfd, protected; async: the same with WP_ASYNC and a
 * PAGEMAP_SCAN with PM_SCAN_CHECK_WPASYNC over it (wo_track_setup).  The
 * actors' own needs (swap, MADV_COLLAPSE) make an actor's ops unsupported,
 * not the point: wo_actors_setup.
 */
static unsigned int wo_needs(const void *options)
{
	const struct wp_oracle_options *o = options;

	return CAP_BIT(o->mode == WO_SYNC ? CAP_UFFD_WP_SHMEM : CAP_UFFD_WP_ASYNC);
}


static const struct wl_column wo_columns[] = {
	{ "writes_protected", "wr/prot", 9, 0 },
	{ "lost_wp", "lost", 6, 0 },
	{ "spurious_wp", "spur", 6, 0 },
	{ "ops_puncher", "punch", 7, 0 },
	{ "ops_zapper", "zap", 7, 0 },
	{ "ops_collapse", "clps", 6, 0 },
	{ NULL, NULL, 0, 0 },
};

/*
 * lost_wp and spurious_wp are the oracle's verdict.  A lost protection
 * loses data: a correctness count.  A spurious one costs an extra fault,
 * not data, and some kernels gain protections by design (see above): not
 * a failure (the run does not fail on it either), but an exact count whose
 * change is a change of behaviour, shown by compare and regress.  The rest
 * says how hard the actors raced the oracle, for reading the verdict.
 */
static const struct wl_metric wo_metrics[] = {
	{ .name = "lost_wp", .unit = "writes",
	  .label = "writes to protected pages the kernel never reported",
	  .better = WL_BETTER_ZERO, .headline = true },
	{ .name = "spurious_wp", .unit = "events",
	  .label = "protections gained: WP faults or reports nobody's write explains",
	  .better = WL_BETTER_NONE, .headline = true },
	{ .name = "oracle_errors", .unit = "errors",
	  .label = "oracle syscalls that failed", .better = WL_BETTER_ZERO },
	{ .name = "actor_errors", .unit = "errors",
	  .label = "actor syscalls that failed", .better = WL_BETTER_LOWER },
	{ .name = "rounds", .unit = "rounds", .label = "oracle rounds (protect, check)" },
	{ .name = "rounds_per_sec", .unit = "rounds/s", .label = "oracle rounds per second",
	  .better = WL_BETTER_HIGHER },
	{ .name = "ns_per_round", .unit = "ns", .label = "time of one oracle round",
	  .better = WL_BETTER_LOWER },
	{ .name = "rounds_per_fault", .unit = "rounds", .label = "oracle rounds per fault" },
	{ .name = "writes_protected", .unit = "writes",
	  .label = "writes that met a protected page" },
	{ .name = "wp_faults", .unit = "faults", .label = "write-protect faults handled (sync)" },
	{ .name = "reported_writes", .unit = "pages",
	  .label = "written pages PAGEMAP_SCAN reported (async)" },
	{ .name = "wp_kept_punch", .unit = "faults",
	  .label = "WP faults on pages refilled after a punch (sync)" },
	{ .name = "stale_faults", .unit = "faults",
	  .label = "WP faults of pages no longer protected (sync)" },
	{ .name = "punch_wp_kept", .unit = "pages",
	  .label = "protected pages still protected after a punch" },
	/*
	 * A headline exact count: 0 where pte markers keep the protection of a
	 * punched page (mainline since 5.19), many where a variant drops it
	 */
	{ .name = "punch_wp_dropped", .unit = "pages",
	  .label = "protected pages whose protection a punch dropped",
	  .better = WL_BETTER_NONE, .headline = true },
	{ .name = "collapse_ok", .unit = "", .label = "MADV_COLLAPSE calls that collapsed" },
	{ .name = "collapse_refused", .unit = "", .label = "MADV_COLLAPSE calls refused" },
	{ .name = "ops_readers", .unit = "ops", .label = "read passes of the reader threads" },
	{ .name = "ops_writer", .unit = "ops", .label = "announced writes" },
	{ .name = "ops_puncher", .unit = "ops", .label = "hole punches" },
	{ .name = "ops_zapper", .unit = "ops", .label = "MADV_DONTNEED calls" },
	{ .name = "ops_pageout", .unit = "ops", .label = "MADV_PAGEOUT calls" },
	{ .name = "ops_collapse", .unit = "ops", .label = "MADV_COLLAPSE calls" },
	{ .name = "ops_selftest", .unit = "ops",
	  .label = "ranges the unprotect self-test unprotected" },
	{ .name = "selftest_hidden", .unit = "writes",
	  .label = "writes a self-test hid from uffd-wp (sync: each a lost_wp)" },
	{ .name = NULL },
};

const struct workload wp_oracle_workload = {
	.name = "wp_oracle",
	.description = "uffd-wp race oracle on shmem: lost and spurious write protection",
	.unit = "round",
	.params = wo_params,
	.options_size = sizeof(struct wp_oracle_options),
	.needs = wo_needs,
	.columns = wo_columns,
	.metrics = wo_metrics,
	.fixed_duration = true,
	.populates = true,
	.prepare = wo_prepare,
	.run = wo_run,
	.collect = wo_collect,
	.cleanup = wo_cleanup,
};
