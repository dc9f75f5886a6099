// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for bench/param.[ch]: size parsing and formatting, parsing
 * values against fault_read's parameter table (enum, size, uint and the
 * custom pattern), edit distance and typo suggestions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "bench/lib/param.h"
#include "workloads/workload.h"

extern const struct workload fault_read_workload;

#define GIB (1ull << 30)

static const struct param_desc *fr_param(const char *name)
{
	const struct param_desc *pd = param_find(fault_read_workload.params,
						 name, NULL);

	assert_non_null(pd);
	return pd;
}

static void assert_size(const char *text, uint64_t expect)
{
	uint64_t v = 0;

	if (param_parse_size(text, &v))
		fail_msg("param_parse_size(\"%s\") rejected", text);
	if (v != expect)
		fail_msg("param_parse_size(\"%s\") = %llu, expected %llu", text,
			 (unsigned long long)v, (unsigned long long)expect);
}

static void assert_bad_size(const char *text)
{
	uint64_t v = 0;

	if (!param_parse_size(text, &v))
		fail_msg("param_parse_size(\"%s\") accepted as %llu", text,
			 (unsigned long long)v);
}

/* Parse text against pd; expect failure with an err containing needle. */
static void assert_rejected(const struct param_desc *pd, const char *text,
			    uint64_t avail, const char *needle)
{
	struct param_value pv;
	char err[256] = "";

	if (!param_parse(pd, text, &pv, avail, err, sizeof(err)))
		fail_msg("%s = \"%s\" accepted", pd->name, text);
	if (!strstr(err, needle))
		fail_msg("%s = \"%s\": error \"%s\" lacks \"%s\"", pd->name,
			 text, err, needle);
}

static void parse_ok(const struct param_desc *pd, const char *text,
		     uint64_t avail, struct param_value *pv)
{
	char err[256] = "";

	if (param_parse(pd, text, pv, avail, err, sizeof(err)))
		fail_msg("%s = \"%s\" rejected: %s", pd->name, text, err);
}

static void test_parse_size_good(void **state)
{
	(void)state;
	assert_size("64M", 67108864);		/* 64 * 2^20 */
	assert_size("4k", 4096);		/* 4 * 2^10, lower case */
	assert_size("1G", 1073741824);		/* 2^30 */
	assert_size("1GiB", 1073741824);
	assert_size("1KB", 1024);
	assert_size("2T", 2199023255552ull);	/* 2 * 2^40 */
	assert_size("0", 0);
	assert_size("12", 12);
	/* largest T that fits: 2^24 - 1 T = 2^64 - 2^40 */
	assert_size("16777215T", 18446742974197923840ull);
	assert_size("18446744073709551615", UINT64_MAX);
}

static void test_parse_size_bad(void **state)
{
	(void)state;
	assert_bad_size("");
	assert_bad_size("M");
	assert_bad_size("1X");
	assert_bad_size("-1");
	assert_bad_size("1.5G");
	assert_bad_size("99999999999T");	/* > 2^24 T: overflows */
	assert_bad_size("16777216T");		/* exactly 2^64 */
	assert_bad_size("18446744073709551616");	/* 2^64 */
	assert_bad_size("1KiBx");
	assert_bad_size("0x10");
	assert_bad_size(" 1");
}

static void assert_format(uint64_t bytes, const char *expect)
{
	char buf[32];
	uint64_t back;

	param_format_size(bytes, buf, sizeof(buf));
	assert_string_equal(buf, expect);
	assert_int_equal(param_parse_size(buf, &back), 0);
	assert_int_equal(back, bytes);
}

static void test_format_size(void **state)
{
	(void)state;
	assert_format(67108864, "64M");		/* 64 * 2^20 */
	assert_format(1536, "1536");		/* 1.5K: no exact unit */
	assert_format(1572864, "1536K");	/* 1536 * 2^10, 1.5M */
	assert_format(3 * GIB, "3G");
	assert_format(1ull << 40, "1T");
	assert_format(1ull << 50, "1024T");	/* T is the largest unit */
	assert_format(1024, "1K");
	assert_format(1, "1");
	assert_format(0, "0");
	assert_format(UINT64_MAX, "18446744073709551615");
}

static void test_size_range(void **state)
{
	(void)state;
	assert_rejected(fr_param("size"), "0", 0, "expected");
	assert_rejected(fr_param("size"), "32K", 0, "expected");	/* < 64K */
	assert_rejected(fr_param("size"), "2T", 0, "expected");	/* > 1T */
}

static void test_size_alignment(void **state)
{
	(void)state;
	/* 66K = 67584 = 16.5 pages of 4096 */
	assert_rejected(fr_param("size"), "66K", 0, "multiple of 4K");
	assert_rejected(fr_param("size"), "65537", 0, "expected");
}

static void test_size_memory(void **state)
{
	struct param_value pv;

	(void)state;
	assert_rejected(fr_param("size"), "2G", GIB, "MemAvailable");
	/* exactly what is available is allowed; 0 means unknown */
	parse_ok(fr_param("size"), "1G", GIB, &pv);
	assert_int_equal(pv.num, GIB);
	parse_ok(fr_param("size"), "2G", 0, &pv);
	assert_int_equal(pv.num, 2 * GIB);
}

static void test_size_canonical(void **state)
{
	struct param_value pv;

	(void)state;
	parse_ok(fr_param("size"), "65536", 0, &pv);
	assert_int_equal(pv.num, 65536);
	assert_string_equal(pv.text, "64K");	/* 65536 / 1024 = 64 */
	parse_ok(fr_param("size"), "1GiB", 0, &pv);
	assert_string_equal(pv.text, "1G");
}

static void test_enum(void **state)
{
	struct param_value pv;

	(void)state;
	assert_rejected(fr_param("backend"), "tmpfs", 0, "memfd|shm|anon");
	assert_rejected(fr_param("backend"), "", 0, "expected");
	parse_ok(fr_param("backend"), "anon", 0, &pv);
	assert_int_equal(pv.idx, 2);		/* memfd, shm, anon */
	assert_string_equal(pv.text, "anon");
	parse_ok(fr_param("uffd"), "minor", 0, &pv);
	assert_int_equal(pv.idx, 3);		/* none, missing, wp, minor */
}

static void test_uint(void **state)
{
	struct param_value pv;

	(void)state;
	assert_rejected(fr_param("threads"), "0", 0, "1..256");
	assert_rejected(fr_param("threads"), "257", 0, "expected");
	assert_rejected(fr_param("threads"), "1e3", 0, "expected");
	assert_rejected(fr_param("threads"), "-1", 0, "expected");
	parse_ok(fr_param("threads"), "256", 0, &pv);
	assert_int_equal(pv.num, 256);
}

static void test_pattern(void **state)
{
	struct param_value pv;

	(void)state;
	parse_ok(fr_param("pattern"), "stride=4", 0, &pv);
	assert_int_equal(pv.idx, 3);		/* seq, reverse, random, stride */
	assert_int_equal(pv.num, 4);
	assert_string_equal(pv.text, "stride=4");
	parse_ok(fr_param("pattern"), "random", 0, &pv);
	assert_int_equal(pv.idx, 2);
	parse_ok(fr_param("pattern"), "stride=1048576", 0, &pv);
	assert_int_equal(pv.num, 1048576);
	assert_rejected(fr_param("pattern"), "stride=1", 0, "stride=N");
	assert_rejected(fr_param("pattern"), "stride=x", 0, "stride=N");
	assert_rejected(fr_param("pattern"), "stride=", 0, "stride=N");
	assert_rejected(fr_param("pattern"), "stride=1048577", 0, "stride=N");
}

static void test_value_too_long(void **state)
{
	char text[80];

	(void)state;
	/* 70 characters cannot fit param_value.text[64] */
	memset(text, 'a', 70);
	text[70] = '\0';
	assert_rejected(fr_param("backend"), text, 0, "expected");
}

static void test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(edit_distance("size", "szie"), 2);	/* 2 substitutions */
	assert_int_equal(edit_distance("kitten", "sitting"), 3);	/* k>s, e>i, +g */
	assert_int_equal(edit_distance("", "abc"), 3);
	assert_int_equal(edit_distance("abc", ""), 3);
	assert_int_equal(edit_distance("uffd", "uffd"), 0);
	assert_int_equal(edit_distance("flaw", "lawn"), 2);	/* -f, +n */
}

static void test_find_and_closest(void **state)
{
	const struct param_desc *t = fault_read_workload.params;
	int idx = -1;

	(void)state;
	assert_int_equal(param_count(t), 7);
	assert_non_null(param_find(t, "uffd", &idx));
	assert_int_equal(idx, 5);
	assert_non_null(param_find(t, "wp_range", &idx));
	assert_int_equal(idx, 6);
	assert_null(param_find(t, "szie", NULL));
	assert_ptr_equal(param_closest(t, "szie"), fr_param("size"));
	assert_ptr_equal(param_closest(t, "threds"), fr_param("threads"));
	assert_null(param_closest(t, "zzzzzz"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_size_good),
		cmocka_unit_test(test_parse_size_bad),
		cmocka_unit_test(test_format_size),
		cmocka_unit_test(test_size_range),
		cmocka_unit_test(test_size_alignment),
		cmocka_unit_test(test_size_memory),
		cmocka_unit_test(test_size_canonical),
		cmocka_unit_test(test_enum),
		cmocka_unit_test(test_uint),
		cmocka_unit_test(test_pattern),
		cmocka_unit_test(test_value_too_long),
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_find_and_closest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
