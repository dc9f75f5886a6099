// SPDX-License-Identifier: GPL-2.0-only
/*
 * touch-loop: the least a program can do to take fault_read's faults, as a
 * yardstick for fabench's own cost.  It shares nothing with fabench: a
 * populated memfd of SIZE MiB mapped at a 2 MiB boundary, optionally
 * registered with userfaultfd (wp: write-protected; minor: a thread
 * answers each minor fault with UFFDIO_CONTINUE), one byte read per page in
 * order, timed with CLOCK_MONOTONIC.  Under QEMU icount the guest's clock
 * counts instructions, so the figure is instructions per page.
 *
 * The kernel's share of that depends on the process's address space: on
 * 6.12 under icount the same loop took 1590 to 1680 instructions a wp
 * page with 0 to 512 other mappings or 1 to 5 threads beside it, in no
 * monotonic order (a fault looks its VMA up among the others).  So the
 * loop runs in LAYOUTS address spaces, the first the process as it
 * starts, each next one with more small mappings (2 VMAs each), and
 * prints the least and the most: fabench, whose own address space is one
 * more layout, is compared against that span.
 *
 * usage: touch-loop [SIZE_MIB [REPEAT]]   (default 16 MiB, 5 repetitions)
 * prints per mode: touch-loop: uffd=MODE pages=N ns_per_page=MEDIAN
 *   layouts=L min=LEAST max=MOST    (MEDIAN: the first layout's)
 */
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ALIGN (2ul << 20)

enum mode { NONE, WP, MINOR };
static const char *const mode_name[] = { "none", "wp", "minor" };

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Answers minor faults until the descriptor is closed under it. */
static void *continue_minor(void *arg)
{
	int uffd = (int)(intptr_t)arg;
	long page = sysconf(_SC_PAGESIZE);
	struct uffd_msg msg;
	struct uffdio_continue c;

	while (read(uffd, &msg, sizeof(msg)) == sizeof(msg)) {
		if (msg.event != UFFD_EVENT_PAGEFAULT)
			continue;
		memset(&c, 0, sizeof(c));
		c.range.start = msg.arg.pagefault.address & ~(uint64_t)(page - 1);
		c.range.len = (uint64_t)page;
		ioctl(uffd, UFFDIO_CONTINUE, &c);
	}
	return NULL;
}

static double touch(enum mode mode, size_t size)
{
	long page = sysconf(_SC_PAGESIZE);
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { 0 };
	struct uffdio_writeprotect wp = { 0 };
	static char buf[1 << 16];
	volatile char *base;
	pthread_t thread;
	int fd, uffd = -1;
	double t0, t1;
	char *r, sink = 0;
	size_t off;

	fd = memfd_create("touch-loop", MFD_CLOEXEC);
	if (fd < 0 || ftruncate(fd, (off_t)size))
		die("memfd");
	memset(buf, 0x5a, sizeof(buf));
	for (off = 0; off < size; off += sizeof(buf))
		if (pwrite(fd, buf, sizeof(buf), (off_t)off) != (ssize_t)sizeof(buf))
			die("pwrite");
	r = mmap(NULL, size + ALIGN, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r == MAP_FAILED)
		die("mmap");
	r = (char *)(((uintptr_t)r + ALIGN - 1) & ~(ALIGN - 1));
	if (mmap(r, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED)
		die("mmap memfd");
	if (mode != NONE) {
		uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC);
		api.features = mode == WP ? UFFD_FEATURE_WP_HUGETLBFS_SHMEM :
					    UFFD_FEATURE_MINOR_SHMEM;
		if (uffd < 0 || ioctl(uffd, UFFDIO_API, &api))
			die("userfaultfd");
		reg.range.start = (uintptr_t)r;
		reg.range.len = size;
		reg.mode = mode == WP ? UFFDIO_REGISTER_MODE_WP : UFFDIO_REGISTER_MODE_MINOR;
		if (ioctl(uffd, UFFDIO_REGISTER, &reg))
			die("UFFDIO_REGISTER");
		wp.range = reg.range;
		wp.mode = UFFDIO_WRITEPROTECT_MODE_WP;
		if (mode == WP && ioctl(uffd, UFFDIO_WRITEPROTECT, &wp))
			die("UFFDIO_WRITEPROTECT");
		if (mode == MINOR &&
		    pthread_create(&thread, NULL, continue_minor, (void *)(intptr_t)uffd))
			die("pthread_create");
	}
	base = r;
	t0 = now_ns();
	for (off = 0; off < size; off += (size_t)page)
		sink ^= base[off];
	t1 = now_ns();
	__asm__ volatile("" : : "r"(sink));
	munmap(r, size);
	if (mode == MINOR) {
		pthread_cancel(thread);
		pthread_join(thread, NULL);
	}
	if (uffd >= 0)
		close(uffd);
	close(fd);
	return (t1 - t0) / (double)(size / (size_t)page);
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* More VMAs: n anonymous two-page mappings, each split in two by mprotect. */
static void add_mappings(int n)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p;

	while (n-- > 0) {
		p = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED || mprotect(p, (size_t)page, PROT_READ))
			die("mmap");
	}
}

int main(int argc, char **argv)
{
	static const int more[] = { 0, 16, 48, 192 };	/* 0, 16, 64, 256 in all */
	enum { LAYOUTS = sizeof(more) / sizeof(more[0]) };
	size_t size = (size_t)(argc > 1 ? atol(argv[1]) : 16) << 20;
	int repeat = argc > 2 ? atoi(argv[2]) : 5, m, i, l;
	double v[64], median[LAYOUTS][MINOR + 1], lo, hi;

	if (!size || repeat < 1 || repeat > 64) {
		fprintf(stderr, "usage: touch-loop [SIZE_MIB [REPEAT (1-64)]]\n");
		return 2;
	}
	for (l = 0; l < LAYOUTS; l++) {
		add_mappings(more[l]);
		for (m = NONE; m <= MINOR; m++) {
			touch(m, size);	/* warm-up, as fabench's */
			for (i = 0; i < repeat; i++)
				v[i] = touch(m, size);
			qsort(v, (size_t)repeat, sizeof(v[0]), by_value);
			median[l][m] = v[repeat / 2];
		}
	}
	for (m = NONE; m <= MINOR; m++) {
		lo = hi = median[0][m];
		for (l = 1; l < LAYOUTS; l++) {
			lo = median[l][m] < lo ? median[l][m] : lo;
			hi = median[l][m] > hi ? median[l][m] : hi;
		}
		printf("touch-loop: uffd=%s pages=%zu ns_per_page=%.1f layouts=%d min=%.1f max=%.1f\n",
		       mode_name[m], size / (size_t)sysconf(_SC_PAGESIZE), median[0][m],
		       (int)LAYOUTS, lo, hi);
	}
	return 0;
}
