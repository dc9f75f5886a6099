// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for analysis/resultset.[ch]: quoted CSV fields, points
 * grouped by what they measured (not by index), reasons in metric cells,
 * and the errors of a corrupt directory.
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

#include "analysis/resultset.h"

/* the scratch directory, made by setup() */
static char dir[64];

static void put(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/fabench-rs.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	put("meta.json", "{\"format_version\": 1, \"label\": \"l\", \"harness_revision\": \"r\","
	    " \"uname\": {\"release\": \"6.1\"}}");
	return 0;
}

static int teardown(void **state)
{
	char path[256];

	(void)state;
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/samples.csv", dir);
	unlink(path);
	return rmdir(dir);
}

/* Point indexes 7 and 9 but the same parameters: one point, two samples. */
static void test_grouping_and_quotes(void **state)
{
	struct resultset rs;
	double v[4];

	(void)state;
	put("samples.csv",
	    "point,section,workload,size,uffd,timing,rep,status,ns_per_page,note\n"
	    "7,s,w,4M,none,throughput,0,ok,100,\"unsupported: a, b\"\n"
	    "9,s,w,4M,none,throughput,1,ok,120,no faults\n"
	    "8,s,w,4M,wp,throughput,0,ok,1e3,\n"
	    "3,s,w,4M,minor,throughput,-1,\"unsupported: EINVAL, really\",,\n");
	assert_int_equal(resultset_load(dir, &rs), 0);
	assert_string_equal(rs.kernel_release, "6.1");
	assert_int_equal(rs.npoints, 3);
	assert_int_equal(rs.nmetrics, 2);
	assert_int_equal(rs.point[0].nreps, 2);
	assert_string_equal(rs.point[0].label, "s none");
	assert_int_equal(resultset_samples(&rs, &rs.point[0], 0, v), 2);
	assert_true(v[0] == 100 && v[1] == 120);
	assert_int_equal(resultset_samples(&rs, &rs.point[0], 1, v), 0);
	assert_true(rs.point[1].ok && !rs.point[2].ok);
	assert_non_null(resultset_find(&rs, rs.point[1].key));
	resultset_free(&rs);
}

static void expect_error(const char *csv)
{
	struct resultset rs;

	put("samples.csv", csv);
	assert_int_equal(resultset_load(dir, &rs), -1);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("point,section,workload,rep,status,m\n0,s,w,0,ok,1,2\n");
	expect_error("point,section,workload,rep,status,m\n0,s,w,0,ok,1.5x\n");
	expect_error("point,section,workload,rep,status,m\n0,s,w,0,ok,1");
	expect_error("point,section,workload,rep,m\n0,s,w,0,1\n");
	expect_error("point,section,workload,rep,status,m\n0,s,w,0,\"ok,1\n");
	expect_error("");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grouping_and_quotes),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
