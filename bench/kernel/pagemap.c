// SPDX-License-Identifier: GPL-2.0-only
/* pagemap entries, the soft-dirty test and PAGEMAP_SCAN; see pagemap.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bench/kernel/compat.h"
#include "bench/kernel/pagemap.h"

char pagemap_pte_char(uint64_t e)
{
	bool wp = e >> PM_UFFD_WP_BIT & 1;

	if (e >> PM_PRESENT_BIT & 1)
		return wp ? 'W' : 'P';
	if (wp)
		return 'm';	/* a marker, or a swap entry that kept the bit */
	return e >> PM_SWAP_BIT & 1 ? 's' : '.';
}

int pagemap_entries(int fd, const void *addr, size_t n, uint64_t *e)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	off_t off = (off_t)((uintptr_t)addr / page * sizeof(*e));
	ssize_t got = pread(fd, e, n * sizeof(*e), off);

	if (got == (ssize_t)(n * sizeof(*e)))
		return 0;
	return got < 0 ? -errno : -EIO;
}

int pagemap_entry(const void *addr, uint64_t *entry)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	off_t off = (off_t)((uintptr_t)addr / page * sizeof(*entry));
	int fd = open(PAGEMAP_PATH, O_RDONLY | O_CLOEXEC), err = 0;
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = pread(fd, entry, sizeof(*entry), off);
	if (n != (ssize_t)sizeof(*entry))
		err = n < 0 ? -errno : -EIO;
	close(fd);
	return err;
}

/* "4" clears every soft-dirty bit of the process (soft-dirty.rst). */
int pagemap_clear_soft_dirty(void)
{
	int fd = open(CLEAR_REFS_PATH, O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, "4", 1) != 1)
		err = -errno;
	close(fd);
	return err;
}

/* -errno, or 0 with the page's soft-dirty bit in *set */
static int soft_dirty_bit(const volatile char *p, bool *set)
{
	uint64_t e;
	int err = pagemap_entry((const void *)p, &e);

	*set = !err && (e >> PM_SOFT_DIRTY_BIT & 1);
	return err;
}

static bool soft_dirty_verdict(bool first, bool cleared, bool again, char *buf, size_t len)
{
	if (!first && !again)
		snprintf(buf, len, "unsupported: soft-dirty bit never set (CONFIG_MEM_SOFT_DIRTY off?)");
	else if (!cleared)
		snprintf(buf, len, "unsupported: bit %d not cleared by %s",
			 PM_SOFT_DIRTY_BIT, CLEAR_REFS_PATH);
	else if (!again)
		snprintf(buf, len, "unsupported: bit %d not set again by a write after clear_refs",
			 PM_SOFT_DIRTY_BIT);
	else
		snprintf(buf, len, "supported (bit %d set by a write, cleared by clear_refs, set again)",
			 PM_SOFT_DIRTY_BIT);
	return first && cleared && again;
}

bool pagemap_soft_dirty_works(volatile char *p, char *buf, size_t len)
{
	bool first, set, again;
	int err;

	p[0] = 1;
	err = soft_dirty_bit(p, &first);
	if (!err)
		err = pagemap_clear_soft_dirty();
	if (!err)
		err = soft_dirty_bit(p, &set);
	p[0] = 2;
	if (!err)
		err = soft_dirty_bit(p, &again);
	if (err) {
		snprintf(buf, len, "unsupported: %s on %s or %s", strerrorname_np(-err) ?: "error",
			 PAGEMAP_PATH, CLEAR_REFS_PATH);
		return false;
	}
	return soft_dirty_verdict(first, !set, again, buf, len);
}

long pagemap_scan(int fd, struct pm_scan_arg *a)
{
	long n;

	a->size = sizeof(*a);
	n = ioctl(fd, PAGEMAP_SCAN, a);
	return n < 0 ? -errno : n;
}

int pagemap_scan_walk(int fd, struct pm_scan_arg *a, pagemap_region_fn *fn, void *arg,
		      uint64_t *calls)
{
	const struct page_region *vec = (const struct page_region *)(uintptr_t)a->vec;
	uint64_t vec_len = a->vec_len;
	long n, i;

	for (;;) {
		n = pagemap_scan(fd, a);
		if (calls)
			(*calls)++;
		if (n < 0)
			return (int)n;
		for (i = 0; i < n; i++)
			fn(&vec[i], arg);
		if (a->walk_end >= a->end || a->walk_end <= a->start)
			return 0;
		a->start = a->walk_end;
		a->vec_len = vec_len;
	}
}

int pagemap_check_wp_async(int fd, const void *start, size_t len, char *why, size_t whylen)
{
	struct pm_scan_arg a = {
		.flags = PM_SCAN_CHECK_WPASYNC,
		.start = (uintptr_t)start,
		.end = (uintptr_t)start + len,
	};
	long err = pagemap_scan(fd, &a);

	if (err >= 0)
		return 0;
	snprintf(why, whylen, "PAGEMAP_SCAN with PM_SCAN_CHECK_WPASYNC: %s",
		 strerrorname_np((int)-err) ?: "error");
	return -1;
}
