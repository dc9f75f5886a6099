// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where the runner puts things, on the real machine: the uffd handler
 * thread relative to the faulting thread (hwloc), the NUMA node of the
 * shmem, and the retouch pass that needs no PMU.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "tests/kernel/support/point_run.h"

#define PAGES(bytes) ((double)point_pages(bytes))

static struct point_run *run_minor(const char *run_keys)
{
	char text[512];

	snprintf(text, sizeof(text), "[run]\n%s\n[fault_read]\nsize = 4M\nuffd = minor\n",
		 run_keys);
	return point_run_text(text, 0);
}

/* same-core: the handler is pinned to the first faulting thread's CPU */
static void test_handler_same_core(void **s)
{
	struct point_run *pr = run_minor("cpus = 0\nhandler_cpu = same-core");

	(void)s;
	point_assert_ok(pr);
	assert_true(point_metric(pr, "handler_cpu") == 0);
	assert_true(point_metric(pr, "uffd_events") == PAGES(4u << 20));
	point_run_free(pr);
}

/* other-core: a CPU of another core, when the machine has two cores */
static void test_handler_other_core(void **s)
{
	struct point_run *pr = run_minor("cpus = 0\nhandler_cpu = other-core");

	(void)s;
	if (test_env.topo.cores < 2) {
		assert_int_equal(pr->rep.status, 1);
		assert_non_null(strstr(pr->rep.why, "no core but"));
	} else {
		point_assert_ok(pr);
		assert_true(point_metric(pr, "handler_cpu") != 0);
	}
	point_run_free(pr);
}

/*
 * smt-sibling: unsupported with a reason where the core has one PU.  The
 * runner checks the point's needs (uffd minor) first: without userfaultfd
 * (qemu-user) that is the reason, so the test skips as the others do.
 */
static void test_handler_smt_sibling(void **s)
{
	struct point_run *pr;

	(void)s;
	point_need_uffd();
	pr = run_minor("cpus = 0\nhandler_cpu = smt-sibling");
	if (test_env.topo.smt < 2) {
		assert_int_equal(pr->rep.status, 1);
		assert_non_null(strstr(pr->rep.why, "no SMT sibling of CPU 0"));
	} else {
		point_assert_ok(pr);
		assert_true(point_metric(pr, "handler_cpu") != 0);
	}
	point_run_free(pr);
}

/* any: not pinned, so no handler_cpu metric is claimed */
static void test_handler_any(void **s)
{
	struct point_run *pr = run_minor("handler_cpu = any");

	(void)s;
	point_assert_ok(pr);
	assert_null(metric_get(&pr->rep.metrics, "handler_cpu"));
	point_run_free(pr);
}

/* node 0 always exists; the node past the last one is unsupported */
static void test_numa_nodes(void **s)
{
	struct point_run *pr;
	char keys[64];

	(void)s;
	point_need_uffd();
	pr = run_minor("numa_node = 0");
	if (pr->rep.status == WL_UNSUPPORTED && strstr(pr->rep.why, "CONFIG_NUMA")) {
		print_message("SKIP: %s\n", pr->rep.why);
		point_run_free(pr);
		skip();
	}
	point_assert_ok(pr);
	point_run_free(pr);
	snprintf(keys, sizeof(keys), "numa_node = %d", test_env.topo.nodes);
	pr = run_minor(keys);
	assert_int_equal(pr->rep.status, 1);
	assert_non_null(strstr(pr->rep.why, "no NUMA node"));
	point_run_free(pr);
}

/*
 * The retouch pass reads pages that are mapped: it must cost less than
 * the faulting pass did, where every page took a fault (uffd wp), and
 * must not be counted in the faults.
 */
static void test_retouch(void **s)
{
	struct point_run *pr = point_run_text("[fault_read]\nsize = 16M\nuffd = wp\n", 0);

	(void)s;
	point_assert_ok(pr);
	assert_true(point_metric(pr, "retouch_ns_per_page") > 0);
	assert_true(point_metric(pr, "retouch_ns_per_page") < point_metric(pr, "ns_per_page"));
	assert_true(point_metric(pr, "faults") == PAGES(16u << 20));
	point_run_free(pr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_handler_same_core),
		cmocka_unit_test(test_handler_other_core),
		cmocka_unit_test(test_handler_smt_sibling),
		cmocka_unit_test(test_handler_any),
		cmocka_unit_test(test_numa_nodes),
		cmocka_unit_test(test_retouch),
	};

	return cmocka_run_group_tests(tests, point_env_setup, point_env_teardown);
}
