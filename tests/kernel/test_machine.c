// SPDX-License-Identifier: GPL-2.0-only
/*
 * [run] machine's kernel side against the running kernel, each held
 * against a second reading: drop_caches frees a file's page cache that
 * /proc/meminfo and mincore() saw cached; ADDR_NO_RANDOMIZE, as the ASLR
 * setting leaves it, maps a new process's stack at the same address twice
 * where randomisation moves it; the per-CPU interrupt counts add up to at
 * least the TLB line's (x86) and grow on the CPU a thread sleeps on.
 * What the kernel cannot do here is skipped with the reason.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/kernel/aslr.h"
#include "bench/kernel/drop_caches.h"
#include "bench/kernel/procstat.h"

#define FILE_MB 32

/* cmocka's skip(), after the reason */
#define skip_msg(why) do { print_message("     skipped: %s\n", (why)); skip(); } while (0)
#define TMPFS_MAGIC_NUMBER 0x01021994
#define RAMFS_MAGIC_NUMBER 0x858458f6

/* pages of [p, p + len) in the page cache, by mincore() */
static size_t cached_pages(void *p, size_t len)
{
	size_t n = len / 4096, i, in = 0;
	unsigned char *vec = malloc(n);

	assert_non_null(vec);
	assert_int_equal(mincore(p, len, vec), 0);
	for (i = 0; i < n; i++)
		in += vec[i] & 1;
	free(vec);
	return in;
}

/* A file on a disk file system, written, cached; drop_caches must evict it. */
static void test_drop_caches_evicts(void **state)
{
	char path[] = "fabench-dropXXXXXX", why[160], *buf;
	size_t len = (size_t)FILE_MB << 20, before, after;
	struct statfs sfs;
	long kb0, kb1;
	void *map;
	int fd;

	(void)state;
	if (geteuid())
		skip_msg("drop_caches needs root");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	if (!fstatfs(fd, &sfs) &&
	    (sfs.f_type == TMPFS_MAGIC_NUMBER || sfs.f_type == RAMFS_MAGIC_NUMBER)) {
		close(fd);
		skip_msg("the working directory is tmpfs or ramfs (a guest's initramfs): "
			 "nothing of it can be dropped");
	}
	buf = malloc(len);
	assert_non_null(buf);
	memset(buf, 0x5a, len);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	free(buf);
	assert_int_equal(fsync(fd), 0);
	map = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	assert_true(map != MAP_FAILED);
	before = cached_pages(map, len);
	kb0 = drop_caches_cached_kb();
	if (drop_caches(why, sizeof(why))) {
		munmap(map, len);
		close(fd);
		skip_msg(why);
	}
	kb1 = drop_caches_cached_kb();
	after = cached_pages(map, len);
	munmap(map, len);
	close(fd);
	print_message("     %zu of %zu pages cached before, %zu after; Cached %ld -> %ld kB\n",
		      before, len / 4096, after, kb0, kb1);
	/* the written file was cached, and the drop took it */
	assert_true(before >= len / 4096 / 2);
	assert_true(after <= before / 4);
	assert_true(kb1 < kb0);
}

/* the stack address a child execs with under the personality given */
static unsigned long child_stack(unsigned long persona)
{
	unsigned long addr = 0;
	int pipefd[2];
	pid_t pid;

	assert_int_equal(pipe(pipefd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		close(pipefd[0]);
		personality(persona);
		dup2(pipefd[1], 1);
		/* the new image's stack, from its own maps */
		execl("/bin/sh", "sh", "-c", "grep -m1 '\\[stack\\]' /proc/self/maps | cut -d- -f1",
		      (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	{
		char text[64] = "";
		ssize_t n = read(pipefd[0], text, sizeof(text) - 1);

		if (n > 0)
			addr = strtoul(text, NULL, 16);
	}
	close(pipefd[0]);
	waitpid(pid, NULL, 0);
	return addr;
}

/* ADDR_NO_RANDOMIZE: the same stack twice; without it, where the system randomises, not */
static void test_aslr_off_pins_the_stack(void **state)
{
	unsigned long base = (unsigned long)personality(0xffffffff) & ~(unsigned long)ADDR_NO_RANDOMIZE;
	unsigned long a = child_stack(base | ADDR_NO_RANDOMIZE);
	unsigned long b = child_stack(base | ADDR_NO_RANDOMIZE);
	unsigned long c, d;

	(void)state;
	assert_true(a != 0);
	assert_int_equal(a, b);
	if (!aslr_on())
		skip_msg("randomisation is off for this process or the system (randomize_va_space 0)");
	c = child_stack(base);
	d = child_stack(base);
	print_message("     stack off: %#lx %#lx; randomised: %#lx %#lx\n", a, b, c, d);
	assert_true(c != d || c != a);
}

/* every interrupt per CPU: at least the TLB line's total, and ticking */
static void test_irqs_per_cpu(void **state)
{
	static int64_t before[1024], after[1024];
	int64_t sum = 0, tlb = procstat_interrupts("TLB:");
	cpu_set_t set;
	int cpu = sched_getcpu(), i;

	(void)state;
	assert_true(cpu >= 0 && cpu < 1024);
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	assert_int_equal(sched_setaffinity(0, sizeof(set), &set), 0);
	assert_int_equal(procstat_interrupts_per_cpu(before, 1024), 0);
	/* a second asleep and awake on this CPU: its timer at least */
	for (i = 0; i < 100; i++)
		usleep(10000);
	assert_int_equal(procstat_interrupts_per_cpu(after, 1024), 0);
	for (i = 0; i < 1024; i++)
		sum += after[i];
	if (tlb >= 0)
		assert_true(sum >= tlb);
	print_message("     cpu%d: %lld interrupts in 100 sleeps of 10 ms\n", cpu,
		      (long long)(after[cpu] - before[cpu]));
	assert_true(after[cpu] > before[cpu]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drop_caches_evicts),
		cmocka_unit_test(test_aslr_off_pins_the_stack),
		cmocka_unit_test(test_irqs_per_cpu),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
