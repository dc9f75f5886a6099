/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a workload can need of the kernel, as bits a descriptor's needs()
 * returns, and how each one is exercised: by doing it once on scratch
 * memory (never from a kernel version).  The harness caches the answers
 * (bench/harness/caps_check.c) and marks a point whose needs are not met
 * "unsupported: needs <name> (<reason>)".
 */
#ifndef FABENCH_CAPS_H
#define FABENCH_CAPS_H

#include <stddef.h>

enum cap {
	CAP_SHM_TMPFS,		/* /dev/shm is a tmpfs mount */
	CAP_UFFD_MISSING_SHMEM,	/* UFFDIO_REGISTER mode missing on a memfd */
	CAP_UFFD_WP_SHMEM,	/* mode wp on a memfd, and UFFDIO_WRITEPROTECT */
	CAP_UFFD_MINOR_SHMEM,	/* UFFD_FEATURE_MINOR_SHMEM, mode minor on a memfd */
	CAP_UFFD_WP_ANON,	/* mode wp on private anonymous memory, and protect */
	CAP_UFFD_WP_UNPOPULATED,	/* UFFD_FEATURE_WP_UNPOPULATED negotiated */
	/* UFFD_FEATURE_WP_ASYNC: a memfd registered for wp, PM_SCAN_CHECK_WPASYNC */
	CAP_UFFD_WP_ASYNC,
	CAP_PAGEMAP_SCAN,	/* the PAGEMAP_SCAN ioctl on one written page */
	CAP_SOFT_DIRTY_SHMEM,	/* the soft-dirty bit set, cleared, set (shared page) */
	CAP_SOFT_DIRTY_ANON,	/* the same on a private anonymous page */
	CAP_COUNT
};

#define CAP_BIT(c) (1u << (c))

/* "uffd-wp on shmem": for the reason of an unsupported point */
const char *cap_name(enum cap c);
/*
 * Do what c names once, on memory of its own.  0 if it worked, else -1 with
 * why ("UFFDIO_REGISTER mode wp: EINVAL", "soft-dirty bit never set ...").
 * CAP_PAGEMAP_SCAN is exercised by the probe (bench/probe/probe_pagemap.c):
 * here it answers -1, "exercised by the probe".
 */
int cap_exercise(enum cap c, char *why, size_t len);

#endif /* FABENCH_CAPS_H */
