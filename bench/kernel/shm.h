/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared memory as the workloads and the probe set it up: a mapping at a
 * 2 MiB boundary, and a shmem file whose page cache is written in full.
 */
#ifndef FABENCH_SHM_H
#define FABENCH_SHM_H

#include <stddef.h>
#include <stdint.h>

#define SHM_ALIGN (2ul << 20)

/*
 * mmap(size, prot, flags | MAP_FIXED, fd) at a SHM_ALIGN boundary: a
 * fault-around window (at most a page table's span) and a PMD both start
 * there, so a mapping needs no extra fault for a partial first window and
 * gets the same page tables in every repetition.  A PROT_NONE reservation
 * of size + SHM_ALIGN is trimmed to the aligned range, then replaced.
 * NULL with errno set on failure.
 */
void *shm_map_aligned(size_t size, int prot, int flags, int fd);
/*
 * Write byte over [0, size) of fd with pwrite, so that every page is in
 * the page cache, uptodate, and mapped by nobody yet.  0 or -errno.
 */
int shm_fill(int fd, uint64_t size, int byte);
/*
 * shm_fill in writes of chunk bytes each, at multiples of chunk: under
 * huge=within_size each write allocates a folio of its size (6.14+).
 */
int shm_fill_chunked(int fd, uint64_t size, int byte, uint64_t chunk);

#endif /* FABENCH_SHM_H */
