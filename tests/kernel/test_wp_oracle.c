// SPDX-License-Identifier: GPL-2.0-only
/*
 * wp_oracle on the running kernel: with every actor racing, no write to a
 * protected page may go unseen (lost_wp = 0) in either mode, and every
 * actor must have done something; and the oracle must be able to fail:
 * each self-test hides writes and must be caught, every time (sync: each
 * of them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "tests/kernel/support/point_run.h"

#define SELFTEST_RUNS 5

static struct point_run *run_oracle(const char *mode, const char *keys)
{
	char text[512];

	snprintf(text, sizeof(text), "[wp_oracle]\nmode = %s\nseconds = 1\n%s\n", mode, keys);
	return point_run_text(text, 0);
}

static const struct metric *metric(const struct point_run *pr, const char *name)
{
	const struct metric *m = metric_get(&pr->rep.metrics, name);

	if (!m)
		fail_msg("no metric %s", name);
	return m;
}

/* Each actor did something, or says why it could not. */
static void assert_actors_ran(const struct point_run *pr)
{
	static const char *const always[] = {
		"ops_readers", "ops_writer", "ops_puncher", "ops_zapper",
	};
	const struct metric *m;
	size_t i;

	for (i = 0; i < sizeof(always) / sizeof(always[0]); i++)
		if (point_metric(pr, always[i]) <= 0)
			fail_msg("%s is 0: the actor raced nothing", always[i]);
	m = metric(pr, "ops_pageout");
	if (point_swap_areas())
		assert_true(!m->unsupported[0] && m->value > 0);
	else
		assert_string_equal(m->unsupported, "no swap");
	m = metric(pr, "ops_collapse");
	if (m->unsupported[0])
		assert_non_null(strstr(m->unsupported, "MADV_COLLAPSE: E"));
	else
		assert_true(m->value > 0);
}

static void check_all_actors(const char *mode)
{
	struct point_run *pr = run_oracle(mode, "");

	point_assert_ok(pr);
	assert_true(point_metric(pr, "lost_wp") == 0);
	assert_true(point_metric(pr, "oracle_errors") == 0);
	assert_true(point_metric(pr, "spurious_wp") >= 0);
	assert_true(point_metric(pr, "writes_protected") > 0);
	assert_true(point_metric(pr, "punch_wp_kept") + point_metric(pr, "punch_wp_dropped") > 0);
	assert_actors_ran(pr);
	if (!strcmp(mode, "sync"))
		assert_true(point_metric(pr, "wp_faults") > 0);
	else
		assert_true(point_metric(pr, "reported_writes") > 0);
	point_run_free(pr);
}

static void test_sync_all_actors(void **s)
{
	(void)s;
	check_all_actors("sync");
}

static void test_async_all_actors(void **s)
{
	(void)s;
	check_all_actors("async");
}

/*
 * The oracle must catch hidden writes every time, not most times: sync,
 * each write the self-test hid is a lost_wp (nothing else is); async, a
 * hidden write written again before its scan is seen, so some at least.
 */
static void check_selftest(const char *keys)
{
	static const char *const modes[] = { "sync", "async" };
	struct point_run *pr;
	double hidden, lost;
	int m, i;

	for (m = 0; m < 2; m++) {
		for (i = 0; i < SELFTEST_RUNS; i++) {
			pr = run_oracle(modes[m], keys);
			point_assert_ok(pr);
			hidden = point_metric(pr, "selftest_hidden");
			lost = point_metric(pr, "lost_wp");
			if (hidden <= 0)
				fail_msg("%s, %s: run %d of %d hid no write", modes[m], keys,
					 i + 1, SELFTEST_RUNS);
			if (m == 0 ? lost != hidden : lost <= 0)
				fail_msg("%s, %s: run %d of %d: lost_wp %.0f, %.0f writes hidden",
					 modes[m], keys, i + 1, SELFTEST_RUNS, lost, hidden);
			assert_true(metric(pr, "lost_wp")->must_be_zero);
			point_run_free(pr);
		}
	}
}

static void test_selftest_unprotect(void **s)
{
	(void)s;
	check_selftest("selftest = unprotect");
}

static void test_selftest_second_mapping(void **s)
{
	(void)s;
	check_selftest("selftest = second_mapping");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sync_all_actors),
		cmocka_unit_test(test_async_all_actors),
		cmocka_unit_test(test_selftest_unprotect),
		cmocka_unit_test(test_selftest_second_mapping),
	};

	return cmocka_run_group_tests(tests, point_env_setup, point_env_teardown);
}
