// SPDX-License-Identifier: GPL-2.0-only
/*
 * `fabench probe` against the running kernel.  Nothing here expects one
 * machine: each claim of the probe is held against a second measurement of
 * the same thing (a fault_read run of the same uffd mode, the debugfs file
 * read here, /proc/swaps, tracefs, a run's PMU events), so the same tests
 * pass on the development VM (knob locked, no PMU, no soft-dirty) and in a
 * guest (knob writable, soft-dirty on).  Every failure message says what
 * both sides saw.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bench/probe/probe.h"
#include "tests/kernel/support/point_run.h"

#define HANG_LIMIT_S 60
/* fault_read's pages per fault and the probe's agree this closely */
#define PPF_TOLERANCE 0.05

static struct probe_result pr;

static int run_probe(void **s)
{
	if (point_env_setup(s))
		return -1;
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

static bool is_unsupported(const char *text)
{
	return !strncmp(text, "unsupported: ", 13) && text[13];
}

/* One repetition of fault_read on a populated 4 MiB memfd in one uffd mode. */
static struct point_run *run_fault_read(const char *mode)
{
	char text[256];

	snprintf(text, sizeof(text),
		 "[fault_read]\nbackend = memfd\nsize = 4M\ncache = populated\nuffd = %s\n", mode);
	return point_run_text(text, 0);
}

static void test_uname(void **s)
{
	struct utsname u;

	(void)s;
	assert_int_equal(uname(&u), 0);
	expect_text("release", pr.release, u.release);
	expect_text("machine", pr.machine, u.machine);
}

/*
 * The probe's register answer per mode against a run in that mode: "yes"
 * where the run measured, the same errno where the run is unsupported.
 */
static void test_uffd_register_matches_runs(void **s)
{
	int m;

	(void)s;
	point_need_uffd();
	if (strncmp(pr.uffd_opened_by, "userfaultfd(2)", 14) &&
	    strncmp(pr.uffd_opened_by, "/dev/userfaultfd", 16))
		fail_msg("uffd opened by \"%s\"", pr.uffd_opened_by);
	expect_prefix("uffd features", pr.uffd_features, "0x");
	for (m = UFFD_MODE_MISSING; m < PROBE_MODES; m++) {
		struct point_run *run = run_fault_read(uffd_mode_name(m));
		const char *probe = pr.uffd_register[m];
		const char *err;

		if (!strcmp(probe, "yes")) {
			if (run->rep.status)
				fail_msg("%s: probe says it registers, the run says \"%s\"",
					 uffd_mode_name(m), run->rep.why);
		} else {
			err = strstr(probe, ": E");
			if (!is_unsupported(probe) || !err)
				fail_msg("%s: probe says \"%s\"", uffd_mode_name(m), probe);
			if (run->rep.status != WL_UNSUPPORTED || !strstr(run->rep.why, err + 2))
				fail_msg("%s: probe says \"%s\", the run (status %d) \"%s\"",
					 uffd_mode_name(m), probe, run->rep.status, run->rep.why);
		}
		point_run_free(run);
	}
}

/*
 * The probe's pages per fault per mode against fault_read's, and both
 * against fault_around_bytes / page size where the knob can be read: the
 * probe maps a 2 MiB-aligned 4 MiB memfd, so windows tile it exactly.
 */
static void test_fault_around_matches_runs(void **s)
{
	uint64_t window = 0;
	char why[160];
	int m;

	(void)s;
	point_need_uffd();
	if (point_fault_around_window(&window, why, sizeof(why)))
		print_message("fault_around_bytes: %s; the probe is checked against runs only\n",
			      why);
	for (m = UFFD_MODE_NONE; m < PROBE_MODES; m++) {
		const struct probe_fault_around *fa = &pr.fault_around[m];
		struct point_run *run;
		double ppf;

		if (!fa->measured) {
			if (strcmp(pr.uffd_register[m], "yes") && m != UFFD_MODE_NONE)
				continue;	/* the mode does not register: checked above */
			fail_msg("fault-around %s not measured: %s", uffd_mode_name(m), fa->text);
		}
		if (fa->pages != point_pages(4u << 20))
			fail_msg("fault-around %s: read %llu pages of a 4 MiB memfd",
				 uffd_mode_name(m), (unsigned long long)fa->pages);
		run = run_fault_read(uffd_mode_name(m));
		point_assert_ok(run);
		ppf = point_metric(run, "pages_per_fault");
		if (fabs(ppf - fa->pages_per_fault) > PPF_TOLERANCE * fa->pages_per_fault ||
		    fa->active != (ppf > PROBE_ACTIVE_PPF))
			fail_msg("fault-around %s: probe \"%s\", fault_read %.2f pages/fault",
				 uffd_mode_name(m), fa->text, ppf);
		point_run_free(run);
	}
	if (window && pr.fault_around[UFFD_MODE_NONE].faults * window !=
		      pr.fault_around[UFFD_MODE_NONE].pages)
		fail_msg("uffd none: %llu faults for %llu pages, fault_around_bytes says %llu pages a fault",
			 (unsigned long long)pr.fault_around[UFFD_MODE_NONE].faults,
			 (unsigned long long)pr.fault_around[UFFD_MODE_NONE].pages,
			 (unsigned long long)window);
}

/* The knob's value as the file gives it, or the file's error as the reason. */
static void test_fault_around_bytes_matches_file(void **s)
{
	char why[160], want[200], *end;
	uint64_t window, bytes;

	(void)s;
	if (point_fault_around_window(&window, why, sizeof(why))) {
		snprintf(want, sizeof(want), "unsupported: %s", why);
		expect_text("fault_around_bytes", pr.fault_around_bytes, want);
		if (strncmp(pr.fault_around_bytes_writable, "no (", 4) &&
		    !is_unsupported(pr.fault_around_bytes_writable))
			fail_msg("unreadable knob, writable says \"%s\"",
				 pr.fault_around_bytes_writable);
		return;
	}
	bytes = strtoull(pr.fault_around_bytes, &end, 10);
	if (*end || (point_pages(bytes) ?: 1) != window)
		fail_msg("fault_around_bytes: probe \"%s\", the file %llu pages",
			 pr.fault_around_bytes, (unsigned long long)window);
	if (strcmp(pr.fault_around_bytes_writable, "yes") &&
	    strncmp(pr.fault_around_bytes_writable, "no (", 4))
		fail_msg("fault_around_bytes writable: \"%s\"", pr.fault_around_bytes_writable);
}

/* One point of a dirty-tracking method on memfd: 0 ok, else its status. */
static int dirty_status(const char *method, char *why, size_t len)
{
	char text[256];
	struct point_run *run;
	int status;

	snprintf(text, sizeof(text), "[%s]\nbackend = memfd\nsize = 4M\npages = 256\n", method);
	run = point_run_text(text, 0);
	status = run->rep.status;
	snprintf(why, len, "%s", run->rep.why);
	point_run_free(run);
	return status;
}

/* PAGEMAP_SCAN and soft-dirty: the probe's verdicts against the methods using them. */
static void test_pagemap_matches_dirty_runs(void **s)
{
	bool scan = !strncmp(pr.pagemap_scan, "present", 7);
	bool soft = !is_unsupported(pr.soft_dirty);
	char why[256];
	int st;

	(void)s;
	/* a real kernel without PAGEMAP_SCAN says ENOTTY; qemu-user, ENOSYS */
	if (strstr(pr.pagemap_scan, "ENOSYS") && strstr(point_no_uffd, "qemu-user"))
		point_skip("PAGEMAP_SCAN: ENOSYS (qemu-user passes no unknown ioctl)");
	point_need_uffd();
	if (!scan && !is_unsupported(pr.pagemap_scan))
		fail_msg("PAGEMAP_SCAN: \"%s\"", pr.pagemap_scan);
	st = dirty_status("dirty_wp_async", why, sizeof(why));
	if (scan != (st == 0))
		fail_msg("PAGEMAP_SCAN: probe \"%s\", dirty_wp_async status %d \"%s\"",
			 pr.pagemap_scan, st, why);
	st = dirty_status("dirty_softdirty", why, sizeof(why));
	if (soft != (st == 0))
		fail_msg("soft-dirty: probe \"%s\", dirty_softdirty status %d \"%s\"",
			 pr.soft_dirty, st, why);
}

/* One entry per area of /proc/swaps, or "none". */
static void test_swap_matches_proc(void **s)
{
	int areas = point_swap_areas(), listed = 0;
	const char *p;

	(void)s;
	if (!areas) {
		expect_text("swap", pr.swap, "none");
		return;
	}
	for (p = pr.swap; p; p = strstr(p + 1, " KiB used)"))
		listed += p != pr.swap;
	if (listed != areas)
		fail_msg("swap: /proc/swaps has %d areas, the probe says \"%s\"", areas, pr.swap);
}

/*
 * The write after the zap (a WP fault, or none) and pagemap's uffd-wp bit
 * of the zapped page are two observations of one PTE marker: they agree.
 */
static void test_pte_marker_observations_agree(void **s)
{
	(void)s;
	point_need_uffd();
	if (strcmp(pr.uffd_register[UFFD_MODE_WP], "yes"))
		point_skip("uffd-wp does not register on shmem here");
	if (!strcmp(pr.pte_marker, "wp kept across zap (PTE marker)"))
		expect_text("pagemap bit 57 after the zap (wp kept)", pr.pte_marker_pagemap, "set");
	else if (!strcmp(pr.pte_marker, "wp LOST across zap"))
		expect_text("pagemap bit 57 after the zap (wp lost)", pr.pte_marker_pagemap,
			    "clear");
	else
		fail_msg("pte marker: \"%s\"", pr.pte_marker);
}

/* Present with tracefs's own id where tracefs has the event, else unsupported. */
static void test_tracepoints_match_tracefs(void **s)
{
	char path[256], id[32], want[64];
	FILE *f;
	int i;

	(void)s;
	for (i = 0; i < PROBE_TRACEPOINTS; i++) {
		const char *colon = strchr(pr.tracepoint[i], ':');

		snprintf(path, sizeof(path), "/sys/kernel/tracing/events/%.*s/%s/id",
			 (int)(colon - pr.tracepoint[i]), pr.tracepoint[i], colon + 1);
		f = fopen(path, "r");
		if (!f) {
			if (errno == ENOENT && access("/sys/kernel/tracing/events", F_OK))
				continue;	/* tracefs not mounted here: the probe mounts its own */
			if (!is_unsupported(pr.tracepoint_status[i]))
				fail_msg("%s: %s missing, the probe says \"%s\"", pr.tracepoint[i],
					 path, pr.tracepoint_status[i]);
			continue;
		}
		assert_non_null(fgets(id, sizeof(id), f));
		fclose(f);
		id[strcspn(id, "\n")] = '\0';
		snprintf(want, sizeof(want), "present (id %s, ", id);
		expect_prefix(pr.tracepoint[i], pr.tracepoint_status[i], want);
	}
}

/* Readable with the bytes read here, or the open's error. */
static void test_kernel_config_matches_file(void **s)
{
	char want[128], chunk[4096];
	size_t n, total = 0;
	FILE *f = fopen("/proc/config.gz", "r");

	(void)s;
	if (!f) {
		snprintf(want, sizeof(want), "unsupported: %s reading /proc/config.gz",
			 strerrorname_np(errno) ?: "error");
		expect_text("kernel config", pr.kernel_config, want);
		return;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		total += n;
	fclose(f);
	snprintf(want, sizeof(want), "/proc/config.gz readable (%zu bytes)", total);
	expect_text("kernel config", pr.kernel_config, want);
}

/*
 * The pmu line is a claim only when an event counted: usable exactly when
 * a run's PMU events count, "unsupported: <reason>" exactly when none does,
 * and the model is the one libpfm4 detects.
 */
static void test_pmu_claim_matches_run(void **s)
{
	const struct counter_list *cl = &test_env.counters;
	struct point_run *run;
	char model[64] = "", why[128];
	int i, counted = 0, listed = 0;

	(void)s;
	point_need_perf();
	if (pmu_detect(model, sizeof(model), why, sizeof(why)))
		model[0] = '\0';
	expect_text("pmu model", pr.pmu.model, model);
	run = run_fault_read("none");
	point_assert_ok(run);
	for (i = 0; i < cl->n; i++) {
		const struct metric *m;

		if (cl->spec[i].kind != COUNTER_PMU)
			continue;
		listed++;
		m = metric_get(&run->rep.metrics, cl->spec[i].metric);
		assert_non_null(m);
		counted += !m->unsupported[0];
	}
	point_run_free(run);
	if (!listed)
		fail_msg("the default events list no PMU event, not even %s", PMU_GENERIC_TLB_EVENT);
	if (pr.pmu.usable != (counted > 0) || pr.pmu.usable == is_unsupported(pr.pmu.text))
		fail_msg("pmu \"%s\" (usable %d), yet %d of %d PMU events counted in a run",
			 pr.pmu.text, pr.pmu.usable, counted, listed);
	print_message("pmu: %s\n", pr.pmu.text);
}

/* Text and JSON carry the same data. */
static void test_print_and_json(void **s)
{
	/* a value starts at column 19; its next lines are indented to it */
	static const char cont[] = "\n                   ";
	const struct { const char *head, *value; } want[] = {
		{ "\nfault-around       wp: ", pr.fault_around[UFFD_MODE_WP].text },
		{ "\nswap               ", pr.swap },
		{ "\npmu                ", pr.pmu.text },
	};
	char *text = NULL, *dump, *line, *p;
	const char *v;
	size_t len = 0, i;
	FILE *f = open_memstream(&text, &len);
	json_t *j, *none;

	(void)s;
	assert_non_null(f);
	probe_print(f, &pr);
	fclose(f);
	for (line = text; *line; line = p + 1) {
		p = strchrnul(line, '\n');
		if (p - line > 80)
			fail_msg("a line of %d columns in the text output:\n%s",
				 (int)(p - line), text);
		if (!*p)
			break;
	}
	/*
	 * Each value as in the struct, read across its lines: where a line
	 * breaks, the value has spaces (dropped) or a word goes on (after a
	 * '/' or ',', or cut); the value ends where its lines end.
	 */
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		p = strstr(text, want[i].head);
		if (!p)
			fail_msg("no \"%s\" line in the text output:\n%s", want[i].head + 1, text);
		p += strlen(want[i].head);
		v = want[i].value;
		while (*v) {
			if (!strncmp(p, cont, strlen(cont))) {
				p += strlen(cont);
				v += strspn(v, " ");
			} else if (*p == *v) {
				p++;
				v++;
			} else {
				break;
			}
		}
		if (*v || *p != '\n' || !strncmp(p, cont, strlen(cont)))
			fail_msg("\"%s%s\" is not in the text output:\n%s", want[i].head + 1,
				 want[i].value, text);
	}
	free(text);
	j = probe_to_json(&pr);
	assert_non_null(j);
	dump = json_dumps(j, JSON_COMPACT);
	none = json_object_get(json_object_get(j, "fault_around"), "none");
	if (pr.fault_around[UFFD_MODE_NONE].measured &&
	    json_is_true(json_object_get(none, "active")) != pr.fault_around[UFFD_MODE_NONE].active)
		fail_msg("json fault_around.none: %s", dump);
	if (strcmp(json_string_value(json_object_get(j, "swap")), pr.swap) ||
	    strcmp(json_string_value(json_object_get(j, "pmu")), pr.pmu.text) ||
	    json_is_true(json_object_get(json_object_get(j, "pmu_check"), "usable")) != pr.pmu.usable ||
	    (!is_unsupported(pr.uffd_features) &&
	     !json_is_array(json_object_get(json_object_get(j, "uffd"), "feature_names"))))
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uname),
		cmocka_unit_test(test_uffd_register_matches_runs),
		cmocka_unit_test(test_fault_around_matches_runs),
		cmocka_unit_test(test_fault_around_bytes_matches_file),
		cmocka_unit_test(test_pagemap_matches_dirty_runs),
		cmocka_unit_test(test_swap_matches_proc),
		cmocka_unit_test(test_pte_marker_observations_agree),
		cmocka_unit_test(test_tracepoints_match_tracefs),
		cmocka_unit_test(test_kernel_config_matches_file),
		cmocka_unit_test(test_pmu_claim_matches_run),
		cmocka_unit_test(test_print_and_json),
		cmocka_unit_test(test_fake_sysfs_root),
		cmocka_unit_test(test_fake_sysfs_root_empty),
	};

	return cmocka_run_group_tests_name("probe", tests, run_probe, point_env_teardown);
}
