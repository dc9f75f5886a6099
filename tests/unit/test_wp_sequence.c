// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for wp_sequence's step language and its replay against the
 * running kernel: the self-test steps hide a write or a protection change
 * from the model, so a replay that judged nothing, or judged the wrong
 * page, fails here whatever the kernel does about fault-around.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bench/kernel/compat.h"
#include "bench/kernel/uffd.h"
#include "bench/lib/metrics.h"
#include "workloads/wp_sequence/wp_sequence.h"

static void parses(const char *text, int n, enum ws_op last_op, int last_page)
{
	struct ws_step st[WS_MAX_STEPS];
	char err[160] = "";
	int got = -1;

	assert_int_equal(ws_parse(text, st, &got, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	assert_int_equal(got, n);
	assert_int_equal(st[n - 1].op, last_op);
	assert_int_equal(st[n - 1].page, last_page);
}

static void refused(const char *text, const char *says)
{
	struct ws_step st[WS_MAX_STEPS];
	char err[160] = "";
	int n;

	assert_int_equal(ws_parse(text, st, &n, err, sizeof(err)), -1);
	if (!strstr(err, says))
		fail_msg("'%s': error '%s' does not say '%s'", text, err, says);
}

static void test_parse(void **unused)
{
	(void)unused;
	parses("protect write:1 zap:1 read:0 scan write:1 scan", 7, OP_SCAN, -1);
	parses("  protect   punch:15 ", 2, OP_PUNCH, 15);
	parses("zap", 1, OP_ZAP, -1);
	refused("", "no steps");
	refused("write", "write needs a page");
	refused("read:16", "a page number 0..15");
	refused("read:-1", "a page number 0..15");
	refused("read:1x", "a page number 0..15");
	refused("read:", "a page number 0..15");
	refused("scan:3", "scan takes no page");
	refused("protect jump:1", "step 'jump:1': expected protect");
	refused("zap read:0 zap read:1 zap read:2 zap read:3 zap read:4 zap read:5 zap read:6 zap read:7 zap",
		"more than 16 steps");
}

static struct ws_counts replay(const char *steps, enum ws_mode mode, char **trace)
{
	const struct ws_sequence seq = { .steps = steps, .shows = "test" };
	struct metric_sink ms = { 0 };
	struct ws_counts c = { 0 };
	char why[256] = "";

	if (ws_replay("test", &seq, mode, -1, &c, &ms, why, sizeof(why)))
		fail_msg("replay of '%s': %s", steps, why);
	*trace = ms.notes;
	return c;
}

/* What the model and the kernel agree on anywhere uffd-wp works on shmem. */
static void test_replay_judges(void **unused)
{
	enum ws_mode mode;
	struct ws_counts c;
	char *trace, why[256];

	(void)unused;
	if (uffd_require_features(UFFD_FEATURE_WP_HUGETLBFS_SHMEM | UFFD_FEATURE_WP_ASYNC,
				  why, sizeof(why))) {
		print_message("skipped: %s\n", why);
		skip();
	}
	for (mode = WS_SYNC; mode <= WS_ASYNC; mode++) {
		c = replay("protect alias-write:1 scan", mode, &trace);
		assert_int_equal(c.lost, 1);
		assert_int_equal(c.spurious + c.dropped + c.errors, 0);
		assert_non_null(strstr(trace, "LOST: page 1"));
		free(trace);

		c = replay("protect unprotect:1 hidden-protect:1 write:1 hidden-unprotect:2 scan",
			   mode, &trace);
		assert_int_equal(c.spurious, 1);
		assert_int_equal(c.lost + c.dropped + c.errors, 0);
		assert_non_null(strstr(trace, mode == WS_SYNC ? "SPURIOUS: page 1" :
						       "SPURIOUS: page 2"));
		free(trace);

		/* a write to a protected page is reported; the judge counts it */
		c = replay("protect write:1 scan", mode, &trace);
		assert_int_equal(c.lost + c.spurious + c.dropped + c.errors, 0);
		assert_int_equal(c.checks, mode == WS_SYNC ? 1 : WS_PAGES);
		/* the ptes after protect: a marker on every page, none mapped */
		assert_non_null(strstr(trace, "mmmmmmmmmmmmmmmm"));
		free(trace);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_replay_judges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
