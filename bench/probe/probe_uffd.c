// SPDX-License-Identifier: GPL-2.0-only
/*
 * The probe's userfaultfd measurements on a populated memfd: which modes
 * register, whether fault-around runs in each mode, and whether the wp bit
 * survives a zap (PTE markers, Linux 5.19's shmem uffd-wp).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench/kernel/compat.h"
#include "bench/kernel/shm.h"
#include "bench/probe/probe.h"

#define REGISTER_SIZE (1ul << 20)
#define FAULT_AROUND_SIZE (4ul << 20)
#define MARKER_SIZE (64ul << 10)
#define WRITE_TIMEOUT_S 5	/* a write the handler never answers */

struct probe_mem {
	int fd;
	char *base;
	size_t size;
};

/*
 * A memfd whose page cache is full, mapped afresh (no ptes yet) at a 2 MiB
 * boundary: fault-around windows are aligned to fault_around_bytes, so a
 * range that starts on a window needs no extra fault for a partial first one.
 */
static int mem_create(struct probe_mem *m, size_t size, char *why, size_t len)
{
	int err = 0;

	m->size = size;
	m->base = NULL;
	m->fd = memfd_create("fabench-probe", MFD_CLOEXEC);
	if (m->fd < 0)
		err = errno;
	if (!err)
		err = -shm_fill(m->fd, size, 0);
	if (!err) {
		m->base = shm_map_aligned(size, PROT_READ | PROT_WRITE, MAP_SHARED, m->fd);
		if (m->base)
			return 0;
		err = errno;
	}
	snprintf(why, len, "unsupported: populated memfd: %s", strerrorname_np(err) ?: "error");
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
	return -1;
}

static void mem_destroy(struct probe_mem *m)
{
	if (m->base)
		munmap(m->base, m->size);
	if (m->fd >= 0)
		close(m->fd);
}

void probe_uffd_register(struct probe_result *pr)
{
	char why[PROBE_TEXT - 16];
	struct probe_mem m;
	struct uffd_ctx u;
	int mode;

	if (mem_create(&m, REGISTER_SIZE, why, sizeof(why))) {
		for (mode = UFFD_MODE_MISSING; mode < PROBE_MODES; mode++)
			snprintf(pr->uffd_register[mode], PROBE_TEXT, "%s", why);
		return;
	}
	for (mode = UFFD_MODE_MISSING; mode < PROBE_MODES; mode++) {
		char *out = pr->uffd_register[mode];

		if (uffd_open(&u, uffd_mode_features(mode), why, sizeof(why))) {
			snprintf(out, PROBE_TEXT, "unsupported: %s", why);
			continue;
		}
		if (uffd_register(&u, m.base, m.size, mode, why, sizeof(why)))
			snprintf(out, PROBE_TEXT, "unsupported: %s", why);
		else
			snprintf(out, PROBE_TEXT, "yes");
		uffd_close(&u);
	}
	mem_destroy(&m);
}

/*
 * Arm the range like fault_read does: register, write-protect all of it for
 * wp, and answer every fault from a handler thread (minor blocks otherwise).
 */
static int arm(struct uffd_ctx *u, struct probe_mem *m, enum uffd_mode mode,
	       char *why, size_t len)
{
	int err;

	if (uffd_register(u, m->base, m->size, mode, why, len))
		return -1;
	if (mode == UFFD_MODE_WP) {
		err = uffd_writeprotect(u, m->base, m->size, true);
		if (err) {
			snprintf(why, len, "UFFDIO_WRITEPROTECT: %s",
				 strerrorname_np(-err) ?: "error");
			return -1;
		}
	}
	err = uffd_resolver_start(u, -1, 1);
	if (err)
		snprintf(why, len, "uffd handler thread: %s", strerrorname_np(-err) ?: "error");
	return err ? -1 : 0;
}

static uint64_t thread_faults(void)
{
	struct rusage ru;

	getrusage(RUSAGE_THREAD, &ru);
	return (uint64_t)(ru.ru_minflt + ru.ru_majflt);
}

/*
 * Read one byte of every page and count this thread's faults: the handler's
 * and the setup's are not in RUSAGE_THREAD.  Not ASan-instrumented, so no
 * shadow page is faulted in and counted.
 */
__attribute__((no_sanitize_address))
static void read_pages(const struct probe_mem *m, struct probe_fault_around *fa)
{
	const volatile char *p = m->base;
	size_t page = (size_t)sysconf(_SC_PAGESIZE), off;
	uint64_t before;
	char sink = 0;

	before = thread_faults();
	for (off = 0; off < m->size; off += page)
		sink ^= p[off];
	fa->faults = thread_faults() - before;
	__asm__ volatile("" : : "r"(sink));
	fa->pages = m->size / page;
}

static void judge(struct probe_fault_around *fa)
{
	if (!fa->faults) {
		snprintf(fa->text, sizeof(fa->text),
			 "unsupported: no fault counted reading %llu pages",
			 (unsigned long long)fa->pages);
		return;
	}
	fa->measured = true;
	fa->pages_per_fault = (double)fa->pages / (double)fa->faults;
	fa->active = fa->pages_per_fault > PROBE_ACTIVE_PPF;
	snprintf(fa->text, sizeof(fa->text), "%s (%.1f pages/fault)",
		 fa->active ? "active" : "inactive", fa->pages_per_fault);
}

void probe_fault_around(enum uffd_mode mode, struct probe_fault_around *fa)
{
	char why[PROBE_TEXT - 16];
	struct probe_mem m;
	struct uffd_ctx u;
	bool opened = false;

	memset(fa, 0, sizeof(*fa));
	if (mem_create(&m, FAULT_AROUND_SIZE, fa->text, sizeof(fa->text)))
		return;
	if (mode != UFFD_MODE_NONE) {
		if (uffd_open(&u, uffd_mode_features(mode), why, sizeof(why)))
			goto unsupported;
		opened = true;
		if (arm(&u, &m, mode, why, sizeof(why)))
			goto unsupported;
	}
	read_pages(&m, fa);
	judge(fa);
	goto out;
unsupported:
	snprintf(fa->text, sizeof(fa->text), "unsupported: %s", why);
out:
	if (opened)
		uffd_close(&u);
	mem_destroy(&m);
}

/* pagemap bit 57 of the zapped page: a PTE marker carries the wp bit. */
static void zapped_wp_bit(const void *page, char *buf, size_t len)
{
	uint64_t e;
	int err = pagemap_entry(page, &e);

	if (err)
		snprintf(buf, len, "unsupported: reading /proc/self/pagemap: %s",
			 strerrorname_np(-err) ?: "error");
	else
		snprintf(buf, len, "%s", e >> PM_UFFD_WP_BIT & 1 ? "set" : "clear");
}

static void *write_page(void *page)
{
	*(volatile char *)page = 1;
	return NULL;
}

/*
 * Write from a second thread while the handler watches the uffd.  A write
 * the handler never answers would block forever: after the timeout, closing
 * the uffd unregisters the range and lets the write finish.
 */
static void write_and_watch(struct uffd_ctx *u, char *page, char *buf, size_t len)
{
	struct timespec deadline;
	pthread_t writer;
	int err;

	err = pthread_create(&writer, NULL, write_page, page);
	if (err) {
		snprintf(buf, len, "unsupported: writer thread: %s", strerrorname_np(err) ?: "error");
		return;
	}
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += WRITE_TIMEOUT_S;
	if (pthread_timedjoin_np(writer, NULL, &deadline)) {
		uffd_close(u);
		pthread_join(writer, NULL);
		snprintf(buf, len, "unsupported: the write did not complete within %d s",
			 WRITE_TIMEOUT_S);
	} else if (atomic_load(&u->wp_events)) {
		snprintf(buf, len, "wp kept across zap (PTE marker)");
	} else {
		snprintf(buf, len, "wp LOST across zap");
	}
}

/*
 * A mapped, write-protected memfd page is zapped with MADV_DONTNEED: the
 * kernel must leave a marker so that the next write still reports a WP
 * fault (zap_install_uffd_wp_if_needed in mm/memory.c).
 */
void probe_pte_marker(struct probe_result *pr)
{
	char why[PROBE_TEXT - 16];
	struct probe_mem m;
	struct uffd_ctx u;
	volatile char c;

	snprintf(pr->pte_marker_pagemap, PROBE_TEXT, "unsupported: no zap done");
	if (mem_create(&m, MARKER_SIZE, pr->pte_marker, PROBE_TEXT))
		return;
	c = m.base[0];		/* map the page: the zap must have a pte to drop */
	(void)c;
	if (uffd_open(&u, 0, why, sizeof(why))) {
		snprintf(pr->pte_marker, PROBE_TEXT, "unsupported: %s", why);
		goto out;
	}
	if (arm(&u, &m, UFFD_MODE_WP, why, sizeof(why))) {
		snprintf(pr->pte_marker, PROBE_TEXT, "unsupported: %s", why);
	} else if (madvise(m.base, m.size, MADV_DONTNEED)) {
		snprintf(pr->pte_marker, PROBE_TEXT, "unsupported: MADV_DONTNEED: %s",
			 strerrorname_np(errno) ?: "error");
	} else {
		zapped_wp_bit(m.base, pr->pte_marker_pagemap, PROBE_TEXT);
		write_and_watch(&u, m.base, pr->pte_marker, PROBE_TEXT);
	}
	uffd_close(&u);
out:
	mem_destroy(&m);
}
