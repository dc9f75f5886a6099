// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for bench/hist.[ch]: the log-linear bucket layout, bucket
 * bounds, quantiles, merge and mean.  Expected values are worked out by
 * hand from the layout described in hist.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "bench/lib/hist.h"

#include "tests/unit/assert_near.h"

#define LAST_BUCKET (HIST_BUCKETS - 1)

static void hist_fill(struct hist *h, const uint64_t *v, size_t n)
{
	size_t i;

	hist_init(h);
	for (i = 0; i < n; i++)
		hist_add(h, v[i]);
}

static void test_layout_constants(void **state)
{
	(void)state;
	/* 16 exact buckets, then 16 per exponent 4..63: 16 + 60 * 16 */
	assert_int_equal(HIST_BUCKETS, 976);
}

static void test_bucket_of_small(void **state)
{
	(void)state;
	/* v < 16: one bucket per value */
	assert_int_equal(hist_bucket_of(0), 0);
	assert_int_equal(hist_bucket_of(1), 1);
	assert_int_equal(hist_bucket_of(15), 15);
	/* e = 4: (4-3)*16 + (v & 15), buckets of width 1 */
	assert_int_equal(hist_bucket_of(16), 16);	/* 16 + 0 */
	assert_int_equal(hist_bucket_of(17), 17);	/* 16 + 1 */
	assert_int_equal(hist_bucket_of(31), 31);	/* 16 + 15 */
}

static void test_bucket_of_large(void **state)
{
	(void)state;
	/* e = 5: 2*16 + ((v >> 1) & 15), buckets of width 2 */
	assert_int_equal(hist_bucket_of(32), 32);	/* 32 + (16 & 15 = 0) */
	assert_int_equal(hist_bucket_of(33), 32);	/* 32 + (16 & 15 = 0) */
	assert_int_equal(hist_bucket_of(47), 39);	/* 32 + (23 & 15 = 7) */
	assert_int_equal(hist_bucket_of(48), 40);	/* 32 + (24 & 15 = 8) */
	assert_int_equal(hist_bucket_of(63), 47);	/* 32 + (31 & 15 = 15) */
	/* e = 6: 3*16 + ((64 >> 2) & 15) = 48 + 0 */
	assert_int_equal(hist_bucket_of(64), 48);
	/* e = 9 (512..1023): 6*16 + ((1000 >> 5) & 15) = 96 + (31 & 15) */
	assert_int_equal(hist_bucket_of(1000), 111);
	/* e = 63: 60*16 + ((2^64-1 >> 59) & 15) = 960 + (31 & 15) = 975 */
	assert_int_equal(hist_bucket_of(UINT64_MAX), 975);
	assert_int_equal(hist_bucket_of(1ull << 63), 960);
}

static void test_bucket_bounds_by_hand(void **state)
{
	(void)state;
	assert_int_equal(hist_bucket_low(7), 7);
	assert_int_equal(hist_bucket_high(7), 8);
	/* bucket 32: e = 32/16 + 3 = 5, low = (16 + 0) << 1 = 32, width 2 */
	assert_int_equal(hist_bucket_low(32), 32);
	assert_int_equal(hist_bucket_high(32), 34);
	/* bucket 39: (16 + 7) << 1 = 46 .. 48 */
	assert_int_equal(hist_bucket_low(39), 46);
	assert_int_equal(hist_bucket_high(39), 48);
	/* bucket 111: e = 6 + 3 = 9, (16 + 15) << 5 = 992 .. 1024 */
	assert_int_equal(hist_bucket_low(111), 992);
	assert_int_equal(hist_bucket_high(111), 1024);
	/* last bucket: (16 + 15) << 59 = 31 * 2^59; high saturates */
	assert_int_equal(hist_bucket_low(LAST_BUCKET), 31ull << 59);
	assert_int_equal(hist_bucket_high(LAST_BUCKET), UINT64_MAX);
}

static void check_in_bucket(uint64_t v)
{
	unsigned int b = hist_bucket_of(v);

	assert_in_range(b, 0, LAST_BUCKET);
	if (hist_bucket_low(b) > v)
		fail_msg("v=%llu: low(%u)=%llu > v", (unsigned long long)v, b,
			 (unsigned long long)hist_bucket_low(b));
	/* the last bucket's exclusive bound 2^64 is stored as UINT64_MAX */
	if (v >= hist_bucket_high(b) && b != LAST_BUCKET)
		fail_msg("v=%llu: high(%u)=%llu <= v", (unsigned long long)v, b,
			 (unsigned long long)hist_bucket_high(b));
}

static void test_bucket_round_trip_values(void **state)
{
	static const uint64_t odd[] = {
		0, 3, 15, 100, 1000, 12345, 999999999, 0xdeadbeefcafeull,
		UINT64_MAX - 1, UINT64_MAX,
	};
	unsigned int k;

	(void)state;
	for (k = 0; k < 64; k++) {
		uint64_t p = 1ull << k;

		check_in_bucket(p - 1);
		check_in_bucket(p);
		check_in_bucket(p + 1);
		check_in_bucket(p + p / 2);	/* mid-octave */
	}
	for (k = 0; k < sizeof(odd) / sizeof(odd[0]); k++)
		check_in_bucket(odd[k]);
}

static void test_bucket_round_trip_all_buckets(void **state)
{
	unsigned int b;

	(void)state;
	/* both ends of every bucket map back to it */
	for (b = 0; b < LAST_BUCKET; b++) {
		assert_true(hist_bucket_low(b) < hist_bucket_high(b));
		assert_int_equal(hist_bucket_of(hist_bucket_low(b)), b);
		assert_int_equal(hist_bucket_of(hist_bucket_high(b) - 1), b);
	}
	assert_int_equal(hist_bucket_of(hist_bucket_low(LAST_BUCKET)), LAST_BUCKET);
}

static void test_bucket_relative_width(void **state)
{
	unsigned int b;

	(void)state;
	/* width 2^(e-4) over a low bound >= 2^e: width / low <= 1/16 */
	for (b = HIST_SUB; b < HIST_BUCKETS; b++) {
		uint64_t lo = hist_bucket_low(b), w = hist_bucket_high(b) - lo;

		if (w * 16 > lo)
			fail_msg("bucket %u: width %llu over low %llu > 1/16", b,
				 (unsigned long long)w, (unsigned long long)lo);
	}
	for (b = 0; b < HIST_SUB; b++)
		assert_int_equal(hist_bucket_high(b) - hist_bucket_low(b), 1);
}

static void test_quantile_1_to_100(void **state)
{
	struct hist h;
	uint64_t v;

	(void)state;
	hist_init(&h);
	for (v = 1; v <= 100; v++)
		hist_add(&h, v);
	/* rank 10: value 10, below 16 so reported exactly */
	assert_near(hist_quantile(&h, 0.10), 10.0, 0);
	/* rank 20: 20 is in a width-1 bucket (e = 4): exact */
	assert_near(hist_quantile(&h, 0.20), 20.0, 0);
	/* rank 50: 50 is in bucket [50, 52) (e = 5), mid (50 + 52 - 1) / 2 */
	assert_near(hist_quantile(&h, 0.50), 50.5, 0);
	/* rank 90: bucket [88, 92) (e = 6, width 4), mid (88 + 91) / 2 */
	assert_near(hist_quantile(&h, 0.90), 89.5, 0);
	/* rank 99: bucket [96, 100), mid (96 + 99) / 2 */
	assert_near(hist_quantile(&h, 0.99), 97.5, 0);
	/* rank 100: bucket [100, 104), mid 101.5 clamped to max 100 */
	assert_near(hist_quantile(&h, 1.0), 100.0, 0);
}

static void test_quantile_rank_rounds_up(void **state)
{
	static const uint64_t v[] = { 3, 1, 2 };
	struct hist h;

	(void)state;
	hist_fill(&h, v, 3);
	/* rank ceil(0.5 * 3) = ceil(1.5) = 2: the second smallest, 2 */
	assert_near(hist_quantile(&h, 0.5), 2.0, 0);
	/* rank ceil(0.9 * 3) = ceil(2.7) = 3 */
	assert_near(hist_quantile(&h, 0.9), 3.0, 0);
	/* rank ceil(0.2 * 3) = ceil(0.6) = 1 */
	assert_near(hist_quantile(&h, 0.2), 1.0, 0);
}

static void test_quantile_single_value(void **state)
{
	struct hist h;
	uint64_t v = 1000;

	(void)state;
	hist_fill(&h, &v, 1);
	/* bucket [992, 1024), mid 1007.5, clamped to min = max = 1000 */
	assert_near(hist_quantile(&h, 0.01), 1000.0, 0);
	assert_near(hist_quantile(&h, 0.5), 1000.0, 0);
	assert_near(hist_quantile(&h, 1.0), 1000.0, 0);
}

static void test_quantile_empty(void **state)
{
	struct hist h;

	(void)state;
	hist_init(&h);
	assert_near(hist_quantile(&h, 0.5), 0.0, 0);
	assert_near(hist_quantile(&h, 0.999), 0.0, 0);
	assert_near(hist_mean(&h), 0.0, 0);
}

static void test_quantile_all_equal(void **state)
{
	static const uint64_t top[] = { 1023, 1023, 1023, 1023, 1023 };
	static const uint64_t bottom[] = { 992, 992, 992 };
	struct hist h;

	(void)state;
	/* bucket [992, 1024) mid 1007.5 < min 1023: clamped up to 1023 */
	hist_fill(&h, top, 5);
	assert_near(hist_quantile(&h, 0.5), 1023.0, 0);
	assert_near(hist_quantile(&h, 0.99), 1023.0, 0);
	/* same bucket, mid 1007.5 > max 992: clamped down to 992 */
	hist_fill(&h, bottom, 3);
	assert_near(hist_quantile(&h, 0.5), 992.0, 0);
}

static void test_quantile_midpoint(void **state)
{
	static const uint64_t v[] = { 1000, 5000 };
	struct hist h;

	(void)state;
	hist_fill(&h, v, 2);
	/* rank ceil(0.5 * 2) = 1: bucket [992, 1024), mid 1007.5, no clamp */
	assert_near(hist_quantile(&h, 0.5), 1007.5, 0);
	/* rank 2: 5000 is e = 12, width 256: [4864, 5120), mid 4991.5 */
	assert_near(hist_quantile(&h, 1.0), 4991.5, 0);
}

static const uint64_t merge_a[] = { 1, 100, 5000 };
static const uint64_t merge_b[] = { 7, 3000000, 42 };

static void test_merge_equals_combined(void **state)
{
	struct hist a, b, all;
	size_t i;

	(void)state;
	hist_fill(&a, merge_a, 3);
	hist_fill(&b, merge_b, 3);
	hist_fill(&all, merge_a, 3);
	for (i = 0; i < 3; i++)
		hist_add(&all, merge_b[i]);
	hist_merge(&a, &b);
	assert_int_equal(a.count, 6);
	assert_int_equal(a.min, 1);
	assert_int_equal(a.max, 3000000);
	/* 1 + 100 + 5000 + 7 + 3000000 + 42 */
	assert_int_equal(a.sum, 3005150);
	assert_memory_equal(a.bucket, all.bucket, sizeof(a.bucket));
	assert_memory_equal(&a, &all, sizeof(a));
}

static void test_merge_empty(void **state)
{
	struct hist a, before, empty;

	(void)state;
	hist_fill(&a, merge_a, 3);
	before = a;
	hist_init(&empty);
	hist_merge(&a, &empty);
	assert_memory_equal(&a, &before, sizeof(a));
	/* and into an empty one: becomes a copy, min taken from src */
	hist_merge(&empty, &a);
	assert_memory_equal(&empty, &a, sizeof(a));
	assert_int_equal(empty.min, 1);
}

static void test_sum_saturates(void **state)
{
	struct hist a, b;

	(void)state;
	hist_init(&a);
	hist_add(&a, UINT64_MAX - 1);
	hist_add(&a, 5);
	assert_int_equal(a.sum, UINT64_MAX);
	hist_init(&b);
	hist_add(&b, 3);
	hist_merge(&b, &a);
	assert_int_equal(b.sum, UINT64_MAX);
	assert_int_equal(b.count, 3);
}

static void test_mean(void **state)
{
	struct hist h;

	(void)state;
	hist_fill(&h, merge_a, 3);
	/* (1 + 100 + 5000) / 3 = 5101 / 3 */
	assert_near(hist_mean(&h), 1700.0 + 1.0 / 3, 1e-9);
	hist_fill(&h, merge_b, 3);
	/* (7 + 3000000 + 42) / 3 = 3000049 / 3 */
	assert_near(hist_mean(&h), 1000016.0 + 1.0 / 3, 1e-6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_constants),
		cmocka_unit_test(test_bucket_of_small),
		cmocka_unit_test(test_bucket_of_large),
		cmocka_unit_test(test_bucket_bounds_by_hand),
		cmocka_unit_test(test_bucket_round_trip_values),
		cmocka_unit_test(test_bucket_round_trip_all_buckets),
		cmocka_unit_test(test_bucket_relative_width),
		cmocka_unit_test(test_quantile_1_to_100),
		cmocka_unit_test(test_quantile_rank_rounds_up),
		cmocka_unit_test(test_quantile_single_value),
		cmocka_unit_test(test_quantile_empty),
		cmocka_unit_test(test_quantile_all_equal),
		cmocka_unit_test(test_quantile_midpoint),
		cmocka_unit_test(test_merge_equals_combined),
		cmocka_unit_test(test_merge_empty),
		cmocka_unit_test(test_sum_saturates),
		cmocka_unit_test(test_mean),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
