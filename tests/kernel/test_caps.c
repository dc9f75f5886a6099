// SPDX-License-Identifier: GPL-2.0-only
/*
 * The runner's capability check (bench/harness/caps_check.c) against the
 * running kernel.  For each capability the harness's answer is held
 * against a direct attempt made here with the raw system calls (open a
 * uffd, UFFDIO_API, UFFDIO_REGISTER, UFFDIO_WRITEPROTECT, the PAGEMAP_SCAN
 * ioctl, clear_refs and pagemap bit 55, statfs), so the tests pass
 * wherever the two agree, whatever the kernel offers.  Then a point
 * needing a capability the machine lacks (one that fails here, or one
 * declared missing through FABENCH_CAPS_MISSING) must be unsupported with
 * the one reason format, and points whose needs are met must still run.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "bench/harness/caps_check.h"
#include "bench/kernel/compat.h"
#include "tests/kernel/support/point_run.h"
#include "workloads/workload.h"

#define TMPFS_MAGIC_NUMBER 0x01021994
#define PAGES 16
#define SOFT_DIRTY_BIT 55

static size_t page(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

/* ---- the direct attempts: raw system calls, no fabench helper ---- */

static int open_uffd(void)
{
	int fd = (int)syscall(__NR_userfaultfd, O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY);
	int dev;

	if (fd >= 0)
		return fd;
	dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);
	if (dev < 0)
		return -1;
	fd = ioctl(dev, USERFAULTFD_IOC_NEW, O_CLOEXEC | O_NONBLOCK);
	close(dev);
	return fd;
}

/* written memory: a memfd mapping, or private anonymous */
static char *map_memory(bool shmem, int *fd)
{
	size_t len = PAGES * page();
	char *p;

	*fd = -1;
	if (shmem) {
		*fd = memfd_create("fabench-test-caps", MFD_CLOEXEC);
		if (*fd < 0 || ftruncate(*fd, (off_t)len))
			return NULL;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 shmem ? MAP_SHARED : MAP_PRIVATE | MAP_ANONYMOUS, *fd, 0);
	if (p == MAP_FAILED)
		return NULL;
	memset(p, 1, len);
	return p;
}

static void unmap_memory(char *p, int fd)
{
	if (p)
		munmap(p, PAGES * page());
	if (fd >= 0)
		close(fd);
}

static bool scan_wpasync(char *p)
{
	struct pm_scan_arg a = {
		.size = sizeof(a),
		.flags = PM_SCAN_CHECK_WPASYNC,
		.start = (uintptr_t)p,
		.end = (uintptr_t)p + PAGES * page(),
	};
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	bool ok = fd >= 0 && ioctl(fd, PAGEMAP_SCAN, &a) >= 0;

	if (fd >= 0)
		close(fd);
	return ok;
}

/*
 * UFFDIO_API with features (each one offered first: the kernel refuses an
 * unknown bit outright), UFFDIO_REGISTER in mode, UFFDIO_WRITEPROTECT for
 * wp, and for WP_ASYNC the PAGEMAP_SCAN with PM_SCAN_CHECK_WPASYNC.
 */
static bool try_uffd(bool shmem, uint64_t features, uint64_t mode)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = mode };
	struct uffdio_writeprotect wp = { .mode = UFFDIO_WRITEPROTECT_MODE_WP };
	int ufd = open_uffd(), fd;
	char *p = map_memory(shmem, &fd);
	bool ok = ufd >= 0 && p && !ioctl(ufd, UFFDIO_API, &api) &&
		  (api.features & features) == features;

	if (ufd >= 0)
		close(ufd);
	ufd = ok ? open_uffd() : -1;
	api = (struct uffdio_api){ .api = UFFD_API, .features = features };
	ok = ok && ufd >= 0 && !ioctl(ufd, UFFDIO_API, &api);
	reg.range.start = wp.range.start = (uintptr_t)p;
	reg.range.len = wp.range.len = PAGES * page();
	ok = ok && !ioctl(ufd, UFFDIO_REGISTER, &reg);
	if (ok && mode == UFFDIO_REGISTER_MODE_WP)
		ok = !ioctl(ufd, UFFDIO_WRITEPROTECT, &wp);
	if (ok && features & UFFD_FEATURE_WP_ASYNC)
		ok = scan_wpasync(p);
	if (ufd >= 0)
		close(ufd);
	unmap_memory(p, fd);
	return ok;
}

static bool try_pagemap_scan(void)
{
	struct page_region r;
	int fd;
	char *p = map_memory(false, &fd);
	struct pm_scan_arg a = {
		.size = sizeof(a),
		.start = (uintptr_t)p,
		.end = (uintptr_t)p + page(),
		.vec = (uintptr_t)&r,
		.vec_len = 1,
		.category_mask = PAGE_IS_PRESENT,
		.return_mask = PAGE_IS_PRESENT,
	};
	int pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	bool ok = p && pm >= 0 && ioctl(pm, PAGEMAP_SCAN, &a) >= 0;

	if (pm >= 0)
		close(pm);
	unmap_memory(p, fd);
	return ok;
}

static bool soft_dirty_bit(const char *p, bool *bit)
{
	uint64_t e;
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	bool ok = fd >= 0 && pread(fd, &e, sizeof(e), (off_t)((uintptr_t)p / page() *
							   sizeof(e))) == (ssize_t)sizeof(e);

	if (fd >= 0)
		close(fd);
	*bit = ok && (e >> SOFT_DIRTY_BIT & 1);
	return ok;
}

/* written: set; cleared through clear_refs: clear; written again: set */
static bool try_soft_dirty(bool shmem)
{
	int fd, cr = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
	volatile char *p = map_memory(shmem, &fd);
	bool a = false, b = true, c = false, ok;

	ok = p && cr >= 0 && soft_dirty_bit((char *)p, &a) && write(cr, "4", 1) == 1 &&
	     soft_dirty_bit((char *)p, &b);
	if (ok) {
		p[0] = 2;
		ok = soft_dirty_bit((char *)p, &c);
	}
	if (cr >= 0)
		close(cr);
	unmap_memory((char *)p, fd);
	return ok && a && !b && c;
}

static bool try_shm_tmpfs(void)
{
	struct statfs s;

	return !statfs("/dev/shm", &s) && s.f_type == TMPFS_MAGIC_NUMBER;
}

static bool direct_attempt(enum cap c)
{
	switch (c) {
	case CAP_SHM_TMPFS:
		return try_shm_tmpfs();
	case CAP_UFFD_MISSING_SHMEM:
		return try_uffd(true, 0, UFFDIO_REGISTER_MODE_MISSING);
	case CAP_UFFD_WP_SHMEM:
		return try_uffd(true, 0, UFFDIO_REGISTER_MODE_WP);
	case CAP_UFFD_MINOR_SHMEM:
		return try_uffd(true, UFFD_FEATURE_MINOR_SHMEM, UFFDIO_REGISTER_MODE_MINOR);
	case CAP_UFFD_WP_ANON:
		return try_uffd(false, 0, UFFDIO_REGISTER_MODE_WP);
	case CAP_UFFD_WP_UNPOPULATED:
		return try_uffd(false, UFFD_FEATURE_WP_UNPOPULATED, UFFDIO_REGISTER_MODE_WP);
	case CAP_UFFD_WP_ASYNC:
		return try_uffd(true, UFFD_FEATURE_WP_ASYNC, UFFDIO_REGISTER_MODE_WP);
	case CAP_PAGEMAP_SCAN:
		return try_pagemap_scan();
	case CAP_SOFT_DIRTY_SHMEM:
		return try_soft_dirty(true);
	case CAP_SOFT_DIRTY_ANON:
		return try_soft_dirty(false);
	case CAP_COUNT:
		break;
	}
	fail_msg("capability %d has no direct attempt in this test", c);
	return false;
}

/* ---- the tests ---- */

static int setup(void **state)
{
	unsetenv("FABENCH_CAPS_MISSING");
	caps_forget();
	return point_env_setup(state);
}

static void test_harness_agrees(void **state)
{
	char why[256];
	bool harness, direct;
	int c;

	(void)state;
	for (c = 0; c < CAP_COUNT; c++) {
		why[0] = '\0';
		harness = caps_have((enum cap)c, why, sizeof(why));
		direct = direct_attempt((enum cap)c);
		print_message("%-34s harness %-8s direct %-8s %s\n", cap_name((enum cap)c),
			      harness ? "works" : "missing", direct ? "works" : "missing",
			      harness ? "" : why);
		if (harness != direct)
			fail_msg("%s: the harness says %s (%s), a direct attempt %s",
				 cap_name((enum cap)c), harness ? "works" : "missing", why,
				 direct ? "works" : "fails");
		if (!harness && !why[0])
			fail_msg("%s: missing with no reason", cap_name((enum cap)c));
	}
}

/* The point's status: unsupported with exactly "needs <cap> (<reason>)". */
static void expect_needs(const char *conf, enum cap c)
{
	struct point_run *pr;
	char reason[256], want[512];

	assert_false(caps_have(c, reason, sizeof(reason)));
	snprintf(want, sizeof(want), "needs %s (%s)", cap_name(c), reason);
	pr = point_run_text(conf, 0);
	if (pr->rep.status != WL_UNSUPPORTED || strcmp(pr->rep.why, want))
		fail_msg("expected unsupported \"%s\", saw status %d \"%s\"", want,
			 pr->rep.status, pr->rep.why);
	point_run_free(pr);
}

static const char softdirty_conf[] = "[dirty_softdirty]\nsize = 1M\npages = 64\n";

/* soft-dirty on shmem if this kernel lacks it, else declared missing */
static void test_missing_unsupported(void **state)
{
	char why[256];

	(void)state;
	if (caps_have(CAP_SOFT_DIRTY_SHMEM, why, sizeof(why))) {
		setenv("FABENCH_CAPS_MISSING", "soft-dirty on shmem", 1);
		caps_forget();
	}
	expect_needs(softdirty_conf, CAP_SOFT_DIRTY_SHMEM);
	unsetenv("FABENCH_CAPS_MISSING");
	caps_forget();
}

/* The hook on a capability that works here: fault_read uffd = wp. */
static void test_declared_missing(void **state)
{
	char why[256];

	(void)state;
	point_need_uffd();
	setenv("FABENCH_CAPS_MISSING", "uffd missing on shmem,uffd-wp on shmem", 1);
	caps_forget();
	assert_false(caps_have(CAP_UFFD_WP_SHMEM, why, sizeof(why)));
	assert_string_equal(why, "declared missing by FABENCH_CAPS_MISSING");
	expect_needs("[fault_read]\nsize = 1M\nuffd = wp\n", CAP_UFFD_WP_SHMEM);
	expect_needs("[fault_read]\nsize = 1M\nuffd = missing\n", CAP_UFFD_MISSING_SHMEM);
	unsetenv("FABENCH_CAPS_MISSING");
	caps_forget();
}

/* Points whose needs are met run: none at all, and each uffd mode that works. */
static void test_supported_run(void **state)
{
	static const struct { const char *mode; enum cap cap; } modes[] = {
		{ "missing", CAP_UFFD_MISSING_SHMEM },
		{ "wp", CAP_UFFD_WP_SHMEM },
		{ "minor", CAP_UFFD_MINOR_SHMEM },
	};
	struct point_run *pr;
	char conf[128], why[256];
	size_t i;

	(void)state;
	pr = point_run_text("[fault_read]\nsize = 1M\n", 0);
	point_assert_ok(pr);
	point_run_free(pr);
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (!caps_have(modes[i].cap, why, sizeof(why)))
			continue;
		snprintf(conf, sizeof(conf), "[fault_read]\nsize = 1M\nuffd = %s\n",
			 modes[i].mode);
		pr = point_run_text(conf, 0);
		point_assert_ok(pr);
		point_run_free(pr);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_harness_agrees),
		cmocka_unit_test(test_missing_unsupported),
		cmocka_unit_test(test_declared_missing),
		cmocka_unit_test(test_supported_run),
	};

	return cmocka_run_group_tests(tests, setup, point_env_teardown);
}
