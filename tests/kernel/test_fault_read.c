// SPDX-License-Identifier: GPL-2.0-only
/*
 * fault_read against the running kernel: fault-around shows as pages per
 * fault, uffd handlers answer, and the harness's fault counts agree with
 * the kernel's own (perf's page-faults event and the page_fault_user
 * tracepoint).  Nothing is mocked: these run real faults.
 */
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

#include "support/point_run.h"

static struct point_run *run_mode(const char *backend, const char *cache,
				  const char *uffd, const char *extra)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "[fault_read]\nbackend = %s\nsize = 16M\ncache = %s\nuffd = %s\n%s\n",
		 backend, cache, uffd, extra ? extra : "");
	return point_run_text(text, 0);
}


/* Fault-around maps up to 16 pages per read fault without uffd or with MISSING. */
static void test_fault_around_none_and_missing(void **s)
{
	static const char *const modes[] = { "none", "missing" };
	int i;

	(void)s;
	for (i = 0; i < 2; i++) {
		struct point_run *pr = run_mode("memfd", "populated", modes[i], NULL);

		point_assert_ok(pr);
		assert_true(point_metric(pr, "pages") == 4096);
		assert_true(point_metric(pr, "pages_per_fault") >= 8);
		assert_true(point_metric(pr, "uffd_events") == 0);
		point_run_free(pr);
	}
}

/* Since 5.19 the kernel does not fault around in a uffd-wp VMA. */
static void test_wp_one_page_per_fault(void **s)
{
	struct point_run *pr = run_mode("memfd", "populated", "wp", NULL);

	(void)s;
	point_assert_ok(pr);
	assert_true(point_metric(pr, "faults") == 4096);
	assert_true(fabs(point_metric(pr, "pages_per_fault") - 1.0) < 1e-9);
	point_run_free(pr);
}

/* MINOR: every page is reported and answered with UFFDIO_CONTINUE. */
static void test_minor_completes(void **s)
{
	struct point_run *pr = run_mode("memfd", "populated", "minor", NULL);

	(void)s;
	point_assert_ok(pr);
	assert_true(point_metric(pr, "pages") == 4096);
	assert_true(point_metric(pr, "uffd_events") == 4096);
	assert_true(point_metric(pr, "uffd_handler_errors") == 0);
	point_run_free(pr);
}

/* MISSING on holes: every page is reported and zero-filled by the handler. */
static void test_missing_on_holes(void **s)
{
	struct point_run *pr = run_mode("memfd", "holes", "missing", NULL);

	(void)s;
	point_assert_ok(pr);
	assert_true(point_metric(pr, "uffd_events") == 4096);
	assert_true(point_metric(pr, "uffd_handler_errors") == 0);
	point_run_free(pr);
}

static void assert_within_1pct(double harness, double kernel, const char *what)
{
	if (fabs(harness - kernel) > 0.01 * kernel)
		fail_msg("%s: harness %.0f, kernel %.0f", what, harness, kernel);
}

/* getrusage's counts against perf's page-faults event and the tracepoint. */
static void test_fault_counts_match_kernel(void **s)
{
	static const char *const backends[] = { "memfd", "shm", "anon" };
	static const char *const modes[] = { "none", "missing", "wp", "minor" };
	int b, m;

	(void)s;
	for (b = 0; b < 3; b++) {
		for (m = 0; m < 4; m++) {
			struct point_run *pr = run_mode(backends[b], "populated", modes[m],
							"pattern = random");
			double faults = point_metric(pr, "faults");

			point_assert_ok(pr);
			assert_true(faults > 0);
			assert_within_1pct(faults, point_metric(pr, "page_faults"), "page-faults");
			assert_within_1pct(faults, point_metric(pr, "exceptions_page_fault_user"),
					   "exceptions:page_fault_user");
			point_run_free(pr);
		}
	}
}

/* fault-around runs once per fault where it is allowed, never in wp */
static void test_map_pages_tracepoint(void **s)
{
	struct point_run *none = run_mode("memfd", "populated", "none", NULL);
	struct point_run *wp = run_mode("memfd", "populated", "wp", NULL);

	(void)s;
	assert_within_1pct(point_metric(none, "filemap_mm_filemap_map_pages"),
			   point_metric(none, "faults"), "map_pages per fault (none)");
	assert_true(point_metric(wp, "filemap_mm_filemap_map_pages") == 0);
	point_run_free(none);
	point_run_free(wp);
}

/* Two threads split the range: every page once, faults add up. */
static void test_threads_split_range(void **s)
{
	struct point_run *pr = run_mode("memfd", "populated", "none", "threads = 2");

	(void)s;
	point_assert_ok(pr);
	assert_true(point_metric(pr, "pages") == 4096);
	assert_true(point_metric(pr, "pages_per_fault") >= 8);
	assert_within_1pct(point_metric(pr, "faults"), point_metric(pr, "page_faults"), "page-faults");
	point_run_free(pr);
}

/* Latency mode: one sample per page, ordered percentiles, and the samples
 * add up to the time the thread spent (the meter loses nothing). */
static void test_latency_histogram(void **s)
{
	struct point_run *pr = point_run_text("[run]\ntiming = latency\n"
					"[fault_read]\nsize = 16M\nuffd = wp\n", 0);
	double busy_ns;

	(void)s;
	point_assert_ok(pr);
	assert_true(point_metric(pr, "lat_samples") == 4096);
	assert_true(point_metric(pr, "lat_p50_ns") > 0);
	assert_true(point_metric(pr, "lat_p50_ns") <= point_metric(pr, "lat_p90_ns"));
	assert_true(point_metric(pr, "lat_p90_ns") <= point_metric(pr, "lat_p99_ns"));
	assert_true(point_metric(pr, "lat_p99_ns") <= point_metric(pr, "lat_p999_ns"));
	assert_true(point_metric(pr, "lat_p999_ns") <= point_metric(pr, "lat_max_ns"));
	busy_ns = point_metric(pr, "ns_per_page") * 4096;
	assert_within_1pct(point_metric(pr, "lat_mean_ns") * 4096, busy_ns, "sum of samples");
	point_run_free(pr);
}

/* Throughput mode records no histogram. */
static void test_throughput_has_no_latency(void **s)
{
	struct point_run *pr = run_mode("memfd", "populated", "none", NULL);

	(void)s;
	assert_null(metric_get(&pr->rep.metrics, "lat_p50_ns"));
	assert_int_equal(pr->rep.latency.count, 0);
	point_run_free(pr);
}

/* The metric of an event or a derived one, with its reason if unsupported. */
static const struct metric *any_metric(const struct point_run *pr, const char *name)
{
	const struct metric *m = metric_get(&pr->rep.metrics, name);

	if (!m)
		fail_msg("no metric %s", name);
	return m;
}

static void assert_unsupported(const struct point_run *pr, const char *name)
{
	const struct metric *m = any_metric(pr, name);

	if (strncmp(m->unsupported, "unsupported: ", 13) || !m->unsupported[13])
		fail_msg("%s: expected 'unsupported: <reason>', got %g '%s'", name,
			 m->value, m->unsupported);
}

/*
 * No PMU on this machine: the TLB events and the metrics made of them read
 * "unsupported: <reason>", while page-faults and the tracepoints in the
 * same group still count and the point stays ok.
 */
static void test_tlb_events_unsupported_without_pmu(void **s)
{
	struct point_run *pr = run_mode("memfd", "populated", "none", NULL);
	const struct counter_list *cl = &test_env.counters;
	int i, pmu_events = 0;

	(void)s;
	point_assert_ok(pr);
	for (i = 0; i < cl->n; i++) {
		if (cl->spec[i].kind != COUNTER_PMU)
			continue;
		pmu_events++;
		if (!any_metric(pr, cl->spec[i].metric)->unsupported[0]) {
			print_message("%s counts here: a PMU is present\n", cl->spec[i].name);
			point_run_free(pr);
			skip();
		}
		assert_unsupported(pr, cl->spec[i].metric);
	}
	assert_true(pmu_events > 0);
	assert_unsupported(pr, "tlb_misses_per_page");
	assert_unsupported(pr, "tlb_walks_per_page");
	assert_true(point_metric(pr, "page_faults") > 0);
	assert_within_1pct(point_metric(pr, "faults"), point_metric(pr, "exceptions_page_fault_user"),
			   "exceptions:page_fault_user");
	assert_true(point_metric(pr, "filemap_mm_filemap_map_pages") > 0);
	point_run_free(pr);
}

/* One fault-around call per fault where it is allowed, none under uffd-wp. */
static void test_map_pages_per_fault(void **s)
{
	static const char *const modes[] = { "none", "missing" };
	struct point_run *pr;
	double v;
	int i;

	(void)s;
	for (i = 0; i < 2; i++) {
		pr = run_mode("memfd", "populated", modes[i], NULL);
		point_assert_ok(pr);
		v = point_metric(pr, "map_pages_per_fault");
		if (v < 0.9 || v > 1.1)
			fail_msg("uffd %s: map_pages_per_fault %.3f", modes[i], v);
		if (i == 0)
			assert_true(point_metric(pr, "tp_pages_per_fault") >= 8);
		point_run_free(pr);
	}
	pr = run_mode("memfd", "populated", "wp", NULL);
	point_assert_ok(pr);
	assert_true(point_metric(pr, "map_pages_per_fault") == 0);
	assert_true(fabs(point_metric(pr, "tp_pages_per_fault") - 1.0) < 1e-9);
	point_run_free(pr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fault_around_none_and_missing),
		cmocka_unit_test(test_wp_one_page_per_fault),
		cmocka_unit_test(test_minor_completes),
		cmocka_unit_test(test_missing_on_holes),
		cmocka_unit_test(test_fault_counts_match_kernel),
		cmocka_unit_test(test_map_pages_tracepoint),
		cmocka_unit_test(test_threads_split_range),
		cmocka_unit_test(test_latency_histogram),
		cmocka_unit_test(test_throughput_has_no_latency),
		cmocka_unit_test(test_tlb_events_unsupported_without_pmu),
		cmocka_unit_test(test_map_pages_per_fault),
	};

	return cmocka_run_group_tests(tests, point_env_setup, point_env_teardown);
}
