// SPDX-License-Identifier: GPL-2.0-only
/* Exercising what workloads need of the kernel; see caps.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "bench/kernel/caps.h"
#include "bench/kernel/compat.h"
#include "bench/kernel/pagemap.h"
#include "bench/kernel/pagesize.h"
#include "bench/kernel/uffd.h"

#define TMPFS_MAGIC_NUMBER 0x01021994
#define SCRATCH_PAGES 16

static const char *const names[CAP_COUNT] = {
	[CAP_SHM_TMPFS] = "/dev/shm on tmpfs",
	[CAP_UFFD_MISSING_SHMEM] = "uffd missing on shmem",
	[CAP_UFFD_WP_SHMEM] = "uffd-wp on shmem",
	[CAP_UFFD_MINOR_SHMEM] = "uffd minor on shmem",
	[CAP_UFFD_WP_ANON] = "uffd-wp on anon",
	[CAP_UFFD_WP_UNPOPULATED] = "uffd WP_UNPOPULATED",
	[CAP_UFFD_WP_ASYNC] = "uffd WP_ASYNC with PAGEMAP_SCAN",
	[CAP_PAGEMAP_SCAN] = "PAGEMAP_SCAN",
	[CAP_SOFT_DIRTY_SHMEM] = "soft-dirty on shmem",
	[CAP_SOFT_DIRTY_ANON] = "soft-dirty on anon",
};

const char *cap_name(enum cap c)
{
	return c < CAP_COUNT ? names[c] : "?";
}

/* Scratch memory: a written memfd mapping (shmem) or private anonymous. */
struct scratch {
	int fd;
	char *base;
	size_t size;
};

static int scratch_map(struct scratch *s, bool shmem, char *why, size_t len)
{
	s->size = SCRATCH_PAGES * page_size();
	s->fd = -1;
	s->base = NULL;
	if (shmem) {
		s->fd = memfd_create("fabench-caps", MFD_CLOEXEC);
		if (s->fd < 0 || ftruncate(s->fd, (off_t)s->size)) {
			snprintf(why, len, "memfd: %s", strerrorname_np(errno) ?: "error");
			return -1;
		}
	}
	s->base = mmap(NULL, s->size, PROT_READ | PROT_WRITE,
		       shmem ? MAP_SHARED : MAP_PRIVATE | MAP_ANONYMOUS, s->fd, 0);
	if (s->base == MAP_FAILED) {
		s->base = NULL;
		snprintf(why, len, "mmap: %s", strerrorname_np(errno) ?: "error");
		return -1;
	}
	memset(s->base, 0x5a, s->size);
	return 0;
}

static void scratch_unmap(struct scratch *s)
{
	if (s->base)
		munmap(s->base, s->size);
	if (s->fd >= 0)
		close(s->fd);
}

/*
 * Open a uffd with features, register the scratch memory in mode, and for
 * wp write-protect it; the PAGEMAP_SCAN of WP_ASYNC follows if scan.
 */
static int uffd_try(bool shmem, uint64_t features, enum uffd_mode mode, bool scan,
		    char *why, size_t len)
{
	struct uffd_ctx u = { .fd = -1 };
	struct scratch s;
	int ret = scratch_map(&s, shmem, why, len), fd, err;

	if (!ret && features && uffd_require_features(features, why, len))
		ret = -1;
	if (!ret && uffd_open(&u, features, why, len))
		ret = -1;
	if (!ret && uffd_register(&u, s.base, s.size, mode, why, len))
		ret = -1;
	if (!ret && mode == UFFD_MODE_WP) {
		err = uffd_writeprotect(&u, s.base, s.size, true);
		if (err) {
			snprintf(why, len, "UFFDIO_WRITEPROTECT: %s",
				 strerrorname_np(-err) ?: "error");
			ret = -1;
		}
	}
	if (!ret && scan) {
		fd = open(PAGEMAP_PATH, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			snprintf(why, len, "open %s: %s", PAGEMAP_PATH,
				 strerrorname_np(errno) ?: "error");
			ret = -1;
		} else {
			ret = pagemap_check_wp_async(fd, s.base, s.size, why, len);
			close(fd);
		}
	}
	if (u.fd >= 0)
		uffd_close(&u);
	scratch_unmap(&s);
	return ret;
}

static int shm_tmpfs(char *why, size_t len)
{
	struct statfs sfs;

	if (statfs("/dev/shm", &sfs)) {
		snprintf(why, len, "statfs /dev/shm: %s", strerrorname_np(errno) ?: "error");
		return -1;
	}
	if (sfs.f_type != TMPFS_MAGIC_NUMBER) {
		snprintf(why, len, "/dev/shm is not a tmpfs mount");
		return -1;
	}
	return 0;
}

static int soft_dirty(bool shmem, char *why, size_t len)
{
	struct scratch s;
	char verdict[160];
	int ret = scratch_map(&s, shmem, why, len);

	if (!ret && !pagemap_soft_dirty_works(s.base, verdict, sizeof(verdict))) {
		/* the probe's text: "unsupported: <reason>" */
		snprintf(why, len, "%s", strncmp(verdict, "unsupported: ", 13) ? verdict :
			 verdict + 13);
		ret = -1;
	}
	scratch_unmap(&s);
	return ret;
}

int cap_exercise(enum cap c, char *why, size_t len)
{
	switch (c) {
	case CAP_SHM_TMPFS:
		return shm_tmpfs(why, len);
	case CAP_UFFD_MISSING_SHMEM:
		return uffd_try(true, 0, UFFD_MODE_MISSING, false, why, len);
	case CAP_UFFD_WP_SHMEM:
		return uffd_try(true, 0, UFFD_MODE_WP, false, why, len);
	case CAP_UFFD_MINOR_SHMEM:
		return uffd_try(true, uffd_mode_features(UFFD_MODE_MINOR), UFFD_MODE_MINOR,
				false, why, len);
	case CAP_UFFD_WP_ANON:
		return uffd_try(false, 0, UFFD_MODE_WP, false, why, len);
	case CAP_UFFD_WP_UNPOPULATED:
		return uffd_try(false, UFFD_FEATURE_WP_UNPOPULATED, UFFD_MODE_WP, false,
				why, len);
	case CAP_UFFD_WP_ASYNC:
		return uffd_try(true, UFFD_FEATURE_WP_ASYNC, UFFD_MODE_WP, true, why, len);
	case CAP_SOFT_DIRTY_SHMEM:
		return soft_dirty(true, why, len);
	case CAP_SOFT_DIRTY_ANON:
		return soft_dirty(false, why, len);
	case CAP_PAGEMAP_SCAN:
	case CAP_COUNT:
		break;
	}
	snprintf(why, len, "exercised by the probe, not here");
	return -1;
}
