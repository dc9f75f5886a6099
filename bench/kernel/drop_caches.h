/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * /proc/sys/vm/drop_caches: sync, then free clean page cache, dentries and
 * inodes ("3"), so that filling memory for a benchmark does not first
 * reclaim what other files left cached.  Write-only: nothing to read back
 * or restore; what it did shows in /proc/meminfo's Cached.  Under
 * FABENCH_SYSFS_ROOT (tests' fake tree) the file is the tree's.
 */
#ifndef FABENCH_DROP_CACHES_H
#define FABENCH_DROP_CACHES_H

#include <stddef.h>

/* 0, or -1 with "EACCES opening /proc/sys/vm/drop_caches" in why. */
int drop_caches(char *why, size_t len);
/* /proc/meminfo's Cached in kB, -1 if unreadable */
long drop_caches_cached_kb(void);

#endif /* FABENCH_DROP_CACHES_H */
