// SPDX-License-Identifier: GPL-2.0-only
/*
 * The probe's /proc/self/pagemap measurements: whether the PAGEMAP_SCAN
 * ioctl exists (the dirty tracking of Wine and CRIU with WP_ASYNC), and
 * whether soft-dirty works, by its behaviour.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench/kernel/compat.h"
#include "bench/kernel/pagemap.h"
#include "bench/probe/probe.h"

static void *private_page(void)
{
	void *p = mmap(NULL, (size_t)sysconf(_SC_PAGESIZE), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* ret: pagemap_scan's, regions or -errno */
static void scan_result(long ret, const struct page_region *r, char *buf, size_t len)
{
	int err = (int)-ret;

	if (ret == 1 && r->categories & PAGE_IS_PRESENT)
		snprintf(buf, len, "present (the written page reported PAGE_IS_PRESENT)");
	else if (ret >= 0)
		snprintf(buf, len, "present (returned %ld regions for one written page)", ret);
	else if (err == ENOTTY)
		snprintf(buf, len, "unsupported: PAGEMAP_SCAN ENOTTY (no such ioctl on %s)",
			 PAGEMAP_PATH);
	else if (err == EINVAL)
		snprintf(buf, len, "unsupported: PAGEMAP_SCAN EINVAL (the ioctl exists but "
			 "refused a %zu-byte struct pm_scan_arg)", sizeof(struct pm_scan_arg));
	else
		snprintf(buf, len, "unsupported: PAGEMAP_SCAN %s", strerrorname_np(err) ?: "error");
}

/* Ask for the present pages of one written page: a valid, small request. */
void probe_pagemap_scan(char *buf, size_t len)
{
	volatile char *p = private_page();
	struct page_region r = { 0 };
	struct pm_scan_arg a = {
		.vec = (uintptr_t)&r,
		.vec_len = 1,
		.category_mask = PAGE_IS_PRESENT,
		.return_mask = PAGE_IS_PRESENT,
	};
	int fd;

	if (!p) {
		snprintf(buf, len, "unsupported: mmap: %s", strerrorname_np(errno) ?: "error");
		return;
	}
	p[0] = 1;
	a.start = (uintptr_t)p;
	a.end = a.start + (uint64_t)sysconf(_SC_PAGESIZE);
	fd = open(PAGEMAP_PATH, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(buf, len, "unsupported: opening %s: %s", PAGEMAP_PATH,
			 strerrorname_np(errno) ?: "error");
	} else {
		scan_result(pagemap_scan(fd, &a), &r, buf, len);
		close(fd);
	}
	munmap((void *)p, (size_t)sysconf(_SC_PAGESIZE));
}

/*
 * Behaviour, not configuration: a kernel without CONFIG_MEM_SOFT_DIRTY never
 * sets the bit (pagemap_soft_dirty_works, shared with dirty_softdirty).
 */
void probe_soft_dirty(char *buf, size_t len)
{
	volatile char *p = private_page();

	if (!p) {
		snprintf(buf, len, "unsupported: mmap: %s", strerrorname_np(errno) ?: "error");
		return;
	}
	pagemap_soft_dirty_works(p, buf, len);
	munmap((void *)p, (size_t)sysconf(_SC_PAGESIZE));
}
