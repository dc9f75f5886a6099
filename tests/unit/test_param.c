// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for bench/param.[ch]: size parsing and formatting, parsing
 * values against fault_read's parameter table (enum, size, uint and the
 * custom pattern), edit distance and typo suggestions; param_fill puts
 * each type at its offset, and param_check refuses a table whose enum
 * order disagrees with its names (and passes every workload's table).
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
	assert_rejected(fr_param("tasks"), "0", 0, "1..256");
	assert_rejected(fr_param("tasks"), "257", 0, "expected");
	assert_rejected(fr_param("tasks"), "1e3", 0, "expected");
	assert_rejected(fr_param("tasks"), "-1", 0, "expected");
	parse_ok(fr_param("tasks"), "256", 0, &pv);
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
	assert_ptr_equal(param_closest(t, "taks"), fr_param("tasks"));
	assert_null(param_closest(t, "zzzzzz"));
}

/* An options struct with every kind of field, none at offset 0 by chance. */
enum colour { COLOUR_RED, COLOUR_GREEN, COLOUR_DARK_BLUE };

struct test_options {
	uint64_t count;
	enum colour colour;
	struct param_value pattern;
	uint64_t bytes;
};

static const char *const colours[] = { "red", "green", "dark-blue", NULL };
static const struct param_ident colour_idents[] = {
	PARAM_IDENT(COLOUR_RED), PARAM_IDENT(COLOUR_GREEN), PARAM_IDENT(COLOUR_DARK_BLUE),
	{ 0, NULL },
};

static int parse_test_pattern(const char *text, struct param_value *out,
			      char *err, size_t errlen)
{
	static const char *const simple[] = { "seq", "random" };

	return param_parse_pattern(text, simple, 2, 2, out, err, errlen);
}

/* In a different order from the struct: table order is not field order. */
static const struct param_desc test_table[] = {
	{ .name = "colour", .type = PT_ENUM, .values = colours, .def = "red",
	  .off = offsetof(struct test_options, colour), .idents = colour_idents },
	{ .name = "bytes", .type = PT_SIZE, .def = "4K", .min = 0, .max = 1ull << 40,
	  .off = offsetof(struct test_options, bytes) },
	{ .name = "count", .type = PT_UINT, .def = "1", .min = 0, .max = 1ull << 40,
	  .off = offsetof(struct test_options, count) },
	{ .name = "pattern", .type = PT_CUSTOM, .def = "seq", .parse = parse_test_pattern,
	  .custom_syntax = "seq|random|stride=N",
	  .off = offsetof(struct test_options, pattern) },
	{ .name = NULL },
};

static void test_fill_offsets(void **state)
{
	static const char *const text[] = { "dark-blue", "3G", "12345678901", "stride=7" };
	struct param_value vals[4];
	struct test_options o;
	char err[256] = "";
	int i;

	(void)state;
	if (param_check(test_table, sizeof(o), err, sizeof(err)))
		fail_msg("param_check: %s", err);
	for (i = 0; i < 4; i++)
		parse_ok(&test_table[i], text[i], 0, &vals[i]);
	memset(&o, 0xa5, sizeof(o));	/* param_fill zeroes what it does not set */
	param_fill(test_table, vals, &o, sizeof(o));
	assert_int_equal(o.colour, COLOUR_DARK_BLUE);
	assert_int_equal(o.bytes, 3 * GIB);
	assert_int_equal(o.count, 12345678901ull);
	assert_int_equal(o.pattern.idx, 2);		/* seq, random, stride */
	assert_int_equal(o.pattern.num, 7);
	assert_string_equal(o.pattern.text, "stride=7");
}

/* The enum reordered, the names not: COLOUR_GREEN is now 0 but values[0] is "red". */
enum swapped_colour { SWAPPED_GREEN, SWAPPED_RED, SWAPPED_DARK_BLUE };

static void assert_check_fails(const struct param_desc *table, size_t size,
			       const char *needle)
{
	char err[256] = "";

	if (!param_check(table, size, err, sizeof(err)))
		fail_msg("param_check accepted a table that should fail with \"%s\"", needle);
	if (!strstr(err, needle))
		fail_msg("param_check: \"%s\" does not say \"%s\"", err, needle);
}

static void test_check_enum_order(void **state)
{
	static const struct param_ident swapped[] = {
		PARAM_IDENT(SWAPPED_GREEN), PARAM_IDENT(SWAPPED_RED),
		PARAM_IDENT(SWAPPED_DARK_BLUE), { 0, NULL },
	};
	static const struct param_ident short_list[] = {
		PARAM_IDENT(COLOUR_RED), PARAM_IDENT(COLOUR_GREEN), { 0, NULL },
	};
	struct param_desc t[2] = { test_table[0], { .name = NULL } };

	(void)state;
	t[0].idents = swapped;
	assert_check_fails(t, sizeof(struct test_options),
			   "enumerator SWAPPED_GREEN = 0 does not name \"red\"");
	t[0].idents = short_list;
	assert_check_fails(t, sizeof(struct test_options), "2 enumerators for 3 values");
	t[0].idents = NULL;
	assert_check_fails(t, sizeof(struct test_options), "no idents");
}

static void test_check_fields(void **state)
{
	struct param_desc t[3] = { test_table[1], test_table[2], { .name = NULL } };

	(void)state;
	t[1].off = t[0].off - 4;	/* count over bytes' first half */
	assert_check_fails(t, sizeof(struct test_options), "overlaps bytes");
	t[1].off = sizeof(struct test_options) - 4;
	assert_check_fails(t, sizeof(struct test_options), "past the");
}

/* Every registered workload's table agrees with its options struct. */
static void test_workload_tables(void **state)
{
	char err[256];
	int i;

	(void)state;
	for (i = 0; workloads[i]; i++) {
		assert_true(workloads[i]->options_size > 0);
		if (param_check(workloads[i]->params, workloads[i]->options_size, err,
				sizeof(err)))
			fail_msg("%s: %s", workloads[i]->name, err);
	}
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
		cmocka_unit_test(test_fill_offsets),
		cmocka_unit_test(test_check_enum_order),
		cmocka_unit_test(test_check_fields),
		cmocka_unit_test(test_workload_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
