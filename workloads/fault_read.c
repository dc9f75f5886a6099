// SPDX-License-Identifier: GPL-2.0-only
/*
 * fault_read: first-touch read faults on shmem.
 *
 * With the page cache populated (written, then mapped afresh) every read
 * fault can map up to fault_around_bytes of neighbouring cached pages
 * (do_fault_around -> filemap_map_pages), so pages per fault shows whether
 * fault-around ran.  With holes, each fault allocates and there is nothing
 * to fault around.  The uffd mode arms the mapping the way QEMU postcopy
 * (missing), background snapshots (wp) or minor-fault live migration (minor)
 * would, with a handler thread answering whatever the kernel reports.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench/kernel/compat.h"
#include "bench/lib/prng.h"
#include "bench/kernel/shm.h"
#include "bench/kernel/uffd.h"
#include "workloads/workload.h"

#include "bench/kernel/pagesize.h"


enum backend { BE_MEMFD, BE_SHM, BE_ANON };
enum cache { CACHE_POPULATED, CACHE_HOLES };
enum pattern { PAT_SEQ, PAT_REVERSE, PAT_RANDOM, PAT_STRIDE };

static const char *const backends[] = { "memfd", "shm", "anon", NULL };
static const char *const caches[] = { "populated", "holes", NULL };
static const char *const uffd_modes[] = { "none", "missing", "wp", "minor", NULL };
/*
 * protected: UFFDIO_WRITEPROTECT over the whole range before the touch, as
 * a snapshot would.  On shmem that leaves a PTE marker in every empty pte,
 * and filemap_map_pages() only fills empty ptes, so fault-around maps
 * nothing whatever the kernel allows.  registered: the range is WP-armed
 * but its ptes are empty: here the kernel's fault-around policy for
 * uffd-wp VMAs (stock off, fa-wp on) decides alone.
 */
enum wp_range { WP_PROTECTED, WP_REGISTERED };
static const char *const wp_ranges[] = { "protected", "registered", NULL };

struct fault_read_options {
	enum backend backend;
	uint64_t size;
	enum cache cache;
	struct param_value pattern;	/* idx: enum pattern, num: the stride */
	uint64_t tasks;
	enum uffd_mode uffd;
	enum wp_range wp_range;
};

struct fault_read {
	int fd;
	char *base;
	size_t size;
	uint64_t npages;
	uint32_t *order;	/* page visiting order, all threads' shares */
	bool sequential;	/* order[i] == i: the loop walks by address */
	int nthreads;
	enum uffd_mode mode;
	struct uffd_ctx uffd;
	bool uffd_open;
	bool wp_protect;
	bool processes;		/* each task arms its own uffd (task_attach) */
	int helper_cpu;
	/* processes: each task's handler counts, MAP_SHARED; NULL for threads */
	struct task_uffd_counts {
		uint64_t events, errors;
	} *task_counts;
#ifdef FABENCH_TEST_WORKLOADS
	uint64_t plant_ticks;	/* spun every PLANT_EVERY pages touched; 0: none */
#endif
};

#ifdef FABENCH_TEST_WORKLOADS
/*
 * A known slowdown for measuring regress's power on real runs (tests and
 * README's A/B figures): FABENCH_PLANT_NS of busy time after each page
 * touched on average, counted in ns_per_page like the fault: spun once
 * every PLANT_EVERY pages for that many pages' worth, so the two clock
 * reads a spin costs (~40 ns here) add under 1 ns a page.  An environment
 * variable, not a parameter: the planted run's points are the same points
 * as the clean run's, so regress compares them.  build/fabench-test only:
 * normal builds neither read it nor have this branch in the loop.
 */
#define PLANT_EVERY 64

static uint64_t plant_ticks(void)
{
	const char *env = getenv("FABENCH_PLANT_NS");
	unsigned long long ns = env ? strtoull(env, NULL, 10) : 0;

	return (uint64_t)((double)ns * PLANT_EVERY / timer_get()->ns_per_tick);
}

static inline bool planting(const struct fault_read *fr)
{
	return fr->plant_ticks;
}

static inline void plant_spin(const struct fault_read *fr, uint64_t i)
{
	uint64_t end;

	if (!fr->plant_ticks || i % PLANT_EVERY)
		return;
	end = timer_now() + fr->plant_ticks;
	while (timer_now() < end)
		;
}
#else
static inline bool planting(const struct fault_read *fr)
{
	(void)fr;
	return false;
}

static inline void plant_spin(const struct fault_read *fr, uint64_t i)
{
	(void)fr;
	(void)i;
}
#endif

static int parse_pattern(const char *text, struct param_value *out,
			 char *err, size_t errlen)
{
	static const char *const simple[] = { "seq", "reverse", "random" };

	/* stride=1 would be seq */
	return param_parse_pattern(text, simple, PAT_STRIDE, 2, out, err, errlen);
}


/*
 * Fill one thread's share [lo, hi) of the order.  stride=N visits
 * lo, lo+N, lo+2N, ... then lo+1, lo+1+N, ...: every page once, with the
 * neighbours of each fault touched only on a later pass.
 */
static void make_order(uint32_t *o, uint64_t lo, uint64_t hi,
		       const struct param_value *pat, uint64_t seed)
{
	uint64_t i, n = hi - lo, k = 0, s = seed * 2 + 1, off, j;
	uint32_t t;

	switch (pat->idx) {
	case PAT_SEQ:
		for (i = 0; i < n; i++)
			o[i] = (uint32_t)(lo + i);
		break;
	case PAT_REVERSE:
		for (i = 0; i < n; i++)
			o[i] = (uint32_t)(hi - 1 - i);
		break;
	case PAT_RANDOM:
		for (i = 0; i < n; i++)
			o[i] = (uint32_t)(lo + i);
		for (i = n; i > 1; i--) {
			j = prng_next(&s) % i;
			t = o[i - 1];
			o[i - 1] = o[j];
			o[j] = t;
		}
		break;
	case PAT_STRIDE:
		for (off = 0; off < pat->num && off < n; off++)
			for (i = off; i < n; i += pat->num)
				o[k++] = (uint32_t)(lo + i);
		break;
	}
}

static uint64_t share_lo(const struct fault_read *fr, int t)
{
	return fr->npages * (uint64_t)t / (uint64_t)fr->nthreads;
}

/*
 * grow: leave the file empty for the writes that fill it to grow it: under
 * huge=within_size a write gets a folio no larger than what fits in i_size,
 * so a file truncated to its size first gets PMD folios from 16K writes.
 */
static int open_backing(struct fault_read *fr, int backend, bool grow, char *why, size_t len)
{
	char path[64];

	if (backend == BE_ANON)
		return 0;
	if (backend == BE_MEMFD) {
		fr->fd = memfd_create("fabench-fault_read", MFD_CLOEXEC);
	} else {
		/* a tmpfs mount: CAP_SHM_TMPFS, checked by the runner */
		snprintf(path, sizeof(path), "/dev/shm/fabench-%d", getpid());
		fr->fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fr->fd >= 0)
			unlink(path);	/* nothing left behind on any exit */
	}
	if (fr->fd < 0 || (!grow && ftruncate(fr->fd, (off_t)fr->size))) {
		snprintf(why, len, "creating the shmem file: %s", strerror(errno));
		return WL_ERROR;
	}
	return 0;
}

static int map_region(struct fault_read *fr, int backend, bool populate,
		      uint64_t folio_bytes, char *why, size_t len)
{
	int flags = MAP_SHARED | (backend == BE_ANON ? MAP_ANONYMOUS : 0), err = 0;

	/* the page cache full and uptodate; a folio a write (shmem_folio_by) */
	if (populate && backend != BE_ANON)
		err = folio_bytes ? shm_fill_chunked(fr->fd, fr->size, 0x5a, folio_bytes) :
			shm_fill(fr->fd, fr->size, 0x5a);
	if (err) {
		snprintf(why, len, "populating the page cache: %s", strerror(-err));
		return WL_ERROR;
	}
	/*
	 * At a 2 MiB boundary: a mapping that starts inside a fault-around
	 * window needs one fault more, and where it starts would then vary
	 * from run to run.
	 */
	fr->base = shm_map_aligned(fr->size, PROT_READ | PROT_WRITE, flags, fr->fd);
	if (!fr->base) {
		snprintf(why, len, "mmap: %s", strerror(errno));
		return WL_ERROR;
	}
	if (populate && backend == BE_ANON) {
		/* shared anon is shmem: write, then zap the ptes, keep the cache */
		memset(fr->base, 0x5a, fr->size);
		if (madvise(fr->base, fr->size, MADV_DONTNEED)) {
			snprintf(why, len, "MADV_DONTNEED: %s", strerror(errno));
			return WL_ERROR;
		}
	}
	return 0;
}

/*
 * The runner has exercised the mode on shmem (fault_read_needs): a refusal
 * here is a failure, not a missing feature.
 */
static int arm_uffd(struct fault_read *fr, int faulting, char *why, size_t len)
{
	int ret;

	if (fr->mode == UFFD_MODE_NONE)
		return 0;
	ret = uffd_open(&fr->uffd, uffd_mode_features(fr->mode), why, len);
	if (ret)
		return WL_ERROR;
	fr->uffd_open = true;
	if (uffd_register(&fr->uffd, fr->base, fr->size, fr->mode, why, len))
		return WL_ERROR;
	if (fr->mode == UFFD_MODE_WP && fr->wp_protect &&
	    uffd_writeprotect(&fr->uffd, fr->base, fr->size, true)) {
		snprintf(why, len, "UFFDIO_WRITEPROTECT: %s", strerrorname_np(errno) ?: "error");
		return WL_ERROR;
	}
	ret = uffd_resolver_start(&fr->uffd, fr->helper_cpu, faulting);
	if (ret) {
		snprintf(why, len, "uffd handler thread: %s", strerror(-ret));
		return WL_ERROR;
	}
	return 0;
}

static void fault_read_cleanup(void *state)
{
	struct fault_read *fr = state;

	if (!fr)
		return;
	if (fr->uffd_open)
		uffd_close(&fr->uffd);
	if (fr->base)
		munmap(fr->base, fr->size);
	if (fr->fd >= 0)
		close(fr->fd);
	if (fr->task_counts)
		munmap(fr->task_counts, (size_t)fr->nthreads * sizeof(*fr->task_counts));
	free(fr->order);
	free(fr);
}

static int fault_read_prepare(const struct wl_point *pt, void **state,
			      int *nthreads, char *why, size_t len)
{
	const struct fault_read_options *o = pt->options;
	struct fault_read *fr = calloc(1, sizeof(*fr));
	int t, ret;

	*state = fr;
	if (!fr)
		return WL_ERROR;
	fr->fd = -1;
	fr->size = o->size;
	fr->npages = fr->size / PAGE;
	fr->nthreads = (int)o->tasks;
	fr->processes = pt->processes;
	fr->helper_cpu = pt->helper_cpu;
	fr->mode = o->uffd;
	fr->wp_protect = o->wp_range == WP_PROTECTED;
	fr->sequential = o->pattern.idx == PAT_SEQ;
#ifdef FABENCH_TEST_WORKLOADS
	fr->plant_ticks = plant_ticks();
#endif
	if ((uint64_t)fr->nthreads > fr->npages) {
		snprintf(why, len, "%d tasks for %llu pages", fr->nthreads,
			 (unsigned long long)fr->npages);
		return WL_ERROR;
	}
	fr->order = malloc(fr->npages * sizeof(*fr->order));
	if (!fr->order)
		return WL_ERROR;
	for (t = 0; t < fr->nthreads; t++)
		make_order(fr->order + share_lo(fr, t), share_lo(fr, t),
			   share_lo(fr, t + 1), &o->pattern, pt->seed + (uint64_t)t);
	ret = open_backing(fr, o->backend, pt->shmem_folio_bytes && o->cache == CACHE_POPULATED,
			   why, len);
	if (!ret)
		ret = map_region(fr, o->backend, o->cache == CACHE_POPULATED,
				 pt->shmem_folio_bytes, why, len);
	if (!ret && !fr->processes)
		ret = arm_uffd(fr, fr->nthreads, why, len);
	if (!ret && fr->processes) {
		fr->task_counts = mmap(NULL, (size_t)fr->nthreads * sizeof(*fr->task_counts),
				       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (fr->task_counts == MAP_FAILED) {
			fr->task_counts = NULL;
			snprintf(why, len, "mmap: %s", strerror(errno));
			ret = WL_ERROR;
		}
	}
	*nthreads = fr->nthreads;
	return ret;
}


/*
 * Read one byte of every page of this thread's share, in the chosen order.
 * The loop's own instructions are in every page's figure, which under QEMU
 * icount counts instructions: tests/vm-icount.sh holds fabench to the bare
 * touch loop of bench/vm/touch_loop.c.  So the page size is read once, and
 * a sequential share without a meter walks by address (5 instructions a
 * page on x86-64 against 13 through the order and the meter's test).
 */
static WL_MEASURED_LOOP uint64_t touch_share(struct fault_read *fr, int index,
					     struct meter *m)
{
	uint64_t lo = share_lo(fr, index), hi = share_lo(fr, index + 1), i;
	const uint64_t page = PAGE;
	const uint32_t *o = fr->order;
	const volatile char *base = fr->base, *p, *end;
	char sink = 0;

	if (!m && fr->sequential && !planting(fr)) {
		end = base + hi * page;
		for (p = base + lo * page; p < end; p += page)
			sink ^= *p;
		__asm__ volatile("" : : "r"(sink));
		return hi - lo;
	}
	meter_start(m);
	for (i = lo; i < hi; i++) {
		sink ^= base[(uint64_t)o[i] * page];
		plant_spin(fr, i);
		meter_mark(m);
	}
	__asm__ volatile("" : : "r"(sink));
	return hi - lo;
}

static uint64_t fault_read_run(void *state, struct wl_thread *t)
{
	return touch_share(state, t->index, t->meter);
}

/*
 * The pages are mapped now: a read costs at most a TLB miss and a walk, so
 * retouch_ns_per_page is a TLB proxy that needs no PMU.
 */
static uint64_t fault_read_retouch(void *state, struct wl_thread *t)
{
	return touch_share(state, t->index, NULL);
}

/*
 * task_mode = processes: a forked task has the mapping but no uffd on it
 * (fork drops a VMA's registration without UFFD_FEATURE_EVENT_FORK), so
 * each registers, protects and answers its own, as a process of its own
 * arming the shared memory would.
 */
static int fault_read_task_attach(void *state, struct wl_thread *t, char *why, size_t len)
{
	(void)t;
	return arm_uffd(state, 1, why, len) ? -1 : 0;
}

static void fault_read_task_detach(void *state, struct wl_thread *t)
{
	struct fault_read *fr = state;

	if (!fr->uffd_open)
		return;
	fr->task_counts[t->index].events = uffd_events(&fr->uffd);
	fr->task_counts[t->index].errors = uffd_resolver_errors(&fr->uffd);
	uffd_close(&fr->uffd);
	fr->uffd_open = false;
}

static const struct wl_phase fault_read_phases[] = {
	{ .name = "retouch", .all_threads = true, .run = fault_read_retouch },
	{ .name = NULL },
};

static void fault_read_collect(void *state, struct metric_sink *ms)
{
	struct fault_read *fr = state;
	uint64_t events = 0, errors = 0;
	int t;

	if (fr->processes && fr->mode != UFFD_MODE_NONE) {
		for (t = 0; t < fr->nthreads; t++) {
			events += fr->task_counts[t].events;
			errors += fr->task_counts[t].errors;
		}
		metric_put(ms, "uffd_events", (double)events);
		metric_put(ms, "uffd_handler_errors", (double)errors);
		return;
	}
	if (!fr->uffd_open) {
		metric_put(ms, "uffd_events", 0);
		return;
	}
	metric_put(ms, "uffd_events", (double)uffd_events(&fr->uffd));
	metric_put(ms, "uffd_handler_errors", (double)uffd_resolver_errors(&fr->uffd));
}

#define FR_OPT(field) .off = offsetof(struct fault_read_options, field)

static const struct param_ident backend_idents[] = {
	PARAM_IDENT(BE_MEMFD), PARAM_IDENT(BE_SHM), PARAM_IDENT(BE_ANON), { 0, NULL },
};
static const struct param_ident cache_idents[] = {
	PARAM_IDENT(CACHE_POPULATED), PARAM_IDENT(CACHE_HOLES), { 0, NULL },
};
static const struct param_ident uffd_idents[] = {
	PARAM_IDENT(UFFD_MODE_NONE), PARAM_IDENT(UFFD_MODE_MISSING),
	PARAM_IDENT(UFFD_MODE_WP), PARAM_IDENT(UFFD_MODE_MINOR), { 0, NULL },
};
static const struct param_ident wp_range_idents[] = {
	PARAM_IDENT(WP_PROTECTED), PARAM_IDENT(WP_REGISTERED), { 0, NULL },
};

static const struct param_desc fault_read_params[] = {
	{ .name = "backend", .type = PT_ENUM, .values = backends, .def = "memfd",
	  FR_OPT(backend), .idents = backend_idents,
	  .help = "memfd, a file in /dev/shm, or MAP_SHARED|MAP_ANONYMOUS" },
	{ .name = "size", .type = PT_SIZE, .def = "64M", FR_OPT(size),
	  .min = 64 << 10, .max = 1ull << 40,
	  .flags = PF_MEMORY | PF_PAGE_ALIGNED,
	  .help = "mapping size, checked against MemAvailable" },
	{ .name = "cache", .type = PT_ENUM, .values = caches, .def = "populated",
	  FR_OPT(cache), .idents = cache_idents,
	  .help = "page cache written before mapping, or holes to allocate" },
	{ .name = "pattern", .type = PT_CUSTOM, .def = "seq", FR_OPT(pattern),
	  .parse = parse_pattern,
	  .custom_syntax = "seq|reverse|random|stride=N",
	  .help = "first-touch order within each thread's share" },
	{ .name = "tasks", .type = PT_UINT, .def = "1", FR_OPT(tasks),
	  .min = 1, .max = 256,
	  .help = "faulting tasks, each a contiguous share; threads or processes "
		  "as [run] task_mode says" },
	{ .name = "uffd", .type = PT_ENUM, .values = uffd_modes, .def = "none",
	  FR_OPT(uffd), .idents = uffd_idents,
	  .help = "userfaultfd registration of the mapping" },
	{ .name = "wp_range", .type = PT_ENUM, .values = wp_ranges, .def = "protected",
	  FR_OPT(wp_range), .idents = wp_range_idents,
	  .help = "uffd = wp: range write-protected before the touch, "
		  "or only registered (empty ptes, no markers)" },
	{ .name = NULL },
};

/*
 * The uffd modes register the shmem mapping (memfd, a /dev/shm file or
 * shared anonymous memory: shmem all three); wp also protects it.
 */
static unsigned int fault_read_needs(const void *options)
{
	const struct fault_read_options *o = options;
	static const unsigned int uffd_needs[] = {
		[UFFD_MODE_NONE] = 0,
		[UFFD_MODE_MISSING] = CAP_BIT(CAP_UFFD_MISSING_SHMEM),
		[UFFD_MODE_WP] = CAP_BIT(CAP_UFFD_WP_SHMEM),
		[UFFD_MODE_MINOR] = CAP_BIT(CAP_UFFD_MINOR_SHMEM),
	};

	return uffd_needs[o->uffd] | (o->backend == BE_SHM ? CAP_BIT(CAP_SHM_TMPFS) : 0);
}

/*
 * Anonymous shmem takes the per-size knobs; a memfd's populated cache the
 * size of the writes that fill it (map_region); a /dev/shm file its
 * mount's huge=, and holes the PMD size or pages on a fault.
 */
static enum wl_folio_control fault_read_shmem_folio_by(const void *options)
{
	const struct fault_read_options *o = options;

	if (o->backend == BE_ANON)
		return WL_FOLIO_ANON;
	if (o->backend == BE_MEMFD && o->cache == CACHE_POPULATED)
		return WL_FOLIO_WRITES;
	return WL_FOLIO_NONE;
}

static const struct wl_column fault_read_columns[] = {
	{ "ns_per_page", "ns/page", 9, 1 },
	{ "pages_per_fault", "pg/flt", 7, 2 },
	{ "faults", "faults", 9, 0 },
	{ "lat_p50_ns", "p50ns", 7, 0 },
	{ "lat_p99_ns", "p99ns", 7, 0 },
	{ NULL, NULL, 0, 0 },
};

/*
 * What fault_read's metrics mean.  A metric declared again only adds a
 * line figure: ns_per_page and pages_per_fault against fault_around_bytes
 * and against shmem_folio (a figure each, ns on the left axis), ns_per_page
 * and pages_per_sec against tasks (the scaling figure).
 */
static const struct wl_metric fault_read_metrics[] = {
	{ .name = "ns_per_page", .unit = "ns", .label = "first-touch read cost per page",
	  .better = WL_BETTER_LOWER, .headline = true, .plot = WL_PLOT_BARS,
	  .series = "uffd", .only = "timing=throughput", .note = "pages_per_fault",
	  .log_y = true },
	{ .name = "pages_per_fault", .unit = "pages",
	  .label = "pages mapped per read fault",
	  .better = WL_BETTER_NONE, .headline = true },
	{ .name = "ns_per_page", .unit = "ns", .label = "first-touch read cost per page",
	  .better = WL_BETTER_LOWER, .plot = WL_PLOT_LINE, .plot_x = "fault_around_bytes",
	  .plot_xlabel = "fault_around_bytes (bytes, log2 scale)", .series = "uffd",
	  .only = "timing=throughput" },
	{ .name = "pages_per_fault", .unit = "pages",
	  .label = "pages mapped per read fault",
	  .better = WL_BETTER_NONE, .plot = WL_PLOT_LINE, .plot_x = "fault_around_bytes",
	  .plot_xlabel = "fault_around_bytes (bytes, log2 scale)", .series = "uffd",
	  .only = "timing=throughput" },
	/* against the folio size: a line per uffd mode and fault_around_bytes */
	{ .name = "ns_per_page", .unit = "ns", .label = "first-touch read cost per page",
	  .better = WL_BETTER_LOWER, .plot = WL_PLOT_LINE, .plot_x = "shmem_folio",
	  .plot_xlabel = "shmem folio size (log2 scale)", .series = "uffd",
	  .only = "timing=throughput" },
	{ .name = "pages_per_fault", .unit = "pages", .label = "pages mapped per read fault",
	  .better = WL_BETTER_NONE, .plot = WL_PLOT_LINE, .plot_x = "shmem_folio",
	  .plot_xlabel = "shmem folio size (log2 scale)", .series = "uffd",
	  .only = "timing=throughput" },
	/* the scaling figure: both against tasks, pages/s dashed on the right */
	{ .name = "ns_per_page", .unit = "ns", .label = "first-touch read cost per page",
	  .better = WL_BETTER_LOWER, .plot = WL_PLOT_LINE, .plot_x = "tasks",
	  .plot_xlabel = "faulting tasks", .series = "uffd", .only = "timing=throughput" },
	{ .name = "pages_per_sec", .unit = "pages/s", .label = "pages first-touched per second",
	  .better = WL_BETTER_HIGHER, .plot = WL_PLOT_LINE, .plot_x = "tasks",
	  .plot_xlabel = "faulting tasks", .series = "uffd", .only = "timing=throughput" },
	{ .name = "pages", .unit = "pages", .label = "pages read, every task together" },
	{ .name = "pages_per_sec", .unit = "pages/s", .label = "pages first-touched per second",
	  .better = WL_BETTER_HIGHER },
	{ .name = "retouch_ns_per_page", .unit = "ns",
	  .label = "second read of a mapped page (no fault)", .better = WL_BETTER_LOWER },
	{ .name = "uffd_events", .unit = "messages",
	  .label = "userfaultfd messages the handler resolved" },
	{ .name = "uffd_handler_errors", .unit = "errors",
	  .label = "uffd handler ioctls that failed", .better = WL_BETTER_LOWER },
	{ .name = NULL },
};

const struct workload fault_read_workload = {
	.name = "fault_read",
	.description = "first-touch read faults on shmem, by backend and uffd mode",
	.unit = "page",
	.params = fault_read_params,
	.options_size = sizeof(struct fault_read_options),
	.populates = true,
	.needs = fault_read_needs,
	.shmem_folio_by = fault_read_shmem_folio_by,
	.columns = fault_read_columns,
	.metrics = fault_read_metrics,
	.prepare = fault_read_prepare,
	.task_attach = fault_read_task_attach,
	.task_detach = fault_read_task_detach,
	.run = fault_read_run,
	.phases = fault_read_phases,
	.collect = fault_read_collect,
	.cleanup = fault_read_cleanup,
};
