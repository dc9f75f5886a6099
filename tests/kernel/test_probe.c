// SPDX-License-Identifier: GPL-2.0-only
/*
 * `fabench probe` against the running kernel.  The expectations are this
 * machine's (docs: ../shared/BRIEF.md section 3, the development VM and CI
 * alike): Linux 6.18 with uffd-wp on shmem and PTE markers, fault-around off
 * in wp and minor VMAs, debugfs under lockdown, no soft-dirty, no swap.
 * Every failure message says what the probe saw.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "probe.h"
#include "support/point_run.h"

#define HANG_LIMIT_S 60

static struct probe_result pr;

static int run_probe(void **s)
{
	(void)s;
	point_detect();
	alarm(HANG_LIMIT_S);
	probe_run(&pr);
	alarm(0);
	return 0;
}

static void expect_prefix(const char *what, const char *seen, const char *prefix)
{
	if (strncmp(seen, prefix, strlen(prefix)))
		fail_msg("%s: expected \"%s...\", saw \"%s\"", what, prefix, seen);
}

static void expect_text(const char *what, const char *seen, const char *want)
{
	if (strcmp(seen, want))
		fail_msg("%s: expected \"%s\", saw \"%s\"", what, want, seen);
}

static void test_uname(void **s)
{
	struct utsname u;

	(void)s;
	assert_int_equal(uname(&u), 0);
	expect_text("release", pr.release, u.release);
	expect_text("machine", pr.machine, u.machine);
}

static void test_uffd_modes_register(void **s)
{
	int m;

	(void)s;
	point_need_uffd();
	expect_prefix("uffd opened by", pr.uffd_opened_by, "userfaultfd(2)");
	expect_prefix("uffd features", pr.uffd_features, "0x");
	for (m = UFFD_MODE_MISSING; m < PROBE_MODES; m++)
		expect_text(uffd_mode_name(m), pr.uffd_register[m], "yes");
}

/* Since 5.19 no fault-around in wp and minor VMAs; none and missing keep it. */
static void test_fault_around_per_mode(void **s)
{
	static const bool active[PROBE_MODES] = { true, true, false, false };
	int m;

	(void)s;
	point_need_uffd();
	for (m = UFFD_MODE_NONE; m < PROBE_MODES; m++) {
		const struct probe_fault_around *fa = &pr.fault_around[m];

		if (!fa->measured || fa->active != active[m])
			fail_msg("fault-around %s: expected %s, saw \"%s\"", uffd_mode_name(m),
				 active[m] ? "active" : "inactive", fa->text);
		if (fa->pages != 1024)
			fail_msg("fault-around %s: read %llu pages, expected 1024",
				 uffd_mode_name(m), (unsigned long long)fa->pages);
	}
	/* 64 KiB windows tile the 2 MiB-aligned range exactly */
	if (pr.fault_around[UFFD_MODE_NONE].faults != 64 ||
	    pr.fault_around[UFFD_MODE_WP].faults != 1024)
		fail_msg("faults: none %llu (expected 64), wp %llu (expected 1024)",
			 (unsigned long long)pr.fault_around[UFFD_MODE_NONE].faults,
			 (unsigned long long)pr.fault_around[UFFD_MODE_WP].faults);
}

static void test_fault_around_bytes_locked_down(void **s)
{
	(void)s;
	expect_text("fault_around_bytes", pr.fault_around_bytes,
		    "unsupported: EPERM reading /sys/kernel/debug/fault_around_bytes");
	expect_text("fault_around_bytes writable", pr.fault_around_bytes_writable,
		    "no (EPERM)");
}

static void test_pagemap(void **s)
{
	(void)s;
	/* a real kernel without PAGEMAP_SCAN says ENOTTY; qemu-user, ENOSYS */
	if (strstr(pr.pagemap_scan, "ENOSYS") && strstr(point_no_uffd, "qemu-user"))
		point_skip("PAGEMAP_SCAN: ENOSYS (qemu-user passes no unknown ioctl)");
	expect_text("PAGEMAP_SCAN", pr.pagemap_scan,
		    "present (the written page reported PAGE_IS_PRESENT)");
	expect_text("soft-dirty", pr.soft_dirty,
		    "unsupported: soft-dirty bit never set (CONFIG_MEM_SOFT_DIRTY off?)");
}

static void test_swap_none(void **s)
{
	(void)s;
	expect_text("swap", pr.swap, "none");
}

static void test_wp_kept_across_zap(void **s)
{
	(void)s;
	point_need_uffd();
	expect_text("pte marker", pr.pte_marker, "wp kept across zap (PTE marker)");
	expect_text("pagemap bit 57 after the zap", pr.pte_marker_pagemap, "set");
}

static void test_tracepoints_present(void **s)
{
	int i;

	(void)s;
	for (i = 0; i < PROBE_TRACEPOINTS; i++)
		expect_prefix(pr.tracepoint[i], pr.tracepoint_status[i], "present (id ");
}

static void test_kernel_config(void **s)
{
	(void)s;
	expect_prefix("kernel config", pr.kernel_config, "/proc/config.gz readable (");
}

/* Text and JSON carry the same data. */
static void test_print_and_json(void **s)
{
	char *text = NULL, *dump;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	json_t *j;

	(void)s;
	point_need_uffd();
	assert_non_null(f);
	probe_print(f, &pr);
	fclose(f);
	if (!strstr(text, "\nfault-around       wp: inactive (1.0 pages/fault)\n") ||
	    !strstr(text, "\nswap               none\n"))
		fail_msg("text output:\n%s", text);
	free(text);
	j = probe_to_json(&pr);
	assert_non_null(j);
	dump = json_dumps(j, JSON_COMPACT);
	if (!json_is_true(json_object_get(json_object_get(json_object_get(j, "fault_around"),
							  "none"), "active")) ||
	    strcmp(json_string_value(json_object_get(j, "swap")), "none") ||
	    !json_is_array(json_object_get(json_object_get(j, "uffd"), "feature_names")))
		fail_msg("json: %s", dump);
	free(dump);
	json_decref(j);
}

static void write_text(const char *dir, const char *rel, const char *text)
{
	char path[512], cmd[600];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname %s/%s)\"", dir, rel);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* FABENCH_SYSFS_ROOT: the knobs are read from a fake tree. */
static void test_fake_sysfs_root(void **s)
{
	char dir[] = "/tmp/fabench-sysfs-XXXXXX", cmd[64];
	struct probe_result *fake = malloc(sizeof(*fake));

	(void)s;
	assert_non_null(fake);
	assert_non_null(mkdtemp(dir));
	write_text(dir, "sys/kernel/debug/fault_around_bytes", "4096\n");
	write_text(dir, "sys/kernel/mm/transparent_hugepage/shmem_enabled",
		   "always [within_size] advise never deny force\n");
	setenv("FABENCH_SYSFS_ROOT", dir, 1);
	probe_run(fake);
	unsetenv("FABENCH_SYSFS_ROOT");
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	expect_text("fake fault_around_bytes", fake->fault_around_bytes, "4096");
	expect_text("fake writable", fake->fault_around_bytes_writable, "yes");
	expect_text("fake shmem_enabled", fake->thp_shmem_enabled, "within_size");
	free(fake);
}

/* A fake tree without the files: unsupported with the reason, no value. */
static void test_fake_sysfs_root_empty(void **s)
{
	char dir[] = "/tmp/fabench-sysfs-XXXXXX";
	struct probe_result *fake = malloc(sizeof(*fake));

	(void)s;
	assert_non_null(fake);
	assert_non_null(mkdtemp(dir));
	setenv("FABENCH_SYSFS_ROOT", dir, 1);
	probe_run(fake);
	unsetenv("FABENCH_SYSFS_ROOT");
	rmdir(dir);
	expect_prefix("missing fault_around_bytes", fake->fault_around_bytes, "unsupported: no ");
	if (!strstr(fake->fault_around_bytes, "(ENOENT)"))
		fail_msg("missing fault_around_bytes: no ENOENT in \"%s\"", fake->fault_around_bytes);
	expect_prefix("missing writable", fake->fault_around_bytes_writable, "unsupported: ");
	expect_prefix("missing shmem_enabled", fake->thp_shmem_enabled, "unsupported: ENOENT reading ");
	free(fake);
}

/* This VM has no hardware PMU: libpfm4 finds none and the probe says so. */
static void test_pmu_none(void **s)
{
	(void)s;
	expect_prefix("pmu", pr.pmu, "unsupported: no PMU");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uname),
		cmocka_unit_test(test_uffd_modes_register),
		cmocka_unit_test(test_fault_around_per_mode),
		cmocka_unit_test(test_fault_around_bytes_locked_down),
		cmocka_unit_test(test_pagemap),
		cmocka_unit_test(test_swap_none),
		cmocka_unit_test(test_wp_kept_across_zap),
		cmocka_unit_test(test_tracepoints_present),
		cmocka_unit_test(test_kernel_config),
		cmocka_unit_test(test_pmu_none),
		cmocka_unit_test(test_print_and_json),
		cmocka_unit_test(test_fake_sysfs_root),
		cmocka_unit_test(test_fake_sysfs_root_empty),
	};

	return cmocka_run_group_tests_name("probe", tests, run_probe, NULL);
}
