// SPDX-License-Identifier: GPL-2.0-only
/*
 * The dirty-tracking methods on the running kernel, checked against the
 * writers' ground truth: nothing written goes unreported, and the planted
 * lost write proves the verifier can tell when something does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "bench/kernel/compat.h"
#include "bench/kernel/pagemap.h"
#include "tests/kernel/support/point_run.h"
#include "bench/kernel/uffd.h"

static const char *const backends[] = { "memfd", "anon" };
static const char *const starts[] = { "populated", "unpopulated" };

static struct point_run *run_dirty(const char *method, const char *keys)
{
	char text[512];

	snprintf(text, sizeof(text), "[%s]\nsize = 8M\npages = 2048\n%s\n", method, keys);
	return point_run_text(text, 0);
}

/* A metric's value, failing with the point's description if it is missing. */
static double metric(const struct point_run *pr, const char *name, const char *label)
{
	const struct metric *m = metric_get(&pr->rep.metrics, name);

	if (!m || m->unsupported[0])
		fail_msg("%s: %s %s", label, name, m ? m->unsupported : "missing");
	return m->value;
}

/* One round checked against the ground truth. */
static void check_round(const char *method, const char *backend, const char *start,
			int writers, const char *extra)
{
	char keys[256], label[256];
	struct point_run *pr;
	double written, fp;

	snprintf(keys, sizeof(keys), "backend = %s\nstart = %s\nwriters = %d\n%s",
		 backend, start, writers, extra);
	snprintf(label, sizeof(label), "%s backend=%s start=%s writers=%d %s",
		 method, backend, start, writers, extra);
	pr = run_dirty(method, keys);
	if (pr->rep.status)
		fail_msg("%s: status %d: %s", label, pr->rep.status, pr->rep.why);
	written = metric(pr, "written_pages", label);
	fp = metric(pr, "false_positive", label);
	if (metric(pr, "missed", label) != 0 || written <= 0 ||
	    metric(pr, "collected_pages", label) < written || fp < 0 ||
	    metric(pr, "tracked_pages_per_sec", label) <= 0)
		fail_msg("%s: written %.0f collected %.0f missed %.0f false+ %.0f", label, written,
			 metric(pr, "collected_pages", label), metric(pr, "missed", label), fp);
	/* on populated shmem nothing but a write unprotects a page */
	if (!strcmp(backend, "memfd") && !strcmp(start, "populated") && fp != 0)
		fail_msg("%s: %.0f false positives", label, fp);
	assert_null(metric_failed_check(&pr->rep.metrics));
	point_run_free(pr);
}

static void check_method(const char *method, const char *extra)
{
	size_t b, s;
	int w;

	for (b = 0; b < 2; b++)
		for (s = 0; s < 2; s++)
			for (w = 1; w <= 2; w++)
				check_round(method, backends[b], starts[s], w, extra);
}

static void test_uffd_wp(void **state)
{
	(void)state;
	point_need_uffd();
	check_method("dirty_uffd_wp", "");
}

static bool wp_async_offered(void)
{
	uint64_t features = 0;
	char why[256];

	return !uffd_probe_features(&features, why, sizeof(why)) &&
	       (features & UFFD_FEATURE_WP_ASYNC);
}

/* where the kernel lacks WP_ASYNC, every point says so */
static bool wp_async_or_unsupported(void)
{
	struct point_run *pr;

	if (wp_async_offered())
		return true;
	pr = run_dirty("dirty_wp_async", "");
	assert_int_equal(pr->rep.status, 1);
	assert_non_null(strstr(pr->rep.why, "WP_ASYNC"));
	point_run_free(pr);
	return false;
}

static void test_wp_async(void **state)
{
	(void)state;
	point_need_uffd();
	if (wp_async_or_unsupported())
		check_method("dirty_wp_async", "protect = ioctl");
}

/* the first protect by PAGEMAP_SCAN must cover holes too (unpopulated) */
static void test_wp_async_protect_scan(void **state)
{
	(void)state;
	point_need_uffd();
	if (wp_async_or_unsupported())
		check_method("dirty_wp_async", "protect = scan");
}

static void sigsegv_now(struct sigaction *sa)
{
	assert_int_equal(sigaction(SIGSEGV, NULL, sa), 0);
}

/* ...and the SIGSEGV disposition is the one found before, after every round */
static void test_mprotect(void **state)
{
	struct sigaction before, after;

	(void)state;
	sigsegv_now(&before);
	check_method("dirty_mprotect", "");
	sigsegv_now(&after);
	assert_ptr_equal(before.sa_sigaction, after.sa_sigaction);
	assert_int_equal(before.sa_flags & SA_SIGINFO, after.sa_flags & SA_SIGINFO);
}

/*
 * A round that could run out of VMAs is refused, not half measured: 512M
 * and every other page written need up to 131072 VMAs, more than the
 * default vm.max_map_count (65530); skipped where the limit was raised.
 */
static void test_mprotect_map_count(void **state)
{
	FILE *f = fopen("/proc/sys/vm/max_map_count", "re");
	struct point_run *pr;
	long limit = 0;

	(void)state;
	if (f) {
		if (fscanf(f, "%ld", &limit) != 1)
			limit = 0;
		fclose(f);
	}
	if (!limit || limit >= 131072)
		skip();
	pr = point_run_text("[dirty_mprotect]\nsize = 512M\nstart = unpopulated\n"
			    "pages = 70000\npattern = stride=2\n", 0);
	assert_int_equal(pr->rep.status, 1);
	assert_non_null(strstr(pr->rep.why, "max_map_count"));
	point_run_free(pr);
}

static bool soft_dirty_works(void)
{
	char verdict[160];
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	bool works;

	assert_true(p != MAP_FAILED);
	works = pagemap_soft_dirty_works(p, verdict, sizeof(verdict));
	munmap(p, 4096);
	return works;
}

/* unsupported with the probe's reason where CONFIG_MEM_SOFT_DIRTY is off */
static void test_softdirty(void **state)
{
	struct point_run *pr;
	size_t b;

	(void)state;
	if (soft_dirty_works()) {
		check_method("dirty_softdirty", "");
		return;
	}
	for (b = 0; b < 2; b++) {
		char keys[64];

		snprintf(keys, sizeof(keys), "backend = %s", backends[b]);
		pr = run_dirty("dirty_softdirty", keys);
		assert_int_equal(pr->rep.status, 1);
		assert_non_null(strstr(pr->rep.why, "soft-dirty"));
		point_run_free(pr);
	}
}

/* The planted lost write: the verifier must count it, as a failed check. */
static void check_planted(const char *method)
{
	struct point_run *pr = run_dirty(method, "backend = memfd\nplant_lost_write = yes");
	const struct metric *failed;

	point_assert_ok(pr);
	assert_true(point_metric(pr, "missed") >= 1);
	failed = metric_failed_check(&pr->rep.metrics);
	assert_non_null(failed);
	assert_string_equal(failed->name, "missed");
	point_run_free(pr);

	pr = run_dirty(method, "backend = anon\nplant_lost_write = yes");
	assert_int_equal(pr->rep.status, 1);
	assert_non_null(strstr(pr->rep.why, "plant_lost_write"));
	point_run_free(pr);
}

static void test_planted_uffd_wp(void **state)
{
	(void)state;
	point_need_uffd();
	check_planted("dirty_uffd_wp");
}

static void test_planted_wp_async(void **state)
{
	(void)state;
	point_need_uffd();
	if (wp_async_or_unsupported())
		check_planted("dirty_wp_async");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uffd_wp),
		cmocka_unit_test(test_wp_async),
		cmocka_unit_test(test_wp_async_protect_scan),
		cmocka_unit_test(test_mprotect),
		cmocka_unit_test(test_mprotect_map_count),
		cmocka_unit_test(test_softdirty),
		cmocka_unit_test(test_planted_uffd_wp),
		cmocka_unit_test(test_planted_wp_async),
	};

	return cmocka_run_group_tests(tests, point_env_setup, point_env_teardown);
}
