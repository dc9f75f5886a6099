// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark, not a test: what fabench's sync uffd-wp handler costs against
 * a minimal single-purpose loop (read one message, unprotect that page,
 * repeat) on the same region and the same writes, and what WP_ASYNC +
 * PAGEMAP_SCAN tracks against sync uffd-wp.  Runs are interleaved and the
 * medians compared, so drift on the machine hits both sides alike.
 * Prints the ratios measured in this run; targets are printed, not enforced.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench/kernel/compat.h"
#include "bench/lib/prng.h"
#include "bench/lib/stats.h"
#include "tests/kernel/support/point_run.h"
#include "bench/lib/timer.h"
#include "bench/kernel/uffd.h"
#include "workloads/workload.h"

#define ROUNDS 9
#define SIZE (64ul << 20)
#define PAGE 4096ul
#define WRITES 4096
#define SEED 1

static const char sync_conf[] =
	"[dirty_uffd_wp]\nsize = 64M\npages = 4096\npattern = random\n";
static const char async_conf[] =
	"[dirty_wp_async]\nsize = 64M\npages = 4096\npattern = random\n";

struct minimal {
	int uffd;
	volatile int stop;
	char *base;
};

/* The whole handler: one message, one ioctl, nothing recorded. */
static void *minimal_handler(void *arg)
{
	struct minimal *m = arg;
	struct pollfd pfd = { .fd = m->uffd, .events = POLLIN };
	struct uffd_msg msg;

	while (!m->stop) {
		if (poll(&pfd, 1, 10) <= 0)
			continue;
		if (read(m->uffd, &msg, sizeof(msg)) != sizeof(msg))
			continue;
		struct uffdio_writeprotect wp = {
			.range = { msg.arg.pagefault.address & ~(PAGE - 1), PAGE },
		};
		ioctl(m->uffd, UFFDIO_WRITEPROTECT, &wp);
	}
	return NULL;
}


/* pages/s of the write phase with the minimal handler; -1 on failure */
static double minimal_round(void)
{
	struct minimal m = { 0 };
	struct uffd_ctx u;
	pthread_t th;
	char why[256];
	uint64_t s = SEED * 2 + 1, t0, t1, i, distinct = 0;
	static uint8_t seen[SIZE / PAGE];
	int fd = memfd_create("fabench-bench", MFD_CLOEXEC);

	if (fd < 0 || ftruncate(fd, SIZE))
		return -1;
	m.base = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	memset(m.base, 0x5a, SIZE);
	if (uffd_open(&u, 0, why, sizeof(why)) ||
	    uffd_register(&u, m.base, SIZE, UFFD_MODE_WP, why, sizeof(why)) ||
	    uffd_writeprotect(&u, m.base, SIZE, true))
		return -1;
	m.uffd = u.fd;
	memset(seen, 0, sizeof(seen));
	pthread_create(&th, NULL, minimal_handler, &m);
	t0 = timer_now();
	for (i = 0; i < WRITES; i++) {
		uint64_t pg = prng_next(&s) % (SIZE / PAGE);

		((volatile uint64_t *)(m.base + pg * PAGE))[0] = i;
		distinct += !seen[pg];
		seen[pg] = 1;
	}
	t1 = timer_now();
	m.stop = 1;
	pthread_join(th, NULL);
	uffd_close(&u);
	munmap(m.base, SIZE);
	close(fd);
	return (double)distinct / (timer_ticks_to_ns(t1 - t0) / 1e9);
}

/* One repetition of a fabench point: a metric, or -1 if unsupported. */
static double fabench_round(const char *conf, const char *metric, char *why, size_t len)
{
	struct point_run *pr = point_run_text(conf, 0);
	const struct metric *m;
	double v = -1;

	if (pr->rep.status) {
		snprintf(why, len, "%s", pr->rep.why);
	} else {
		m = metric_get(&pr->rep.metrics, metric);
		v = m && !m->unsupported[0] ? m->value : -1;
	}
	point_run_free(pr);
	return v;
}

static double median(double *v, int n)
{
	struct summary_stats st;

	stats_summarize(v, (size_t)n, &st);
	return st.median;
}

int main(void)
{
	double sync_write[ROUNDS], minimal[ROUNDS], sync_round[ROUNDS], async[ROUNDS];
	char why[256] = "";
	int r, nasync = 0;

	if (point_env_setup(NULL))
		return 1;
	for (r = 0; r < ROUNDS; r++) {
		struct point_run *pr = point_run_text(sync_conf, 0);

		/* the write phase alone: what the handler decides */
		sync_write[r] = point_metric(pr, "written_pages") /
				(point_metric(pr, "wall_ms") / 1e3);
		sync_round[r] = point_metric(pr, "tracked_pages_per_sec");
		point_run_free(pr);
		minimal[r] = minimal_round();
		if (!workload_find("dirty_wp_async"))
			continue;
		async[nasync] = fabench_round(async_conf, "tracked_pages_per_sec", why,
					      sizeof(why));
		nasync += async[nasync] > 0;
	}
	printf("dirty tracking benchmark: 64 MiB memfd, %d random writes a round, "
	       "medians of %d interleaved rounds\n", WRITES, ROUNDS);
	printf("  sync uffd-wp handler, write phase  %10.0f pages/s\n", median(sync_write, ROUNDS));
	printf("  minimal handler loop, write phase  %10.0f pages/s\n", median(minimal, ROUNDS));
	printf("  ratio sync / minimal              %10.3f  (target >= 0.9)\n",
	       median(sync_write, ROUNDS) / median(minimal, ROUNDS));
	printf("  sync uffd-wp, whole round          %10.0f pages/s\n", median(sync_round, ROUNDS));
	if (nasync)
		printf("  WP_ASYNC + PAGEMAP_SCAN, round     %10.0f pages/s\n"
		       "  ratio WP_ASYNC / sync              %10.3f\n", median(async, nasync),
		       median(async, nasync) / median(sync_round, ROUNDS));
	else
		printf("  WP_ASYNC + PAGEMAP_SCAN            unsupported: %s\n",
		       why[0] ? why : "no dirty_wp_async workload");
	point_env_teardown(NULL);
	return 0;
}
