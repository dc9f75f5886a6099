// SPDX-License-Identifier: GPL-2.0-only
/*
 * [run] shmem_folio against the running kernel: with the per-size knob of
 * 64 KiB set (shmem_folio_set, as the run loop sets it), a fault_read point
 * on anonymous shmem allocates 64 KiB folios, as many as its size holds,
 * counted twice: by the point's folios_64k metric and by this test's own
 * reading of hugepages-64kB/stats/shmem_alloc around it.  On holes every
 * read fault allocates a folio and, the VMA being anonymous shmem and not
 * uffd-armed, maps all of it (finish_fault): the 64K point maps 64K / page
 * size times the pages per fault of the 4K point.  Skips, saying why, where
 * the kernel has no hugepages-64kB/shmem_enabled (before 6.11) or it is
 * not writable (not root).  The knobs are put back by the test's teardown.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/harness/runlock.h"
#include "bench/kernel/knobs/knobs.h"
#include "bench/kernel/knobs/shmem_folio.h"
#include "tests/kernel/support/point_run.h"

#define SIZE (8u << 20)
#define FOLIO (64u << 10)
#define MTHP "/sys/kernel/mm/transparent_hugepage/hugepages-64kB"

/* The counter as this test reads it, apart from shmem_folio.c's reading. */
static int64_t own_count(const char *name)
{
	char path[256], buf[64];
	FILE *f;

	snprintf(path, sizeof(path), MTHP "/stats/%s", name);
	f = fopen(path, "r");
	if (!f)
		fail_msg("%s: %s", path, strerror(errno));
	if (!fgets(buf, sizeof(buf), f))
		fail_msg("%s: empty", path);
	fclose(f);
	return strtoll(buf, NULL, 10);
}

static void need_knob(void)
{
	static char why[256];
	static bool locked;
	int fd;

	if (access(MTHP "/shmem_enabled", F_OK)) {
		snprintf(why, sizeof(why), "no " MTHP "/shmem_enabled (%s; Linux 6.11+ with THP)",
			 strerrorname_np(errno) ?: "error");
		point_skip(why);
	}
	fd = open(MTHP "/shmem_enabled", O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, sizeof(why), MTHP "/shmem_enabled not writable (%s)",
			 strerrorname_np(errno) ?: "error");
		point_skip(why);
	}
	close(fd);
	/* once per process: a second flock on a new descriptor would be busy */
	if (!locked && runlock_take(false, why, sizeof(why)) == RUNLOCK_BUSY)
		point_skip(why);
	locked = true;
}

static struct point_run *run_folio(const char *folio)
{
	char text[512], why[256];

	if (shmem_folio_set(folio, why, sizeof(why)))
		fail_msg("shmem_folio = %s: %s", folio, why);
	snprintf(text, sizeof(text),
		 "[run]\nshmem_folio = %s\n[fault_read]\nbackend = anon\nsize = %u\ncache = holes\n",
		 folio, SIZE);
	return point_run_text(text, 0);
}

static void test_64k_folios(void **s)
{
	double want = SIZE / FOLIO, folios, own, ppf4, ppf64, ratio;
	struct point_run *pr;
	int64_t a0;

	(void)s;
	need_knob();

	a0 = own_count("shmem_alloc");
	pr = run_folio("64K");
	own = (double)(own_count("shmem_alloc") - a0);
	point_assert_ok(pr);
	folios = point_metric(pr, "folios_64k");
	ppf64 = point_metric(pr, "pages_per_fault");
	point_run_free(pr);
	/* machine-wide counters: another process's anon shmem may add a few */
	if (own < want || own > want * 1.05 + 2)
		fail_msg("64K: hugepages-64kB/stats/shmem_alloc rose by %.0f, the size holds %.0f folios",
			 own, want);
	if (folios < want || folios > own)
		fail_msg("64K: folios_64k %.0f, the counter rose by %.0f around the point (%.0f expected)",
			 folios, own, want);

	a0 = own_count("shmem_alloc");
	pr = run_folio("4K");
	own = (double)(own_count("shmem_alloc") - a0);
	point_assert_ok(pr);
	ppf4 = point_metric(pr, "pages_per_fault");
	point_run_free(pr);
	if (own > 2)
		fail_msg("4K: hugepages-64kB/stats/shmem_alloc rose by %.0f", own);

	ratio = (double)point_pages(FOLIO);	/* pages in a folio */
	if (fabs(ppf64 - ratio * ppf4) > 0.1 * ratio * ppf4)
		fail_msg("pages/fault on holes: %.2f with 64K folios, %.2f with 4K; expected %.0f times",
			 ppf64, ppf4, ratio);
}

/* A memfd point of folio size `folio`, set as the run loop sets it; *own: the 64kB counter's rise. */
static struct point_run *run_memfd(const char *folio, double *own)
{
	struct point_run *pr;
	char text[512], why[256];
	int64_t a0;

	if (shmem_folio_set_writes(folio, "default", why, sizeof(why))) {
		static char reason[300];

		/* exercised and absent (before 6.14): what the harness says too */
		snprintf(reason, sizeof(reason), "%s", why);
		if (strstr(why, "allocated no"))
			point_skip(reason);
		fail_msg("shmem_folio = %s, memfd: %s", folio, why);
	}
	snprintf(text, sizeof(text), "[run]\nshmem_folio = %s\n[fault_read]\nbackend = memfd\n"
		 "size = %u\ncache = populated\n", folio, SIZE);
	a0 = own_count("shmem_alloc");
	pr = point_run_text(text, 0);
	*own = (double)(own_count("shmem_alloc") - a0);
	point_assert_ok(pr);
	return pr;
}

/*
 * A memfd filled by writes of the folio size, under huge=within_size (the
 * thp_shmem knob, as shmem_folio_set_writes sets it): 64K folios again,
 * counted by the metric and by this test; 4K: none.  A harness that
 * truncated the file first, or wrote it in 1M chunks, would get 2M folios
 * and no 64K one.
 */
static void test_memfd_64k_folios_by_writes(void **s)
{
	double want = SIZE / FOLIO, own, folios;
	struct point_run *pr;

	(void)s;
	need_knob();
	pr = run_memfd("64K", &own);
	folios = point_metric(pr, "folios_64k");
	point_run_free(pr);
	if (own < want || own > want * 1.05 + 2)
		fail_msg("memfd 64K: hugepages-64kB/stats/shmem_alloc rose by %.0f, the size holds %.0f",
			 own, want);
	if (folios < want || folios > own)
		fail_msg("memfd 64K: folios_64k %.0f, the counter rose by %.0f", folios, own);

	point_run_free(run_memfd("4K", &own));
	if (own > 2)
		fail_msg("memfd 4K: hugepages-64kB/stats/shmem_alloc rose by %.0f", own);
}

static int restore(void **s)
{
	char why[256];

	(void)s;
	shmem_folio_set("default", why, sizeof(why));
	knob_restore_all();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_64k_folios, restore),
		cmocka_unit_test_teardown(test_memfd_64k_folios_by_writes, restore),
	};

	return cmocka_run_group_tests(tests, point_env_setup, point_env_teardown);
}
