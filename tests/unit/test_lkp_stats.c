// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for analysis/lkp_stats.[ch]: the stats lines LKP's parse
 * prints.  What LKP would get wrong from a broken writer: a point name
 * that does not tell the points apart, a correctness count averaged (or
 * not flagged), an unsupported point given numbers, a failed point not
 * flagged, and a value LKP reads as another number ("3e+06" is 3 to it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/lkp_stats.h"
#include "tests/unit/scratch.h"

static char dir[SCRATCH_DIR_MAX];

/* "missed" a correctness count (better=zero), ns_per_page a time */
#define DECL(name, better) "{\"name\": \"" name "\", \"unit\": \"x\", " \
			   "\"better\": \"" better "\", \"plot\": \"none\"}"
static const char meta[] =
	"{\"format_version\": 2, \"label\": \"l\", \"harness_revision\": \"r\", "
	"\"uname\": {\"release\": \"6.18\"}, \"metrics\": {\"w\": ["
	DECL("ns_per_page", "lower") ", " DECL("missed", "zero") ", "
	DECL("pages_per_sec", "higher") "]}}";
#undef DECL

static int setup(void **state)
{
	(void)state;
	if (scratch_make(dir, "lkp-stats"))
		return -1;
	scratch_put(dir, "meta.json", meta);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return scratch_remove(dir);
}

/* lkp_stats_write's whole output for the samples.csv given */
static char *stats_of(const char *samples)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	scratch_put(dir, "samples.csv", samples);
	out = open_memstream(&text, &len);
	assert_non_null(out);
	assert_int_equal(lkp_stats_write(dir, out), 0);
	fclose(out);
	return text;
}

static void expect_line(const char *text, const char *line)
{
	char want[256];

	snprintf(want, sizeof(want), "\n%s\n", line);
	if (!strstr(text, want))
		fail_msg("no line '%s' in:\n%s", line, text);
}

static void expect_no(const char *text, const char *what)
{
	if (strstr(text, what))
		fail_msg("'%s' should not be in:\n%s", what, text);
}

/*
 * Two points told apart by uffd, one by size too: only the axes that
 * vary name the point; a mean of the repetitions; a correctness count
 * summed, and flagged where non-zero.
 */
static void test_points_means_and_failures(void **state)
{
	char *t;

	(void)state;
	t = stats_of("point,section,workload,size,uffd,rep,status,ns_per_page,missed,pages_per_sec\n"
		     "0,s,w,4M,none,0,ok,100,0,3000000\n"
		     "0,s,w,4M,none,1,ok,200,0,3000001\n"
		     "1,s,w,4M,wp,0,ok,1000,0,397566\n"
		     "1,s,w,4M,wp,1,ok,1000,2,397566.5\n"
		     "2,s,w,8M,wp,0,ok,900,1,1000000\n");
	expect_line(t, "s.size=4M,uffd=none.ns_per_page: 150");
	expect_line(t, "s.size=4M,uffd=none.missed: 0");
	expect_no(t, "s.size=4M,uffd=none.missed.fail");
	/* 3000000.5: never 3e+06, which LKP reads as the integer 3 */
	expect_line(t, "s.size=4M,uffd=none.pages_per_sec: 3.00000e+06");
	/* 397566.25: never "397566.", which LKP's Float() refuses */
	expect_line(t, "s.size=4M,uffd=wp.pages_per_sec: 397566.0");
	expect_line(t, "s.size=4M,uffd=wp.missed: 2");
	expect_line(t, "s.size=4M,uffd=wp.missed.fail: 1");
	expect_line(t, "s.size=8M,uffd=wp.missed.fail: 1");
	expect_line(t, "s.size=8M,uffd=wp.ns_per_page: 900");
	free(t);
}

/*
 * A section of one point has no point part (LKP's atomic job); an
 * unsupported point gets its reason as a comment, "unsupported: 1" and no
 * numbers; a failed point "error: 1"; a metric without numbers is left
 * out.
 */
static void test_single_unsupported_and_error(void **state)
{
	char *t;

	(void)state;
	t = stats_of("point,section,workload,uffd,rep,status,ns_per_page,missed,pages_per_sec\n"
		     "0,one,w,none,0,ok,12.5,0,unsupported: no PMU\n"
		     "1,two,w,none,-1,unsupported: no soft-dirty,,,\n"
		     "2,two,w,wp,-1,error: EINVAL,,,\n");
	expect_line(t, "one.ns_per_page: 12.5");
	expect_no(t, "one.pages_per_sec");
	expect_line(t, "# two.uffd=none unsupported: no soft-dirty");
	expect_line(t, "two.uffd=none.unsupported: 1");
	expect_no(t, "two.uffd=none.ns_per_page");
	expect_line(t, "two.uffd=wp.error: 1");
	free(t);
}

/* A file that is not a result directory: -1, nothing printed. */
static void test_corrupt(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	(void)state;
	scratch_put(dir, "samples.csv", "point,section,workload,rep,status,ns_per_page\n0,s,w,0,ok,12x\n");
	out = open_memstream(&text, &len);
	assert_non_null(out);
	assert_int_equal(lkp_stats_write(dir, out), -1);
	fclose(out);
	assert_int_equal(len, 0);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_points_means_and_failures),
		cmocka_unit_test(test_single_unsupported_and_error),
		cmocka_unit_test(test_corrupt),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
