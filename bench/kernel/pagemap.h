/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * /proc/self/pagemap and /proc/self/clear_refs, shared by the probe and the
 * dirty-tracking workloads: one entry, the soft-dirty reset, the
 * behavioural soft-dirty test (a kernel without CONFIG_MEM_SOFT_DIRTY never
 * sets the bit; nothing in user space says so otherwise), and the
 * PAGEMAP_SCAN ioctl (Linux 6.7).
 */
#ifndef FABENCH_PAGEMAP_H
#define FABENCH_PAGEMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAGEMAP_PATH "/proc/self/pagemap"
#define CLEAR_REFS_PATH "/proc/self/clear_refs"

/* pagemap bits, fs/proc/task_mmu.c and Documentation/admin-guide/mm/pagemap.rst */
#define PM_SOFT_DIRTY_BIT 55
#define PM_UFFD_WP_BIT 57
#define PM_SWAP_BIT 62
#define PM_PRESENT_BIT 63

/*
 * One character for a pagemap entry, as fabench's traces print a pte:
 * '.' none, 'm' a uffd-wp marker (not present, uffd-wp), 'W' mapped
 * write-protected (uffd-wp), 'P' mapped without it, 's' swapped out.
 */
char pagemap_pte_char(uint64_t entry);
/* The pagemap entries of n pages from addr into e; -errno on failure. */
int pagemap_entries(int fd, const void *addr, size_t n, uint64_t *e);

/* /proc/self/pagemap entry of the page at addr; -errno on failure. */
int pagemap_entry(const void *addr, uint64_t *entry);
/* "4" to clear_refs: every soft-dirty bit of the process; -errno on failure */
int pagemap_clear_soft_dirty(void);
/*
 * Write page, see bit 55; clear it through clear_refs; write again, see it
 * once more.  Returns true if all three held; buf gets the verdict, the
 * probe's text ("supported (...)" or "unsupported: <reason>").
 */
bool pagemap_soft_dirty_works(volatile char *page, char *buf, size_t len);

struct page_region;
struct pm_scan_arg;

/*
 * One PAGEMAP_SCAN on fd (an open PAGEMAP_PATH), a->size set here: the
 * number of regions written to a->vec, or -errno.
 */
long pagemap_scan(int fd, struct pm_scan_arg *a);

typedef void pagemap_region_fn(const struct page_region *r, void *arg);
/*
 * All of [a->start, a->end): the kernel stops early when a->vec is full
 * (walk_end < end), or when its own 512-region bounce buffer filled on the
 * way; the walk goes on from walk_end while that moved forward, and fn gets
 * every region returned.  *calls (if not NULL) counts the ioctls made.
 * 0, or -errno of the call that failed (the walk stops there).
 */
int pagemap_scan_walk(int fd, struct pm_scan_arg *a, pagemap_region_fn *fn, void *arg,
		      uint64_t *calls);
/*
 * A read-only walk of [start, start + len) with PM_SCAN_CHECK_WPASYNC:
 * ENOTTY or EINVAL without PAGEMAP_SCAN, EPERM where the VMA is not
 * wp-async (pagemap_scan_test_walk).  0, or -1 with why ("PAGEMAP_SCAN
 * with PM_SCAN_CHECK_WPASYNC: EPERM").
 */
int pagemap_check_wp_async(int fd, const void *start, size_t len, char *why, size_t whylen);

#endif /* FABENCH_PAGEMAP_H */
