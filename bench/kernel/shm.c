// SPDX-License-Identifier: GPL-2.0-only
/* The aligned shared mapping and the page cache fill; see shm.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench/kernel/shm.h"

#define FILL_CHUNK (1ul << 20)

void *shm_map_aligned(size_t size, int prot, int flags, int fd)
{
	char *r, *p;
	size_t head;
	int err;

	r = mmap(NULL, size + SHM_ALIGN, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r == MAP_FAILED)
		return NULL;
	p = (char *)(((uintptr_t)r + SHM_ALIGN - 1) & ~(uintptr_t)(SHM_ALIGN - 1));
	head = (size_t)(p - r);
	if (head)
		munmap(r, head);
	munmap(p + size, SHM_ALIGN - head);
	r = mmap(p, size, prot, flags | MAP_FIXED, fd, 0);
	if (r == MAP_FAILED) {
		err = errno;
		munmap(p, size);
		errno = err;
		return NULL;
	}
	return r;
}

int shm_fill_chunked(int fd, uint64_t size, int byte, uint64_t chunk)
{
	char *buf = malloc(chunk);
	uint64_t off, n;
	ssize_t done;
	int err = 0;

	if (!buf)
		return -ENOMEM;
	memset(buf, byte, chunk);
	for (off = 0; off < size && !err; off += n) {
		n = size - off < chunk ? size - off : chunk;
		done = pwrite(fd, buf, n, (off_t)off);
		if (done != (ssize_t)n)
			err = done < 0 ? -errno : -EIO;	/* short: ENOSPC next */
	}
	free(buf);
	return err;
}

int shm_fill(int fd, uint64_t size, int byte)
{
	return shm_fill_chunked(fd, size, byte, FILL_CHUNK);
}
