// SPDX-License-Identifier: GPL-2.0-only
/* See point_run.h. */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench/kernel/compat.h"

#include "tests/kernel/support/point_run.h"
#include "bench/lib/timer.h"

#define HANG_LIMIT_S 120	/* a handler that never answers fails, not hangs */

struct run_env test_env;
char point_no_uffd[128];
char point_no_perf[128];
char point_no_pagemap[128];

/*
 * ENOSYS from a system call whose /proc/sys knob exists: the kernel has it,
 * so something between us and the kernel refused it.  qemu-user does that
 * for userfaultfd and perf_event_open.  Only ENOSYS is recorded: any other
 * error is a real kernel's answer and must fail the tests that meet it.
 */
static void enosys_reason(char *out, size_t len, const char *what, long ret,
			  const char *knob, const char *config)
{
	out[0] = '\0';
	if (ret >= 0) {
		close((int)ret);
		return;
	}
	if (errno != ENOSYS)
		return;
	snprintf(out, len, "%s: ENOSYS (%s)", what,
		 access(knob, F_OK) ? config : "qemu-user");
}

static void detect_enosys(void)
{
	struct perf_event_attr a = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(a),
		.config = PERF_COUNT_SW_TASK_CLOCK,
		.disabled = 1,
		.exclude_kernel = 1,
	};
	long ret;

	ret = syscall(__NR_userfaultfd, O_CLOEXEC | UFFD_USER_MODE_ONLY);
	enosys_reason(point_no_uffd, sizeof(point_no_uffd), "userfaultfd", ret,
		      "/proc/sys/vm/unprivileged_userfaultfd", "no CONFIG_USERFAULTFD");
	ret = syscall(__NR_perf_event_open, &a, 0, -1, -1, 0);
	enosys_reason(point_no_perf, sizeof(point_no_perf), "perf_event_open", ret,
		      "/proc/sys/kernel/perf_event_paranoid", "no CONFIG_PERF_EVENTS");
}

/* the page's present bit (63) in /proc/self/pagemap */
static bool page_present(const volatile char *p, long psz)
{
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	uint64_t e = 0;
	bool ok;

	if (fd < 0)
		return false;
	ok = pread(fd, &e, sizeof(e), (off_t)((uintptr_t)p / psz * sizeof(e))) ==
	     (ssize_t)sizeof(e) && (e >> 63 & 1);
	close(fd);
	return ok;
}

/*
 * qemu-user passes /proc/self/pagemap through untranslated (right only when
 * guest and host addresses coincide), and its madvise() accepts
 * MADV_POPULATE_WRITE without populating anything, so tests that count
 * mapped pages cannot work there.  Checked only once qemu-user was
 * recognised: on a real kernel either is a bug the tests must report.
 */
static void detect_pagemap(void)
{
	long psz = sysconf(_SC_PAGESIZE);
	volatile char *p;
	const char *why = NULL;

	if (!strstr(point_no_uffd, "qemu-user"))
		return;
	p = mmap(NULL, 2 * (size_t)psz, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return;
	*p = 1;
	if (!page_present(p, psz))
		why = "/proc/self/pagemap: guest addresses not translated (qemu-user)";
	else if (madvise((char *)p + psz, (size_t)psz, MADV_POPULATE_WRITE) ||
		 !page_present(p + psz, psz))
		why = "MADV_POPULATE_WRITE: ignored by qemu-user's madvise";
	if (why)
		snprintf(point_no_pagemap, sizeof(point_no_pagemap), "%s", why);
	munmap((void *)p, 2 * (size_t)psz);
}

void point_detect(void)
{
	detect_enosys();
	detect_pagemap();
}

void point_skip(const char *reason)
{
	/* cmocka prints no reason of its own; tests/qemu-arm64.sh counts these */
	print_message("SKIP: %s\n", reason);
	skip();
}

void point_need_uffd(void)
{
	if (point_no_uffd[0])
		point_skip(point_no_uffd);
}

void point_need_pagemap(void)
{
	if (point_no_pagemap[0])
		point_skip(point_no_pagemap);
}

void point_need_perf(void)
{
	if (point_no_perf[0])
		point_skip(point_no_perf);
}

/* A failure that is only the recorded ENOSYS skips; anything else fails. */
static void skip_if_enosys(const char *why)
{
	if (!strstr(why, "ENOSYS"))
		return;
	if (strstr(why, "userfaultfd"))
		point_need_uffd();
	if (strstr(why, "perf_event_open"))
		point_need_perf();
}

int point_env_setup(void **state)
{
	struct timer_info ti;
	struct param_value all = { .text = "all" };
	char err[256];

	(void)state;
	point_detect();
	timer_init(&ti, -1);
	if (runner_cpus(&all, &test_env, err, sizeof(err)) ||
	    counters_setup(&test_env.counters, "default", err, sizeof(err)) ||
	    monitors_setup(&test_env.monitors, "default", test_env.cpu, test_env.ncpus, err,
			   sizeof(err)) ||
	    topology_init(&test_env.topo, err, sizeof(err))) {
		fprintf(stderr, "test setup: %s\n", err);
		return -1;
	}
	test_env.seed = 1;
	return 0;
}

int point_env_teardown(void **state)
{
	(void)state;
	counters_release(&test_env.counters);
	topology_release(&test_env.topo);
	runner_release(&test_env);
	return 0;
}

struct point_run *point_run_text(const char *text, int point)
{
	struct point_run *pr = calloc(1, sizeof(*pr));
	char path[] = "/tmp/fabench-test-XXXXXX";
	int fd = mkstemp(path);

	assert_non_null(pr);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(config_load(&pr->cfg, path, NULL, 0, 0), 0);
	unlink(path);
	assert_int_equal(matrix_expand(&pr->cfg, &pr->m), 0);
	assert_true(point < pr->m.npoints);
	alarm(HANG_LIMIT_S);
	runner_run_rep(&pr->m.points[point], &test_env, &pr->rep);
	alarm(0);
	return pr;
}

void point_run_free(struct point_run *pr)
{
	metric_sink_release(&pr->rep.metrics);
	profile_free(&pr->rep.profile);
	matrix_free(&pr->m);
	free(pr);
}

double point_metric(const struct point_run *pr, const char *name)
{
	const struct metric *m = metric_get(&pr->rep.metrics, name);

	if (!m)
		fail_msg("no metric %s", name);
	if (m->unsupported[0])
		skip_if_enosys(m->unsupported);
	if (m->unsupported[0])
		fail_msg("%s: %s", name, m->unsupported);
	return m->value;
}

void point_assert_ok(const struct point_run *pr)
{
	if (pr->rep.status)
		skip_if_enosys(pr->rep.why);
	if (pr->rep.status)
		fail_msg("point failed: %s", pr->rep.why);
}

#define FAULT_AROUND_FILE "/sys/kernel/debug/fault_around_bytes"

int point_fault_around_window(uint64_t *pages, char *why, size_t len)
{
	unsigned long long bytes;
	bool mounted = false;
	FILE *f;
	int err = 0;

	f = fopen(FAULT_AROUND_FILE, "r");
	if (!f && errno == ENOENT && !mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL)) {
		mounted = true;
		f = fopen(FAULT_AROUND_FILE, "r");
	}
	if (!f)
		err = errno;
	else if (fscanf(f, "%llu", &bytes) != 1)
		err = ferror(f) ? errno : EINVAL;
	if (f)
		fclose(f);
	if (mounted)
		umount("/sys/kernel/debug");
	if (err) {
		snprintf(why, len, "%s reading " FAULT_AROUND_FILE, strerrorname_np(err) ?: "error");
		return -1;
	}
	*pages = bytes / (uint64_t)sysconf(_SC_PAGESIZE);
	if (!*pages)
		*pages = 1;
	return 0;
}

uint64_t point_pages(uint64_t bytes)
{
	return bytes / (uint64_t)sysconf(_SC_PAGESIZE);
}

int point_swap_areas(void)
{
	FILE *f = fopen("/proc/swaps", "r");
	char line[512];
	int lines = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		lines++;
	fclose(f);
	return lines > 1 ? lines - 1 : 0;
}
