/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The running kernel's page size: 4K on x86-64, 4K, 16K or 64K on arm64
 * kernels.  Every page count and page offset in fabench goes through this,
 * so one binary measures any of them.
 */
#ifndef FABENCH_PAGESIZE_H
#define FABENCH_PAGESIZE_H

#include <stdint.h>
#include <unistd.h>

static inline uint64_t page_size(void)
{
	static uint64_t cached;

	/* racing first calls store the same value */
	if (!cached)
		cached = (uint64_t)sysconf(_SC_PAGESIZE);
	return cached;
}

/* for page arithmetic: the running kernel's page size, not a constant */
#define PAGE page_size()

#endif /* FABENCH_PAGESIZE_H */
