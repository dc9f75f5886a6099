// SPDX-License-Identifier: GPL-2.0-only
/*
 * The probe's /proc/self/pagemap measurements: whether the PAGEMAP_SCAN
 * ioctl exists (the dirty tracking of Wine and CRIU with WP_ASYNC), and
 * whether soft-dirty works, by its behaviour.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "compat.h"
#include "probe.h"

#define PAGEMAP "/proc/self/pagemap"
#define CLEAR_REFS "/proc/self/clear_refs"

int probe_pagemap_entry(const void *addr, uint64_t *entry)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	off_t off = (off_t)((uintptr_t)addr / page * sizeof(*entry));
	int fd = open(PAGEMAP, O_RDONLY | O_CLOEXEC), err = 0;
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = pread(fd, entry, sizeof(*entry), off);
	if (n != (ssize_t)sizeof(*entry))
		err = n < 0 ? -errno : -EIO;
	close(fd);
	return err;
}

static void *private_page(void)
{
	void *p = mmap(NULL, (size_t)sysconf(_SC_PAGESIZE), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void scan_result(int ret, int err, const struct page_region *r,
			char *buf, size_t len)
{
	if (ret == 1 && r->categories & PAGE_IS_PRESENT)
		snprintf(buf, len, "present (the written page reported PAGE_IS_PRESENT)");
	else if (ret >= 0)
		snprintf(buf, len, "present (returned %d regions for one written page)", ret);
	else if (err == ENOTTY)
		snprintf(buf, len, "unsupported: PAGEMAP_SCAN ENOTTY (no such ioctl on %s)",
			 PAGEMAP);
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
		.size = sizeof(a),
		.vec = (uintptr_t)&r,
		.vec_len = 1,
		.category_mask = PAGE_IS_PRESENT,
		.return_mask = PAGE_IS_PRESENT,
	};
	int fd, ret, err;

	if (!p) {
		snprintf(buf, len, "unsupported: mmap: %s", strerrorname_np(errno) ?: "error");
		return;
	}
	p[0] = 1;
	a.start = (uintptr_t)p;
	a.end = a.start + (uint64_t)sysconf(_SC_PAGESIZE);
	fd = open(PAGEMAP, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(buf, len, "unsupported: opening %s: %s", PAGEMAP,
			 strerrorname_np(errno) ?: "error");
	} else {
		ret = ioctl(fd, PAGEMAP_SCAN, &a);
		err = errno;
		close(fd);
		scan_result(ret, err, &r, buf, len);
	}
	munmap((void *)p, (size_t)sysconf(_SC_PAGESIZE));
}

/* -errno, or 0 with the page's soft-dirty bit in *set */
static int soft_dirty_bit(const volatile char *p, bool *set)
{
	uint64_t e;
	int err = probe_pagemap_entry((const void *)p, &e);

	*set = !err && (e >> PM_SOFT_DIRTY_BIT & 1);
	return err;
}

/* "4" clears every soft-dirty bit of the process (soft-dirty.rst). */
static int clear_soft_dirty(void)
{
	int fd = open(CLEAR_REFS, O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, "4", 1) != 1)
		err = -errno;
	close(fd);
	return err;
}

static void soft_dirty_verdict(bool first, bool cleared, bool again, char *buf, size_t len)
{
	if (!first && !again)
		snprintf(buf, len, "unsupported: soft-dirty bit never set (CONFIG_MEM_SOFT_DIRTY off?)");
	else if (!cleared)
		snprintf(buf, len, "unsupported: bit %d not cleared by %s",
			 PM_SOFT_DIRTY_BIT, CLEAR_REFS);
	else if (!again)
		snprintf(buf, len, "unsupported: bit %d not set again by a write after clear_refs",
			 PM_SOFT_DIRTY_BIT);
	else
		snprintf(buf, len, "supported (bit %d set by a write, cleared by clear_refs, set again)",
			 PM_SOFT_DIRTY_BIT);
}

/*
 * Write a page, see bit 55; clear it through clear_refs; write again, see
 * it once more.  Behaviour, not configuration: a kernel without
 * CONFIG_MEM_SOFT_DIRTY never sets the bit.
 */
void probe_soft_dirty(char *buf, size_t len)
{
	volatile char *p = private_page();
	bool first, set, again;
	int err;

	if (!p) {
		snprintf(buf, len, "unsupported: mmap: %s", strerrorname_np(errno) ?: "error");
		return;
	}
	p[0] = 1;
	err = soft_dirty_bit(p, &first);
	if (!err)
		err = clear_soft_dirty();
	if (!err)
		err = soft_dirty_bit(p, &set);
	p[0] = 2;
	if (!err)
		err = soft_dirty_bit(p, &again);
	if (err)
		snprintf(buf, len, "unsupported: %s on %s or %s", strerrorname_np(-err) ?: "error",
			 PAGEMAP, CLEAR_REFS);
	else
		soft_dirty_verdict(first, !set, again, buf, len);
	munmap((void *)p, (size_t)sysconf(_SC_PAGESIZE));
}
