// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for bench/lib/timeunit.[ch]: which units are times, what
 * each counts under QEMU icount, and a summary header renamed to match.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "bench/lib/timeunit.h"

static void expect_unit(const char *unit, const char *instructions)
{
	char buf[32] = "untouched";

	if (!instructions) {
		assert_false(timeunit_is_time(unit));
		assert_false(timeunit_instructions(unit, buf, sizeof(buf)));
		assert_string_equal(buf, "untouched");
		return;
	}
	assert_true(timeunit_is_time(unit));
	assert_false(timeunit_is_instructions(unit));
	assert_true(timeunit_instructions(unit, buf, sizeof(buf)));
	assert_string_equal(buf, instructions);
	assert_true(timeunit_is_instructions(buf));
	assert_false(timeunit_is_time(buf));
}

static void test_units(void **state)
{
	(void)state;
	expect_unit("ns", "ins");
	expect_unit("us", "Kins");
	expect_unit("ms", "Mins");
	expect_unit("s", "Gins");
	expect_unit("pages/s", "pages/Gins");
	expect_unit("us/MiB", "Kins/MiB");
	expect_unit("faults", NULL);
	expect_unit("pages", NULL);
	expect_unit("", NULL);
	expect_unit("nsec", NULL);
}

static void expect_header(const char *header, const char *unit, const char *renamed)
{
	char buf[32] = "untouched";

	assert_int_equal(timeunit_rename(header, unit, buf, sizeof(buf)), renamed != NULL);
	assert_string_equal(buf, renamed ? renamed : "untouched");
}

static void test_headers(void **state)
{
	(void)state;
	expect_header("ns/page", "ns", "ins/page");
	expect_header("p50ns", "ns", "p50ins");
	expect_header("punch us", "us", "punch Kins");
	expect_header("us/MiB", "us/MiB", "Kins/MiB");
	expect_header("rd flt/s", "units/s", "rd flt/Gins");
	/* a word inside another word is not the unit */
	expect_header("secs", "s", NULL);
	expect_header("uses", "us", NULL);
	expect_header("faults", "faults", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_headers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
