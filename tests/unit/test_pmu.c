// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for bench/pmu.[ch] and the [run] events list of
 * bench/counters.[ch], without a PMU or kernel counters: each PMU is forced
 * with LIBPFM_FORCE_PMU in a child process (this binary again, exec'd with
 * "--forced"), since libpfm4 initialises once per process and reads the
 * variable then.  The expected encodings are libpfm4's tables.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/harness/counters.h"
#include "bench/lib/metrics.h"
#include "bench/kernel/pmu.h"

#define EXIT_SKIP 77

struct expect {
	const char *event;
	uint64_t config;	/* PERF_TYPE_RAW: umask << 8 | event code */
};

/*
 * libpfm4 lib/events/intel_icl_events.h: DTLB_LOAD_MISSES .code 0x0008,
 * DTLB_STORE_MISSES .code 0x0049, umasks WALK_COMPLETED 0x0e and STLB_HIT
 * 0x20 (Skylake's intel_skl_events.h has the same codes).
 */
static const struct expect intel[] = {
	{ "DTLB_LOAD_MISSES:WALK_COMPLETED", 0x0e08 },
	{ "DTLB_STORE_MISSES:WALK_COMPLETED", 0x0e49 },
	{ "DTLB_LOAD_MISSES:STLB_HIT", 0x2008 },
	{ "DTLB_STORE_MISSES:STLB_HIT", 0x2049 },
	{ NULL, 0 },
};

/*
 * libpfm4 lib/events/amd64_events_fam19h_zen3.h and fam17h_zen2.h:
 * L1_DTLB_MISS .code 0x45; TLB_RELOAD_*_L2_MISS umasks 0x10, 0x20, 0x40,
 * 0x80 and TLB_RELOAD_*_L2_HIT 0x01, 0x02, 0x04, 0x08.
 */
static const struct expect zen[] = {
	{ "L1_DTLB_MISS:TLB_RELOAD_4K_L2_MISS:TLB_RELOAD_COALESCED_PAGE_MISS:"
	  "TLB_RELOAD_2M_L2_MISS:TLB_RELOAD_1G_L2_MISS", 0xf045 },
	{ "L1_DTLB_MISS:TLB_RELOAD_4K_L2_HIT:TLB_RELOAD_COALESCED_PAGE_HIT:"
	  "TLB_RELOAD_2M_L2_HIT:TLB_RELOAD_1G_L2_HIT", 0x0f45 },
	{ NULL, 0 },
};

/* libpfm4 lib/events/arm_neoverse_n1_events.h: L1D_TLB_REFILL 0x05, DTLB_WALK 0x34 */
static const struct expect arm[] = {
	{ "L1D_TLB_REFILL", 0x05 },
	{ "DTLB_WALK", 0x34 },
	{ NULL, 0 },
};

static const struct {
	const char *pmu;
	const struct expect *set;
} forced[] = {
	{ "icl", intel }, { "skl", intel },
	{ "amd64_fam19h_zen3", zen }, { "amd64_fam17h_zen2", zen },
	{ "arm_n1", arm },
};

static bool listed(const char *const *list, const char *event)
{
	for (; *list; list++)
		if (!strcmp(*list, event))
			return true;
	return false;
}

/* One expected event of the forced PMU's set; 0 or a message on stdout. */
static int check_event(const char *const *list, const struct expect *e)
{
	struct perf_event_attr attr;
	char why[128];

	if (!listed(list, e->event)) {
		printf("%s: not in the default TLB set", e->event);
		return 1;
	}
	if (pmu_encode(e->event, &attr, why, sizeof(why))) {
		printf("%s: %s", e->event, why);
		return 1;
	}
	if (attr.type != PERF_TYPE_RAW || attr.config != e->config || !attr.exclude_kernel) {
		printf("%s: type %u config 0x%llx exclude_kernel %d, expected raw 0x%llx user only",
		       e->event, attr.type, (unsigned long long)attr.config,
		       attr.exclude_kernel, (unsigned long long)e->config);
		return 1;
	}
	if (!pmu_tlb_role(e->event)) {
		printf("%s: no TLB role", e->event);
		return 1;
	}
	return 0;
}

/*
 * A forced model is only a claim: pmu_check() calls it usable exactly when
 * one of its default events opens and counts here (never on a machine
 * without an exposed PMU, whatever the model), else "unsupported: ".
 */
static int forced_claim(const char *pmu)
{
	const char *const *list;
	struct pmu_status st;
	char why[256];
	uint64_t count;
	bool counted = false;

	pmu_check(&st);
	if (strcmp(st.model, pmu)) {
		printf("pmu_check: model '%s', forced %s", st.model, pmu);
		return 1;
	}
	for (list = pmu_default_tlb_events(pmu); *list; list++)
		counted |= !pmu_event_counts(*list, &count, why, sizeof(why));
	if (st.usable != counted || st.usable == !strncmp(st.text, "unsupported: ", 13)) {
		printf("pmu_check: \"%s\" (usable %d), an event counted: %d", st.text, st.usable,
		       counted);
		return 1;
	}
	return 0;
}

/*
 * In the child, with LIBPFM_FORCE_PMU=pmu: the PMU is detected and its
 * default set encodes as libpfm4's tables say.  Exit 0, EXIT_SKIP when
 * this libpfm4 lacks the PMU (Debian's amd64 build has no arm64 tables:
 * tests/unit/arm64/test_pmu_arm64.c checks them, built for aarch64), 1 on
 * a failure; the reason goes to stdout.
 */
static int forced_child(const char *pmu, int index)
{
	const struct expect *e = forced[index].set;
	const char *const *list;
	char name[64], why[64];

	if (pmu_detect(name, sizeof(name), why, sizeof(why)) || strcmp(name, pmu)) {
#if defined(__aarch64__)
		/* libpfm4 builds only its own architecture's tables */
		if (e == arm) {
			printf("LIBPFM_FORCE_PMU=%s: not detected in this libpfm4", pmu);
			return 1;
		}
		printf("LIBPFM_FORCE_PMU=%s: an x86 PMU, not compiled in the arm64 libpfm4",
		       pmu);
		return EXIT_SKIP;
#endif
		if (e != arm) {
			printf("LIBPFM_FORCE_PMU=%s: not detected in this libpfm4", pmu);
			return 1;
		}
		printf("LIBPFM_FORCE_PMU=%s: not compiled in this libpfm4; the arm64 tables are tested by the aarch64 build under qemu-user (tests/unit/arm64/test_pmu_arm64.c, make arm64-pmu-test)",
		       pmu);
		return EXIT_SKIP;
	}
	list = pmu_default_tlb_events(name);
	for (; e->event; e++)
		if (check_event(list, e))
			return 1;
	while (list[1])
		list++;
	if (strcmp(*list, PMU_GENERIC_TLB_EVENT)) {
		printf("the set ends with %s", *list);
		return 1;
	}
	return forced_claim(pmu);
}

/* Run case index in a child with its PMU forced; its exit status and message. */
static int run_forced(int index, char *msg, size_t len)
{
	char arg[16];
	int fds[2], status;
	ssize_t got;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		setenv("LIBPFM_FORCE_PMU", forced[index].pmu, 1);
		snprintf(arg, sizeof(arg), "%d", index);
		execl("/proc/self/exe", "test_pmu", "--forced", arg, (char *)NULL);
		/* qemu-user cannot exec a foreign binary without binfmt_misc */
		if (errno == ENOEXEC) {
			printf("exec /proc/self/exe: ENOEXEC (qemu-user without binfmt_misc)");
			fflush(stdout);
			_exit(EXIT_SKIP);
		}
		_exit(127);
	}
	close(fds[1]);
	got = read(fds[0], msg, len - 1);
	msg[got > 0 ? got : 0] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void check_forced(const char *pmu)
{
	char msg[512];
	size_t i;
	int ret;

	for (i = 0; i < sizeof(forced) / sizeof(forced[0]); i++)
		if (!strcmp(forced[i].pmu, pmu))
			break;
	assert_true(i < sizeof(forced) / sizeof(forced[0]));
	ret = run_forced((int)i, msg, sizeof(msg));
	if (ret == EXIT_SKIP) {
		print_message("skipped: %s\n", msg);
		skip();
	}
	if (ret)
		fail_msg("%s (exit %d)", msg, ret);
}

static void test_intel_icl(void **s)
{
	(void)s;
	check_forced("icl");
}

static void test_intel_skl(void **s)
{
	(void)s;
	check_forced("skl");
}

static void test_amd_zen3(void **s)
{
	(void)s;
	check_forced("amd64_fam19h_zen3");
}

static void test_amd_zen2(void **s)
{
	(void)s;
	check_forced("amd64_fam17h_zen2");
}

static void test_arm_n1(void **s)
{
	(void)s;
	check_forced("arm_n1");
}

/* The kernel's generic event, through libpfm4's perf PMU (linux/perf_event.h) */
static void test_generic_dtlb_event(void **s)
{
	struct perf_event_attr attr;
	char why[128];

	(void)s;
	if (pmu_encode(PMU_GENERIC_TLB_EVENT, &attr, why, sizeof(why)))
		fail_msg("%s", why);
	assert_int_equal(attr.type, PERF_TYPE_HW_CACHE);
	assert_int_equal(attr.config, PERF_COUNT_HW_CACHE_DTLB |
			 PERF_COUNT_HW_CACHE_OP_READ << 8 |
			 PERF_COUNT_HW_CACHE_RESULT_MISS << 16);
}

/* Without a PMU the default set is the generic event alone. */
static void test_no_pmu_default_set(void **s)
{
	const char *const *list = pmu_default_tlb_events(NULL);

	(void)s;
	assert_string_equal(list[0], PMU_GENERIC_TLB_EVENT);
	assert_null(list[1]);
}

static void test_columns(void **s)
{
	char col[64];

	(void)s;
	counters_column("page-faults", col, sizeof(col));
	assert_string_equal(col, "page_faults");
	counters_column("exceptions:page_fault_user", col, sizeof(col));
	assert_string_equal(col, "exceptions_page_fault_user");
	counters_column("perf::DTLB-LOAD-MISSES", col, sizeof(col));
	assert_string_equal(col, "perf__DTLB_LOAD_MISSES");
	counters_column("DTLB_LOAD_MISSES:WALK_COMPLETED", col, sizeof(col));
	assert_string_equal(col, "DTLB_LOAD_MISSES_WALK_COMPLETED");
}

static struct counter_list cl;

static int setup_ok(const char *spec)
{
	char err[256] = "";
	int ret = counters_setup(&cl, spec, err, sizeof(err));

	if (ret)
		print_message("counters_setup(%s): %s\n", spec, err);
	return ret;
}

/* An unknown name is unsupported with libpfm4's reason, not an error. */
static void test_unknown_event_unsupported(void **s)
{
	(void)s;
	assert_int_equal(setup_ok("page-faults, NO_SUCH_EVENT"), 0);
	assert_int_equal(cl.n, 2);
	assert_int_equal(cl.spec[0].kind, COUNTER_SOFTWARE);
	assert_string_equal(cl.spec[0].unsupported, "");
	assert_int_equal(cl.spec[1].kind, COUNTER_PMU);
	assert_string_equal(cl.spec[1].metric, "NO_SUCH_EVENT");
	assert_string_equal(cl.spec[1].unsupported,
			    "unsupported: unknown event (libpfm4: event not found)");
}

/* A model's event where that PMU is absent says so. */
static void test_absent_pmu_event(void **s)
{
	char name[64] = "", why[64];

	(void)s;
	if (!pmu_detect(name, sizeof(name), why, sizeof(why)) &&
	    !strcmp(name, "amd64_fam19h_zen3")) {
		print_message("skipped: this machine has the PMU %s\n", name);
		skip();
	}
#if defined(__aarch64__)
	/* the arm64 libpfm4 knows no x86 PMU: an Arm one stands in */
	if (!strcmp(name, "arm_n1")) {
		print_message("skipped: this machine has the PMU %s\n", name);
		skip();
	}
	assert_int_equal(setup_ok("arm_n1::L1D_TLB_REFILL"), 0);
	assert_string_equal(cl.spec[0].unsupported,
			    "unsupported: no PMU (libpfm4: arm_n1 not present)");
#else
	assert_int_equal(setup_ok("amd64_fam19h_zen3::TLB_FLUSHES"), 0);
	assert_string_equal(cl.spec[0].unsupported,
			    "unsupported: no PMU (libpfm4: amd64_fam19h_zen3 not present)");
#endif
}

static void test_none(void **s)
{
	(void)s;
	assert_int_equal(setup_ok("none"), 0);
	assert_int_equal(cl.n, 0);
	assert_int_equal(setup_ok(" none "), 0);
	assert_int_equal(cl.n, 0);
}

static void expect_malformed(const char *spec, const char *msg)
{
	char err[256] = "";

	assert_int_equal(counters_setup(&cl, spec, err, sizeof(err)), -1);
	if (!strstr(err, msg))
		fail_msg("'%s': error '%s', expected '%s'", spec, err, msg);
}

static void test_malformed(void **s)
{
	char many[512] = "page-faults";
	int i;

	(void)s;
	expect_malformed("page-faults,,", "empty event name (item 2)");
	expect_malformed("page-faults,", "empty event name (item 2)");
	expect_malformed(",page-faults", "empty event name (item 1)");
	expect_malformed("page-faults,page-faults", "listed twice");
	expect_malformed("page-faults,page_faults", "share a column");
	expect_malformed("none,page-faults", "'none' cannot be combined");
	expect_malformed("amd64_fam19h_zen3::L1_DTLB_MISS:TLB_RELOAD_COALESCED_PAGE_MISS",
			 "longer than 35");
	for (i = 0; i < COUNTERS_MAX; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many), ",EV%d", i);
	expect_malformed(many, "more than 20 events");
}

static void test_scale(void **s)
{
	double v;

	(void)s;
	assert_int_equal(counters_scale(100, 1000, 1000, &v), 0);
	assert_true(v == 100);
	assert_int_equal(counters_scale(100, 1000, 250, &v), 0);
	assert_true(v == 400);
	assert_int_equal(counters_scale(0, 0, 0, &v), 0);
	assert_true(v == 0);
	assert_int_equal(counters_scale(100, 1000, 0, &v), -1);
}

/* Fabricated windows: multiplexing is scaled and flagged, unsupported stays so. */
static void test_put_metrics_multiplexed(void **s)
{
	struct counter_set a = { .enabled = 1000, .running = 500 };
	struct counter_set b = { .enabled = 1000, .running = 1000 };
	struct counter_set *sets[] = { &a, &b };
	static struct metric_sink ms;
	const struct metric *m;

	(void)s;
	assert_int_equal(setup_ok("page-faults,minor-faults,NO_SUCH_EVENT"), 0);
	a.delta[0] = 10;
	a.delta[1] = 20;
	b.delta[0] = 5;
	b.delta[1] = 5;
	metric_put(&ms, "pages", 100);
	counters_put_metrics(&cl, sets, 2, &ms, "page");
	assert_true(metric_get(&ms, "page_faults")->value == 25);
	assert_true(metric_get(&ms, "minor_faults")->value == 45);
	assert_true(metric_get(&ms, "page_faults_multiplexed")->value == 0.75);
	assert_true(cl.spec[0].multiplexed && cl.spec[0].min_running == 0.75);
	assert_string_equal(metric_get(&ms, "NO_SUCH_EVENT")->unsupported,
			    cl.spec[2].unsupported);
	/* no TLB event with a role: a reason, never a number */
	m = metric_get(&ms, "tlb_misses_per_page");
	assert_non_null(m);
	assert_true(!strncmp(m->unsupported, "unsupported: ", 13));
	assert_null(metric_get(&ms, "map_pages_per_fault"));
}

/* A group that never ran has no value to scale. */
static void test_put_metrics_never_ran(void **s)
{
	struct counter_set a = { .enabled = 1000, .running = 0 };
	struct counter_set *sets[] = { &a };
	static struct metric_sink ms;

	(void)s;
	assert_int_equal(setup_ok("page-faults"), 0);
	a.delta[0] = 7;
	counters_put_metrics(&cl, sets, 1, &ms, "page");
	assert_string_equal(metric_get(&ms, "page_faults")->unsupported,
			    "unsupported: not counted (the group never ran)");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intel_icl),
		cmocka_unit_test(test_intel_skl),
		cmocka_unit_test(test_amd_zen3),
		cmocka_unit_test(test_amd_zen2),
		cmocka_unit_test(test_arm_n1),
		cmocka_unit_test(test_generic_dtlb_event),
		cmocka_unit_test(test_no_pmu_default_set),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_unknown_event_unsupported),
		cmocka_unit_test(test_absent_pmu_event),
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_put_metrics_multiplexed),
		cmocka_unit_test(test_put_metrics_never_ran),
	};

	if (argc == 3 && !strcmp(argv[1], "--forced"))
		return forced_child(forced[atoi(argv[2])].pmu, atoi(argv[2]));
	/* this process is the unforced one, whatever the caller's environment */
	unsetenv("LIBPFM_FORCE_PMU");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
