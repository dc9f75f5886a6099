// SPDX-License-Identifier: GPL-2.0-only
/*
 * punch_hole on the real kernel: the punch leaves nothing of the hole
 * mapped (uffd-wp markers included), zeroes partial pages and keeps the
 * data around them, reaps its child processes, lets its readers fault
 * during the window, and populates with or without fault-around as asked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "tests/kernel/support/point_run.h"

/* the 4 MiB file of every point, and a quarter of it, in pages */
#define PAGES ((double)point_pages(4u << 20))
#define QUARTER (PAGES / 4)

static struct point_run *run_punch(const char *keys)
{
	char text[512];

	snprintf(text, sizeof(text), "[punch_hole]\nsize = 4M\n%s\n", keys);
	return point_run_text(text, 0);
}

/* the correctness counts the workload itself checks */
static void assert_clean(const struct point_run *pr)
{
	point_assert_ok(pr);
	assert_true(point_metric(pr, "punch_errno") == 0);
	assert_true(point_metric(pr, "mapped_pages_after") == 0);
	assert_true(point_metric(pr, "punch_data_errors") == 0);
}

static void test_punch(void **s)
{
	struct point_run *pr = run_punch("");

	(void)s;
	assert_clean(pr);
	assert_true(point_metric(pr, "punch_us") > 0);
	assert_true(point_metric(pr, "us_per_mib") > 0);
	assert_true(point_metric(pr, "pages") == PAGES);
	point_run_free(pr);
}

/* written through the mapping: every page of the hole is mapped, then none */
static void test_fully_mapped(void **s)
{
	struct point_run *pr = run_punch("mapped = 100\npopulate = write");

	(void)s;
	point_need_pagemap();
	assert_clean(pr);
	assert_true(point_metric(pr, "mapped_pages_before") == PAGES);
	point_run_free(pr);
}

static void test_unmapped(void **s)
{
	struct point_run *pr = run_punch("mapped = 0\npopulate = read");

	(void)s;
	assert_clean(pr);
	assert_true(point_metric(pr, "mapped_pages_before") == 0);
	point_run_free(pr);
}

/* a quarter of the pages written: exactly those are mapped */
static void test_partly_mapped(void **s)
{
	struct point_run *pr = run_punch("mapped = 25\npopulate = write");

	(void)s;
	point_need_pagemap();
	assert_clean(pr);
	assert_true(point_metric(pr, "mapped_pages_before") == QUARTER);
	point_run_free(pr);
}

/*
 * read-nofa: one page per fault, and only the touched pages mapped;
 * read: fault-around, where this kernel has it, maps the neighbours too.
 */
static void test_populate_fault_around(void **s)
{
	struct point_run *pr = run_punch("mapped = 25\npopulate = read-nofa");

	(void)s;
	assert_clean(pr);
	assert_true(point_metric(pr, "populate_pages_per_fault") == 1);
	assert_true(point_metric(pr, "mapped_pages_before") == QUARTER);
	point_run_free(pr);
	pr = run_punch("mapped = 100\npopulate = read");
	assert_clean(pr);
	assert_true(point_metric(pr, "mapped_pages_before") == PAGES);
	assert_true(point_metric(pr, "populate_pages_per_fault") >= 1);
	point_run_free(pr);
}

/* protected pages become PTE markers: not present, so nothing mapped */
static void test_uffd_wp(void **s)
{
	struct point_run *pr = run_punch("uffd = wp\nmapped = 100\npopulate = read-nofa");

	(void)s;
	if (pr->rep.status == 1) {
		point_run_free(pr);
		skip();
	}
	assert_clean(pr);
	assert_true(point_metric(pr, "mapped_pages_before") == PAGES);
	point_run_free(pr);
}

/* two children hold populated mappings across the punch, then are reaped */
static void test_processes(void **s)
{
	struct point_run *pr = run_punch("processes = 2\nmappings = 2");

	(void)s;
	point_need_pagemap();
	assert_clean(pr);
	assert_true(point_metric(pr, "mapped_pages_before") == 2048);
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
	point_run_free(pr);
}

static void test_readers(void **s)
{
	struct point_run *pr = run_punch("readers = 2");

	(void)s;
	assert_clean(pr);
	assert_true(point_metric(pr, "readers_faults") > 0);
	assert_true(point_metric(pr, "readers_faults_per_sec") > 0);
	point_run_free(pr);
	pr = run_punch("readers = 0");
	assert_non_null(metric_get(&pr->rep.metrics, "readers_faults_per_sec"));
	assert_true(metric_get(&pr->rep.metrics, "readers_faults_per_sec")->unsupported[0]);
	point_run_free(pr);
}

/*
 * Half a page in: the first and last pages of the hole are zeroed in
 * part and stay mapped; the workload reads the file back byte by byte.
 */
static void test_unaligned(void **s)
{
	struct point_run *pr = run_punch("align = unaligned\nhole = all");

	(void)s;
	point_need_pagemap();
	assert_clean(pr);
	assert_true(point_metric(pr, "mapped_pages_before") == 1022);
	point_run_free(pr);
	pr = run_punch("align = unaligned\nhole = 100K\npopulate = read");
	assert_clean(pr);
	assert_true(point_metric(pr, "pages") == 26);
	point_run_free(pr);
}

/* a hole past the end of the file is a configuration error, said so */
static void test_hole_too_big(void **s)
{
	struct point_run *pr = run_punch("hole = 8M");

	(void)s;
	assert_int_equal(pr->rep.status, -1);
	assert_non_null(strstr(pr->rep.why, "does not fit"));
	point_run_free(pr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_punch),
		cmocka_unit_test(test_fully_mapped),
		cmocka_unit_test(test_unmapped),
		cmocka_unit_test(test_partly_mapped),
		cmocka_unit_test(test_populate_fault_around),
		cmocka_unit_test(test_uffd_wp),
		cmocka_unit_test(test_processes),
		cmocka_unit_test(test_readers),
		cmocka_unit_test(test_unaligned),
		cmocka_unit_test(test_hole_too_big),
	};

	return cmocka_run_group_tests(tests, point_env_setup, point_env_teardown);
}
