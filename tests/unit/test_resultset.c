// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for analysis/resultset.[ch]: quoted CSV fields, points
 * grouped by what they measured (not by index), reasons in metric cells,
 * the errors of a corrupt directory, and the units and shown names of a
 * QEMU icount run's times.
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
#include "tests/unit/scratch.h"

/* the scratch directory, made by setup() */
static char dir[SCRATCH_DIR_MAX];

static int setup(void **state)
{
	(void)state;
	if (scratch_make(dir, "resultset"))
		return -1;
	scratch_put(dir, "meta.json",
		    "{\"format_version\": 1, \"label\": \"l\", \"harness_revision\": \"r\","
		    " \"uname\": {\"release\": \"6.1\"}}");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return scratch_remove(dir);
}

/* Point indexes 7 and 9 but the same parameters: one point, two samples. */
static void test_grouping_and_quotes(void **state)
{
	struct resultset rs;
	double v[4];

	(void)state;
	scratch_put(dir, "samples.csv",
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

	scratch_put(dir, "samples.csv", csv);
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

static void expect_decl(const struct resultset *rs, const char *name, const char *unit,
			const char *shown)
{
	const struct rs_metric_decl *d = resultset_decl_by_workload(rs, "w", name);

	assert_non_null(d);
	assert_string_equal(d->unit, unit);
	assert_string_equal(d->shown, shown);
}

/* Under icount a time counts instructions: its unit and its name say so. */
static void test_icount_names(void **state)
{
/* one declaration, a time or not by its unit */
#define DECL(name, unit) "{\"name\": \"" name "\", \"unit\": \"" unit "\", " \
			 "\"better\": \"none\", \"plot\": \"none\"}"
	static const char *const decls =
		"\"metrics\": {\"w\": [" DECL("ns_per_page", "ns") ", " DECL("punch_us", "us") ", "
		DECL("lat_p50_ns", "ns") ", " DECL("wall_ms", "ms") ", "
		DECL("pages_per_sec", "pages/s") ", " DECL("faults_ns", "faults") "]}";
#undef DECL
	struct resultset rs;
	char meta[1024];

	(void)state;
	scratch_put(dir, "samples.csv", "point,section,workload,rep,status,ns_per_page\n0,s,w,0,ok,1\n");
	snprintf(meta, sizeof(meta), "{\"format_version\": 2, \"label\": \"l\", "
		 "\"harness_revision\": \"r\", \"uname\": {\"release\": \"6.12\"}, "
		 "\"vm\": {\"accel\": \"icount\"}, %s}", decls);
	scratch_put(dir, "meta.json", meta);
	assert_int_equal(resultset_load(dir, &rs), 0);
	assert_true(rs.icount);
	expect_decl(&rs, "ns_per_page", "ins", "ins_per_page");
	expect_decl(&rs, "punch_us", "Kins", "punch_Kins");
	expect_decl(&rs, "lat_p50_ns", "ins", "lat_p50_ins");
	expect_decl(&rs, "wall_ms", "Mins", "wall_Mins");
	expect_decl(&rs, "pages_per_sec", "pages/Gins", "pages_per_sec");
	/* no time: the name as it is, whatever its words */
	expect_decl(&rs, "faults_ns", "faults", "faults_ns");
	resultset_free(&rs);
	/* the same run timed (TCG): names and units as declared */
	snprintf(meta, sizeof(meta), "{\"format_version\": 2, \"label\": \"l\", "
		 "\"harness_revision\": \"r\", \"uname\": {\"release\": \"6.12\"}, "
		 "\"vm\": {\"accel\": \"tcg\"}, %s}", decls);
	scratch_put(dir, "meta.json", meta);
	assert_int_equal(resultset_load(dir, &rs), 0);
	expect_decl(&rs, "ns_per_page", "ns", "ns_per_page");
	expect_decl(&rs, "punch_us", "us", "punch_us");
	resultset_free(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grouping_and_quotes),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_icount_names),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
