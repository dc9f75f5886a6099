// SPDX-License-Identifier: GPL-2.0-only
/*
 * punch_hole: fallocate(PUNCH_HOLE | KEEP_SIZE) on a memfd whose range is
 * mapped.
 *
 * shmem_fallocate() (mm/shmem.c) first calls unmap_mapping_range() over
 * the whole pages of the hole (the "pre-unmap": one page-table walk per
 * mapping), then shmem_truncate_range() frees the pages; a folio mapped
 * again by then costs a per-folio unmap in truncate_inode_folio().  While
 * it runs, a fault on the hole not yet freed waits (shmem_falloc_wait),
 * but fault-around may still map what truncation has not reached.  The
 * point's axes set how much of the hole is mapped, how (with or without
 * fault-around), in how many mappings and processes, whether this
 * process's mappings are uffd-wp protected (the zap then leaves PTE
 * markers), and whether reader threads fault the file back in meanwhile.
 *
 * Fault-around cannot be avoided by the order of the touches (every read
 * fault maps the cached neighbours of its 64 KiB window) nor by
 * MADV_RANDOM: should_fault_around() in mm/memory.c (Linux 6.12 to 6.18)
 * checks only ->map_pages, uffd_disable_fault_around() (VM_UFFD_WP |
 * VM_UFFD_MINOR) and fault_around_pages > 1, never VM_RAND_READ.
 * populate = read-nofa therefore populates while the mapping is
 * registered for uffd-wp (not protected), and closes that uffd before the
 * punch unless uffd = wp keeps it; populate_pages_per_fault shows it.
 * Such a VMA's ptes are read-only and clean, unlike read faults in a
 * writable shared mapping of dirty shmem (set_pte_range() marks those
 * dirty), so the zap needs no forced TLB flush per page table.
 *
 * The unit is the page: the pre-unmap and truncation work page by page,
 * the other workloads report per page, and a hole smaller than a MiB
 * would be 0 MiB; us_per_mib is derived for the mail.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/lib/metrics.h"
#include "bench/kernel/pagemap.h"
#include "bench/kernel/shm.h"
#include "bench/lib/timer.h"
#include "bench/kernel/uffd.h"
#include "workloads/workload.h"

#include "bench/kernel/pagesize.h"

#define MIB (1ul << 20)
#define CHUNK (1ul << 20)
#define FILL 0x5a
#define MAX_MAPPINGS 64
#define MAX_PROCESSES 64
#define MAX_READERS 64

enum { HOLE_ALL, HOLE_BYTES };
enum align { AL_2M, AL_PAGE, AL_UNALIGNED };
enum populate { POP_READ, POP_READ_NOFA, POP_WRITE };
enum punch_uffd { UF_NONE, UF_WP };
/* what the readers are told, in this order */
enum { RD_RUN, RD_OPEN, RD_CLOSED, RD_STOP };

static const char *const aligns[] = { "2M", "page", "unaligned", NULL };
static const char *const populates[] = { "read", "read-nofa", "write", NULL };
static const char *const uffd_modes[] = { "none", "wp", NULL };

struct punch_hole_options {
	uint64_t size;
	struct param_value hole;	/* idx: HOLE_ALL or HOLE_BYTES, num: bytes */
	enum align align;
	uint64_t mapped;
	enum populate populate;
	uint64_t mappings;
	uint64_t processes;
	enum punch_uffd uffd;
	uint64_t readers;
};

struct punch_hole;

struct reader {
	pthread_t tid;
	struct punch_hole *ph;
	uint64_t start;			/* first page of its loop */
	uint64_t faults, t0, t1;	/* in its view of the window */
};

struct punch_hole {
	int fd;
	uint64_t size, npages;
	uint64_t off, len;		/* the hole in bytes */
	uint64_t first, last;		/* pages it touches: [first, last) */
	uint64_t free_lo, free_hi;	/* whole pages it frees */
	unsigned int mapped_pct;
	int populate, uffd_mode;
	int nmaps;
	char *map[MAX_MAPPINGS];
	struct uffd_ctx uffd;
	bool uffd_open;
	pid_t child[MAX_PROCESSES];
	int nchildren;
	int hold_fd;			/* children exit when it closes */
	int ready_fd;			/* children report here */
	char *rmap;			/* the readers' own mapping */
	struct reader *readers;
	int nreaders;			/* started */
	atomic_int rd_phase, rd_ready, rd_opened, rd_closed;
	uint64_t punch_ticks;
	int punch_errno;
	uint64_t mapped_before;		/* of the freed pages */
	uint64_t pop_mapped, pop_faults;	/* of every page the hole touches */
};

static int parse_hole(const char *text, struct param_value *out,
		      char *err, size_t errlen)
{
	uint64_t n;

	if (!strcmp(text, "all")) {
		out->idx = HOLE_ALL;
		return 0;
	}
	if (!param_parse_size(text, &n) && n > 0 && n <= 1ull << 40) {
		out->idx = HOLE_BYTES;
		out->num = n;
		param_format_size(n, out->text, sizeof(out->text));
		return 0;
	}
	snprintf(err, errlen, "expected all or a size (bytes punched, 1..1T, suffix K, M, G or T)");
	return -1;
}

/*
 * Where the hole lies: 2M starts at offset 0 (a PMD boundary of file and
 * mapping), page one page in, unaligned half a page in, so that its first
 * page is zeroed in part, not freed; `all` then also stops half a page
 * short of the end, for a partial last page.
 */
static int place_hole(struct punch_hole *ph, const struct punch_hole_options *o,
		      char *why, size_t len)
{
	const uint64_t start[] = { 0, PAGE, PAGE / 2 };
	enum align al = o->align;
	uint64_t tail = al == AL_UNALIGNED ? PAGE / 2 : 0;
	char size[32];

	ph->off = start[al];
	ph->len = o->hole.idx == HOLE_ALL ? ph->size - ph->off - tail : o->hole.num;
	if (ph->off + ph->len > ph->size) {
		param_format_size(o->size, size, sizeof(size));
		snprintf(why, len, "hole %s at offset %llu does not fit in size %s",
			 o->hole.text, (unsigned long long)ph->off, size);
		return WL_ERROR;
	}
	ph->first = ph->off / PAGE;
	ph->last = (ph->off + ph->len + PAGE - 1) / PAGE;
	ph->free_lo = (ph->off + PAGE - 1) / PAGE;
	ph->free_hi = (ph->off + ph->len) / PAGE;
	if (ph->free_hi < ph->free_lo)
		ph->free_hi = ph->free_lo;	/* a hole inside one page frees none */
	return 0;
}

/*
 * A 2 MiB-aligned MAP_SHARED mapping of the whole file: the same page
 * tables, and the same PMD boundaries for align = 2M, in every repetition.
 */
static char *map_file(const struct punch_hole *ph, int prot)
{
	return shm_map_aligned(ph->size, prot, MAP_SHARED, ph->fd);
}

/* mapped% of the hole's pages, spread evenly: every 4th page at 25 */
static bool selected(const struct punch_hole *ph, uint64_t j)
{
	return (j + 1) * ph->mapped_pct / 100 != j * ph->mapped_pct / 100;
}

/*
 * Populate the selected pages, each run of them with one
 * MADV_POPULATE_READ or _WRITE: the kernel's own fault path
 * (handle_mm_fault: do_read_fault with its fault-around, or
 * do_shared_fault), counted in the thread's minflt like a touch, without
 * the CPU exception, which costs about 17 us a page in the nested VM
 * fabench is developed on.
 * Spread out, a read fault's neighbours are cached and unmapped: what
 * fault-around maps and read-nofa does not.
 */
static int populate(const struct punch_hole *ph, char *map)
{
	int advice = ph->populate == POP_WRITE ? MADV_POPULATE_WRITE : MADV_POPULATE_READ;
	uint64_t n = ph->last - ph->first, j = 0, k;
	char *p = map + ph->first * PAGE;

	while (j < n) {
		if (!selected(ph, j)) {
			j++;
			continue;
		}
		for (k = j + 1; k < n && selected(ph, k); k++)
			;
		if (madvise(p + j * PAGE, (k - j) * PAGE, advice))
			return -errno;
		j = k;
	}
	return 0;
}

/*
 * A uffd for read-nofa or uffd = wp, with every mapping registered for WP.
 * The runner has exercised uffd-wp on shmem (punch_hole_needs): a refusal
 * here is a failure.
 */
static int register_wp(struct uffd_ctx *u, char *const *maps, int n, uint64_t size,
		       char *why, size_t len)
{
	int i;

	if (uffd_open(u, 0, why, len))
		return WL_ERROR;
	for (i = 0; i < n; i++)
		if (uffd_register(u, maps[i], size, UFFD_MODE_WP, why, len))
			return WL_ERROR;
	return 0;
}

/*
 * A child keeps its mapping, populated like ours, until the parent closes
 * the hold pipe (or dies); it reports 0 or an errno through ready_fd.
 */
static void child_main(struct punch_hole *ph, int hold_fd, int ready_fd)
{
	struct uffd_ctx u = { .fd = -1 };
	char why[160], st = 0, *map;
	int err = 0;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	map = map_file(ph, PROT_READ | PROT_WRITE);
	if (!map)
		err = -errno;
	if (!err && ph->populate == POP_READ_NOFA &&
	    register_wp(&u, &map, 1, ph->size, why, sizeof(why)))
		err = -EINVAL;
	if (!err)
		err = populate(ph, map);
	st = (char)-err;
	uffd_close(&u);		/* read-nofa's: fault-around is back */
	if (write(ready_fd, &st, 1) != 1)
		_exit(1);
	close(ready_fd);	/* so the parent sees EOF if a sibling dies */
	while (read(hold_fd, &st, 1) > 0)
		;
	_exit(0);
}

/* Wait for every child's report; EOF means one died before reporting. */
static int children_ready(struct punch_hole *ph, char *why, size_t len)
{
	char st = 0;
	int i, ret = 0;

	for (i = 0; i < ph->nchildren && !ret; i++) {
		if (read(ph->ready_fd, &st, 1) != 1 || st) {
			snprintf(why, len, "child process: populating its mapping failed (%s)",
				 st ? strerror(st) : "exited");
			ret = WL_ERROR;
		}
	}
	if (ph->ready_fd >= 0)
		close(ph->ready_fd);
	ph->ready_fd = -1;
	return ret;
}

/*
 * Forked before any thread or uffd of this workload exists; they populate
 * while this process does, children_ready() waits for them.
 */
static int fork_children(struct punch_hole *ph, int n, char *why, size_t len)
{
	int hold[2], ready[2], err = 0;
	pid_t pid;

	if (!n)
		return 0;
	if (pipe2(hold, O_CLOEXEC) || pipe2(ready, O_CLOEXEC)) {
		snprintf(why, len, "pipe: %s", strerror(errno));
		return WL_ERROR;
	}
	ph->hold_fd = hold[1];
	for (; ph->nchildren < n; ph->nchildren++) {
		pid = fork();
		if (pid == 0) {
			close(hold[1]);
			close(ready[0]);
			child_main(ph, hold[0], ready[1]);
		}
		if (pid < 0) {
			err = errno;
			break;
		}
		ph->child[ph->nchildren] = pid;
	}
	close(hold[0]);
	close(ready[1]);
	ph->ready_fd = ready[0];
	if (err) {
		snprintf(why, len, "fork: %s", strerror(err));
		return WL_ERROR;
	}
	return 0;
}

static uint64_t thread_faults(void)
{
	struct rusage ru;

	getrusage(RUSAGE_THREAD, &ru);
	return (uint64_t)(ru.ru_minflt + ru.ru_majflt);
}

static int protect_wp(struct punch_hole *ph, char *why, size_t len)
{
	int i;

	for (i = 0; i < ph->nmaps; i++) {
		if (uffd_writeprotect(&ph->uffd, ph->map[i], ph->size, true)) {
			snprintf(why, len, "UFFDIO_WRITEPROTECT: %s",
				 strerrorname_np(errno) ?: "error");
			return WL_ERROR;
		}
	}
	return 0;
}

/*
 * This process's mappings, populated.  read-nofa populates them registered
 * for uffd-wp, and closes that uffd after (fault-around is back) unless
 * uffd = wp keeps it; otherwise uffd = wp registers after populating, so
 * populate = read keeps its fault-around, and protects.
 */
static int map_and_populate(struct punch_hole *ph, int nmaps, char *why, size_t len)
{
	bool nofa = ph->populate == POP_READ_NOFA, wp = ph->uffd_mode == UF_WP;
	uint64_t f0;
	int i, ret = 0;

	for (; ph->nmaps < nmaps; ph->nmaps++) {
		ph->map[ph->nmaps] = map_file(ph, PROT_READ | PROT_WRITE);
		if (!ph->map[ph->nmaps]) {
			snprintf(why, len, "mmap: %s", strerror(errno));
			return WL_ERROR;
		}
	}
	/* uffd_open(), called first by register_wp(), makes ph->uffd closable */
	ph->uffd_open = nofa;
	if (nofa) {
		ret = register_wp(&ph->uffd, ph->map, nmaps, ph->size, why, len);
		if (ret)
			return ret;
	}
	f0 = thread_faults();
	for (i = 0; i < nmaps && !ret; i++)
		ret = populate(ph, ph->map[i]);
	ph->pop_faults = thread_faults() - f0;
	if (ret) {
		snprintf(why, len, "MADV_POPULATE_%s: %s",
			 ph->populate == POP_WRITE ? "WRITE" : "READ",
			 strerrorname_np(-ret) ?: "error");
		return ret == -EINVAL ? WL_UNSUPPORTED : WL_ERROR;
	}
	if (nofa && !wp) {
		uffd_close(&ph->uffd);
		ph->uffd_open = false;
	}
	if (!wp)
		return 0;
	if (!nofa) {
		ph->uffd_open = true;
		ret = register_wp(&ph->uffd, ph->map, nmaps, ph->size, why, len);
	}
	return ret ? ret : protect_wp(ph, why, len);
}

/* Read one byte of every page of the file, from the reader's start on. */
static WL_MEASURED_LOOP void *reader_main(void *arg)
{
	struct reader *r = arg;
	struct punch_hole *ph = r->ph;
	const volatile char *base = ph->rmap;
	uint64_t n = ph->npages, i, pg = r->start, f0 = 0;
	bool open = false;
	char sink = 0;
	int phase;

	for (i = 0; i < n; i++)		/* the first pass maps the file */
		sink ^= base[((r->start + i) % n) * PAGE];
	atomic_fetch_add(&ph->rd_ready, 1);
	while ((phase = atomic_load(&ph->rd_phase)) != RD_STOP) {
		if (phase == RD_OPEN && !open) {
			r->t0 = timer_now();
			f0 = thread_faults();
			open = true;
			atomic_fetch_add(&ph->rd_opened, 1);
		}
		sink ^= base[pg * PAGE];
		pg = pg + 1 < n ? pg + 1 : 0;
		/*
		 * The window ends after one read that follows the punch: a
		 * reader kept off the CPU all through it still refaults the
		 * page it took away.
		 */
		if (phase == RD_CLOSED && open) {
			r->faults = thread_faults() - f0;
			r->t1 = timer_now();
			atomic_fetch_add(&ph->rd_closed, 1);
			break;
		}
	}
	__asm__ volatile("" : : "r"(sink));
	return NULL;
}

static void wait_count(atomic_int *count, int n)
{
	while (atomic_load(count) < n)
		sched_yield();
}

static int start_readers(struct punch_hole *ph, int n, int cpu, char *why, size_t len)
{
	pthread_attr_t attr;
	cpu_set_t set;
	int err = 0;

	if (!n)
		return 0;
	ph->rmap = map_file(ph, PROT_READ);
	ph->readers = calloc((size_t)n, sizeof(*ph->readers));
	if (!ph->rmap || !ph->readers) {
		snprintf(why, len, "readers' mapping: %s", strerror(errno));
		return WL_ERROR;
	}
	pthread_attr_init(&attr);
	if (cpu >= 0) {
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
	}
	for (; ph->nreaders < n && !err; ph->nreaders++) {
		ph->readers[ph->nreaders] = (struct reader){
			.ph = ph, .start = ph->npages * (uint64_t)ph->nreaders / (uint64_t)n };
		err = pthread_create(&ph->readers[ph->nreaders].tid, &attr, reader_main,
				     &ph->readers[ph->nreaders]);
	}
	pthread_attr_destroy(&attr);
	if (err) {
		ph->nreaders--;
		snprintf(why, len, "reader thread: %s", strerror(err));
		return WL_ERROR;
	}
	wait_count(&ph->rd_ready, n);
	return 0;
}

/*
 * Present pages of file pages [lo, hi) in this process's mappings:
 * pagemap's present bit, not mincore(), which on shmem reports the page
 * cache, mapped or not.  PTE markers and holes read as not present.
 */
static int count_mapped(const struct punch_hole *ph, uint64_t lo, uint64_t hi,
			uint64_t *count)
{
	uint64_t buf[512], n = hi - lo, i, k, c;
	int fd = open(PAGEMAP_PATH, O_RDONLY | O_CLOEXEC), m, err = 0;
	off_t at;

	*count = 0;
	if (fd < 0)
		return -errno;
	for (m = 0; m < ph->nmaps && !err; m++) {
		at = (off_t)(((uintptr_t)ph->map[m] / PAGE + lo) * sizeof(buf[0]));
		for (i = 0; i < n && !err; i += c) {
			c = n - i < 512 ? n - i : 512;
			if (pread(fd, buf, c * sizeof(buf[0]), at + (off_t)(i * sizeof(buf[0]))) !=
			    (ssize_t)(c * sizeof(buf[0])))
				err = -EIO;
			for (k = 0; k < c && !err; k++)
				*count += buf[k] >> PM_PRESENT_BIT & 1;
		}
	}
	close(fd);
	return err;
}

static void punch_hole_cleanup(void *state)
{
	struct punch_hole *ph = state;
	int i;

	if (!ph)
		return;
	atomic_store(&ph->rd_phase, RD_STOP);
	for (i = 0; i < ph->nreaders; i++)
		pthread_join(ph->readers[i].tid, NULL);
	free(ph->readers);
	if (ph->hold_fd >= 0)
		close(ph->hold_fd);
	if (ph->ready_fd >= 0)
		close(ph->ready_fd);
	for (i = 0; i < ph->nchildren; i++) {
		kill(ph->child[i], SIGKILL);
		waitpid(ph->child[i], NULL, 0);
	}
	if (ph->uffd_open)
		uffd_close(&ph->uffd);
	for (i = 0; i < ph->nmaps; i++)
		munmap(ph->map[i], ph->size);
	if (ph->rmap)
		munmap(ph->rmap, ph->size);
	if (ph->fd >= 0)
		close(ph->fd);
	free(ph);
}

static int punch_hole_setup(struct punch_hole *ph, const struct wl_point *pt,
			    char *why, size_t len)
{
	const struct punch_hole_options *o = pt->options;
	int ret, err = 0;

	ret = place_hole(ph, o, why, len);
	if (ret)
		return ret;
	ph->fd = memfd_create("fabench-punch_hole", MFD_CLOEXEC);
	if (ph->fd < 0 || ftruncate(ph->fd, (off_t)ph->size)) {
		snprintf(why, len, "memfd: %s", strerror(errno));
		return WL_ERROR;
	}
	/* every byte written through the file: each repetition punches full pages */
	err = shm_fill(ph->fd, ph->size, FILL);
	if (err) {
		snprintf(why, len, "filling the memfd: %s", strerror(-err));
		return WL_ERROR;
	}
	ret = fork_children(ph, (int)o->processes, why, len);
	if (!ret)
		ret = map_and_populate(ph, (int)o->mappings, why, len);
	if (!ret)
		ret = children_ready(ph, why, len);
	if (!ret)
		ret = start_readers(ph, (int)o->readers, pt->helper_cpu, why, len);
	if (!ret)
		err = count_mapped(ph, ph->free_lo, ph->free_hi, &ph->mapped_before);
	if (!ret && !err)
		err = count_mapped(ph, ph->first, ph->last, &ph->pop_mapped);
	if (err) {
		snprintf(why, len, "reading %s: %s", PAGEMAP_PATH, strerror(-err));
		ret = WL_ERROR;
	}
	return ret;
}

static int punch_hole_prepare(const struct wl_point *pt, void **state,
			      int *nthreads, char *why, size_t len)
{
	const struct punch_hole_options *o = pt->options;
	struct punch_hole *ph = calloc(1, sizeof(*ph));

	*state = ph;
	*nthreads = 1;
	if (!ph)
		return WL_ERROR;
	ph->fd = ph->hold_fd = ph->ready_fd = -1;
	ph->size = o->size;
	ph->npages = ph->size / PAGE;
	ph->mapped_pct = (unsigned int)o->mapped;
	ph->populate = o->populate;
	ph->uffd_mode = o->uffd;
	return punch_hole_setup(ph, pt, why, len);
}

/* The measured work: one punch.  Nothing else runs on this thread. */
static uint64_t punch_hole_run(void *state, struct wl_thread *t)
{
	struct punch_hole *ph = state;
	uint64_t t0;

	meter_start(t->meter);
	t0 = timer_now();
	if (fallocate(ph->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		      (off_t)ph->off, (off_t)ph->len))
		ph->punch_errno = errno;
	ph->punch_ticks = timer_now() - t0;
	meter_mark(t->meter);
	return ph->last - ph->first;
}

/*
 * The readers' window opens before the punch, once every reader has
 * taken its own start (so none misses it), and closes after.
 */
static uint64_t window_open(void *state, struct wl_thread *t)
{
	struct punch_hole *ph = state;

	(void)t;
	if (ph->nreaders) {
		atomic_store(&ph->rd_phase, RD_OPEN);
		wait_count(&ph->rd_opened, ph->nreaders);
	}
	return 0;
}

static uint64_t window_close(void *state, struct wl_thread *t)
{
	struct punch_hole *ph = state;

	(void)t;
	if (ph->nreaders) {
		atomic_store(&ph->rd_phase, RD_CLOSED);
		wait_count(&ph->rd_closed, ph->nreaders);
	}
	return 0;
}

static const struct wl_phase punch_hole_phases[] = {
	{ .name = "window_open", .before = true, .run = window_open },
	{ .name = "window_close", .run = window_close },
	{ .name = NULL },
};

/* Bytes of [pos, pos + n) that differ from c; memcmp finds the clean runs fast. */
static uint64_t count_ne(const char *buf, uint64_t n, char c)
{
	static char ref[2][CHUNK];
	const char *want = ref[c == FILL];
	uint64_t bad = 0, i;

	if (!ref[1][0])
		memset(ref[1], FILL, CHUNK);
	if (!memcmp(buf, want, n))
		return 0;
	for (i = 0; i < n; i++)
		bad += buf[i] != c;
	return bad;
}

/*
 * Read the file back: zeros in the hole (partial pages zeroed in place),
 * the fill everywhere else.  Counted in bytes.
 */
static uint64_t data_errors(const struct punch_hole *ph)
{
	static char buf[CHUNK];
	uint64_t pos, n, a, b, bad = 0, end = ph->off + ph->len;

	for (pos = 0; pos < ph->size; pos += n) {
		n = ph->size - pos < CHUNK ? ph->size - pos : CHUNK;
		if (pread(ph->fd, buf, n, (off_t)pos) != (ssize_t)n)
			return ph->size;
		a = ph->off > pos ? (ph->off < pos + n ? ph->off : pos + n) : pos;
		b = end > pos ? (end < pos + n ? end : pos + n) : pos;
		bad += count_ne(buf, a - pos, FILL);
		bad += count_ne(buf + (a - pos), b - a, 0);
		bad += count_ne(buf + (b - pos), pos + n - b, FILL);
	}
	return bad;
}

static void put_readers(const struct punch_hole *ph, struct metric_sink *ms)
{
	uint64_t faults = 0, t0 = UINT64_MAX, t1 = 0;
	double win_ns;
	int i;

	if (!ph->nreaders) {
		metric_put_unsupported(ms, "readers_faults", "readers = 0");
		metric_put_unsupported(ms, "readers_faults_per_sec", "readers = 0");
		return;
	}
	for (i = 0; i < ph->nreaders; i++) {
		faults += ph->readers[i].faults;
		t0 = ph->readers[i].t0 < t0 ? ph->readers[i].t0 : t0;
		t1 = ph->readers[i].t1 > t1 ? ph->readers[i].t1 : t1;
	}
	win_ns = timer_ticks_to_ns(t1 - t0);
	metric_put(ms, "readers_faults", (double)faults);
	metric_put(ms, "readers_window_us", win_ns / 1e3);
	metric_put(ms, "readers_faults_per_sec", win_ns > 0 ? faults * 1e9 / win_ns : 0);
}

static void punch_hole_collect(void *state, struct metric_sink *ms)
{
	struct punch_hole *ph = state;
	double us = timer_ticks_to_ns(ph->punch_ticks) / 1e3;
	uint64_t after = 0;

	metric_put(ms, "punch_us", us);
	metric_put(ms, "us_per_mib", us / ((double)ph->len / MIB));
	metric_put_check(ms, "punch_errno", ph->punch_errno);
	metric_put(ms, "mapped_pages_before", (double)ph->mapped_before);
	if (count_mapped(ph, ph->free_lo, ph->free_hi, &after))
		after = ph->free_hi - ph->free_lo + 1;	/* unreadable: fail, never pass */
	metric_put_check(ms, "mapped_pages_after", (double)after);
	metric_put(ms, "populate_faults", (double)ph->pop_faults);
	if (ph->pop_faults)
		metric_put(ms, "populate_pages_per_fault",
			   (double)ph->pop_mapped / (double)ph->pop_faults);
	else
		metric_put_unsupported(ms, "populate_pages_per_fault", "no faults");
	metric_put_check(ms, "punch_data_errors", (double)data_errors(ph));
	put_readers(ph, ms);
}

#define PH_OPT(field) .off = offsetof(struct punch_hole_options, field)

static const struct param_ident align_idents[] = {
	PARAM_IDENT(AL_2M), PARAM_IDENT(AL_PAGE), PARAM_IDENT(AL_UNALIGNED), { 0, NULL },
};
static const struct param_ident populate_idents[] = {
	PARAM_IDENT(POP_READ), PARAM_IDENT(POP_READ_NOFA), PARAM_IDENT(POP_WRITE), { 0, NULL },
};
static const struct param_ident uffd_idents[] = {
	PARAM_IDENT(UF_NONE), PARAM_IDENT(UF_WP), { 0, NULL },
};

static const struct param_desc punch_hole_params[] = {
	{ .name = "size", .type = PT_SIZE, .def = "64M", PH_OPT(size),
	  .min = 64 << 10, .max = 1ull << 40,
	  .flags = PF_MEMORY | PF_PAGE_ALIGNED,
	  .help = "memfd size, written in full before every punch" },
	{ .name = "hole", .type = PT_CUSTOM, .def = "all", PH_OPT(hole),
	  .parse = parse_hole, .custom_syntax = "all|SIZE",
	  .help = "bytes punched; all: to the end (unaligned: half a page short)" },
	{ .name = "align", .type = PT_ENUM, .values = aligns, .def = "2M",
	  PH_OPT(align), .idents = align_idents,
	  .help = "hole start: offset 0, 4K, or 2K (partial pages zeroed)" },
	{ .name = "mapped", .type = PT_UINT, .def = "100", PH_OPT(mapped),
	  .min = 0, .max = 100,
	  .help = "percent of the hole's pages populated, spread evenly" },
	{ .name = "populate", .type = PT_ENUM, .values = populates, .def = "write",
	  PH_OPT(populate), .idents = populate_idents,
	  .help = "read faults, read faults without fault-around, or write faults" },
	{ .name = "mappings", .type = PT_UINT, .def = "1", PH_OPT(mappings),
	  .min = 1, .max = MAX_MAPPINGS,
	  .help = "mmaps of the memfd in this process, each populated" },
	{ .name = "processes", .type = PT_UINT, .def = "0", PH_OPT(processes),
	  .min = 0, .max = MAX_PROCESSES,
	  .help = "child processes, each with a mapping populated alike" },
	{ .name = "uffd", .type = PT_ENUM, .values = uffd_modes, .def = "none",
	  PH_OPT(uffd), .idents = uffd_idents,
	  .help = "this process's mappings registered for uffd-wp and protected" },
	{ .name = "readers", .type = PT_UINT, .def = "0", PH_OPT(readers),
	  .min = 0, .max = MAX_READERS,
	  .help = "threads re-reading every page of the file during the punch" },
	{ .name = NULL },
};

/* read-nofa populates registered for uffd-wp; uffd = wp protects too. */
static unsigned int punch_hole_needs(const void *options)
{
	const struct punch_hole_options *o = options;

	return o->populate == POP_READ_NOFA || o->uffd == UF_WP ?
	       CAP_BIT(CAP_UFFD_WP_SHMEM) : 0;
}


static const struct wl_column punch_hole_columns[] = {
	{ "punch_us", "punch us", 9, 0 },
	{ "us_per_mib", "us/MiB", 7, 1 },
	{ "mapped_pages_before", "mapped", 7, 0 },
	{ "tlb_tlb_flush", "tlbfl", 6, 0 },
	{ "readers_faults_per_sec", "rd flt/s", 9, 0 },
	{ NULL, NULL, 0, 0 },
};

static const struct wl_metric punch_hole_metrics[] = {
	{ .name = "punch_us", .unit = "us", .label = "fallocate(PUNCH_HOLE) latency",
	  .better = WL_BETTER_LOWER, .headline = true, .plot = WL_PLOT_LINE,
	  .plot_x = "mapped", .plot_xlabel = "share of the hole mapped before the punch (%)",
	  .series = "uffd", .only = "timing=throughput" },
	{ .name = "ns_per_page", .unit = "ns", .label = "punch cost per page of the hole",
	  .better = WL_BETTER_LOWER },
	{ .name = "us_per_mib", .unit = "us/MiB", .label = "punch latency per MiB of hole",
	  .better = WL_BETTER_LOWER },
	{ .name = "punch_errno", .unit = "errno", .label = "fallocate's errno (0: it worked)",
	  .better = WL_BETTER_ZERO },
	{ .name = "mapped_pages_before", .unit = "pages",
	  .label = "pages of the hole mapped before the punch" },
	{ .name = "mapped_pages_after", .unit = "pages",
	  .label = "pages of the hole still mapped after it", .better = WL_BETTER_ZERO },
	{ .name = "populate_faults", .unit = "faults", .label = "faults populating the mappings" },
	{ .name = "populate_pages_per_fault", .unit = "pages",
	  .label = "pages mapped per populating fault" },
	{ .name = "punch_data_errors", .unit = "pages",
	  .label = "pages outside the hole whose data changed", .better = WL_BETTER_ZERO },
	{ .name = "readers_faults", .unit = "faults",
	  .label = "faults of the re-reading threads during the punch" },
	{ .name = "readers_window_us", .unit = "us", .label = "time the readers ran" },
	{ .name = "readers_faults_per_sec", .unit = "faults/s",
	  .label = "readers' fault rate during the punch" },
	{ .name = NULL },
};

const struct workload punch_hole_workload = {
	.name = "punch_hole",
	.description = "fallocate(PUNCH_HOLE) on a mapped memfd: the pre-unmap's cost",
	.unit = "page",
	.params = punch_hole_params,
	.options_size = sizeof(struct punch_hole_options),
	.populates = true,
	.needs = punch_hole_needs,
	.columns = punch_hole_columns,
	.metrics = punch_hole_metrics,
	.prepare = punch_hole_prepare,
	.run = punch_hole_run,
	.phases = punch_hole_phases,
	.collect = punch_hole_collect,
	.cleanup = punch_hole_cleanup,
};
