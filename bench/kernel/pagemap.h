/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * /proc/self/pagemap and /proc/self/clear_refs, shared by the probe and the
 * dirty-tracking workloads: one entry, the soft-dirty reset, and the
 * behavioural soft-dirty test (a kernel without CONFIG_MEM_SOFT_DIRTY never
 * sets the bit; nothing in user space says so otherwise).
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

#endif /* FABENCH_PAGEMAP_H */
