// SPDX-License-Identifier: GPL-2.0-only
/*
 * The arm64 half of tests/unit/test_pmu.c's forced-PMU cases.  Debian's
 * amd64 libpfm4 is built without the ARM PMU tables, so this program is
 * built statically with the aarch64 cross compiler against Debian's arm64
 * libpfm.a and run under qemu-user (make arm64-pmu-test).  cmocka is not
 * used: Debian ships no static libcmocka, and a static binary needs no
 * arm64 runtime under qemu.  Encoding needs no perf_event_open(), which
 * qemu-user does not emulate.
 *
 * Each PMU is forced with LIBPFM_FORCE_PMU in a child of its own, since
 * libpfm4 reads the variable once, in pfm_initialize().  One line per
 * check, then "arm64-pmu: N passed, N failed"; exit status 1 on a failure.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

/* the kernel's perf_event.h first, as in bench/kernel/pmu.c */
#include <linux/perf_event.h>
#include <perfmon/pfmlib_perf_event.h>

#include "bench/kernel/pmu.h"

struct expect {
	const char *event;
	uint64_t code;		/* PERF_TYPE_RAW config: the Armv8 event number */
	unsigned int role;	/* PMU_TLB_* */
};

/*
 * libpfm4 4.13 lib/events/arm_neoverse_n1_events.h (arm_n1_pe) and
 * arm_neoverse_n2_events.h (arm_n2_pe): L1D_TLB_REFILL .code 0x05 and
 * DTLB_WALK .code 0x34, the Armv8 common event numbers.
 */
static const struct expect neoverse[] = {
	{ "L1D_TLB_REFILL", 0x05, PMU_TLB_MISS },
	{ "DTLB_WALK", 0x34, PMU_TLB_WALK },
	{ NULL, 0, 0 },
};

/*
 * lib/events/arm_cortex_a57_events.h (arm_cortex_a57_pe, from the A57 TRM)
 * has L1D_TLB_REFILL .code 0x05 but no DTLB_WALK, an Armv8.1 common event:
 * the default set keeps the events of the family that the PMU has.
 */
static const struct expect cortex_a57[] = {
	{ "L1D_TLB_REFILL", 0x05, PMU_TLB_MISS },
	{ NULL, 0, 0 },
};

/*
 * PMU names from lib/pfmlib_arm_armv8.c: arm_n1_support .name "arm_n1",
 * arm_n2_support "arm_n2", arm_cortex_a57_support "arm_ac57".
 */
static const struct forced_case {
	const char *pmu;
	const struct expect *set;	/* the default set, less the generic event */
	const char *absent;	/* an Arm TLB event the PMU's table lacks */
} cases[] = {
	{ "arm_n1", neoverse, NULL },
	{ "arm_n2", neoverse, NULL },
	{ "arm_ac57", cortex_a57, "DTLB_WALK" },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

/* shared with the children, which run one at a time */
static struct tally {
	int passed;
	int failed;
} *tally;

static void __attribute__((format(printf, 2, 3)))
check(bool ok, const char *fmt, ...)
{
	va_list ap;

	fputs(ok ? "ok   " : "FAIL ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (ok)
		tally->passed++;
	else
		tally->failed++;
}

static bool listed(const char *const *list, const char *event)
{
	for (; *list; list++)
		if (!strcmp(*list, event))
			return true;
	return false;
}

static bool expected(const struct expect *set, const char *event)
{
	for (; set->event; set++)
		if (!strcmp(set->event, event))
			return true;
	return false;
}

/*
 * NULL when the event is in the set and encodes as the table says, through
 * fabench (pmu_encode) and, qualified by the PMU, through libpfm4 directly,
 * so that the code is known to come from the forced PMU's table.
 */
static const char *event_problem(const char *pmu, const char *const *list,
				 const struct expect *e, char *buf, size_t len)
{
	struct perf_event_attr attr, direct;
	pfm_perf_encode_arg_t arg;
	char qualified[128];
	char why[128];
	int ret;

	if (!listed(list, e->event))
		return "not in the default TLB set";
	if (pmu_encode(e->event, &attr, why, sizeof(why))) {
		snprintf(buf, len, "pmu_encode: %s", why);
		return buf;
	}
	if (attr.type != PERF_TYPE_RAW || attr.config != e->code ||
	    !attr.exclude_kernel || attr.exclude_user) {
		snprintf(buf, len,
			 "type %u config 0x%llx exclude_kernel %d exclude_user %d, expected raw 0x%02llx user only",
			 attr.type, (unsigned long long)attr.config,
			 attr.exclude_kernel, attr.exclude_user,
			 (unsigned long long)e->code);
		return buf;
	}
	if (pmu_tlb_role(e->event) != e->role) {
		snprintf(buf, len, "TLB role %u, expected %u",
			 pmu_tlb_role(e->event), e->role);
		return buf;
	}

	snprintf(qualified, sizeof(qualified), "%s::%s", pmu, e->event);
	memset(&direct, 0, sizeof(direct));
	memset(&arg, 0, sizeof(arg));
	arg.attr = &direct;
	arg.size = sizeof(arg);
	ret = pfm_get_os_event_encoding(qualified, PFM_PLM3,
					PFM_OS_PERF_EVENT_EXT, &arg);
	if (ret != PFM_SUCCESS) {
		snprintf(buf, len, "%s: libpfm4: %s", qualified, pfm_strerror(ret));
		return buf;
	}
	if (direct.type != PERF_TYPE_RAW || direct.config != e->code) {
		snprintf(buf, len, "%s: type %u config 0x%llx, expected raw 0x%02llx",
			 qualified, direct.type, (unsigned long long)direct.config,
			 (unsigned long long)e->code);
		return buf;
	}
	return NULL;
}

/* In the child, with LIBPFM_FORCE_PMU=c->pmu. */
static void run_case(const struct forced_case *c)
{
	const char *const *list;
	const struct expect *e;
	struct perf_event_attr attr;
	const char *problem;
	char name[64], why[128], buf[256];
	bool extra = false;
	size_t i, n;

	if (pmu_detect(name, sizeof(name), why, sizeof(why))) {
		check(false, "%s: pmu_detect: %s", c->pmu, why);
		return;
	}
	if (strcmp(name, c->pmu)) {
		check(false, "%s: pmu_detect reports %s", c->pmu, name);
		return;
	}
	check(true, "%s: pmu_detect reports %s", c->pmu, name);

	list = pmu_default_tlb_events(name);
	for (e = c->set; e->event; e++) {
		problem = event_problem(c->pmu, list, e, buf, sizeof(buf));
		if (problem)
			check(false, "%s: %s: %s", c->pmu, e->event, problem);
		else
			check(true, "%s: %s in the set, raw 0x%02llx, user only, %s",
			      c->pmu, e->event, (unsigned long long)e->code,
			      e->role & PMU_TLB_WALK ? "walk" : "miss");
	}

	/* nothing beyond the table's events, and the generic event last */
	for (n = 0; list[n]; n++)
		;
	for (i = 0; i + 1 < n; i++)
		if (!expected(c->set, list[i])) {
			check(false, "%s: %s in the set, not expected", c->pmu, list[i]);
			extra = true;
		}
	if (!extra)
		check(n && !strcmp(list[n - 1], PMU_GENERIC_TLB_EVENT),
		      "%s: the set is the %zu above, then %s", c->pmu, n ? n - 1 : 0,
		      n ? list[n - 1] : "nothing");

	if (c->absent) {
		bool unknown = pmu_encode(c->absent, &attr, why, sizeof(why)) &&
			       strstr(why, "unknown event");

		check(!listed(list, c->absent) && unknown,
		      "%s: %s, absent from its table, is left out (%s)", c->pmu,
		      c->absent, unknown ? why : "libpfm4 encodes it");
	}
}

/*
 * Unforced: the generic event goes through libpfm4's perf PMU, which a
 * forced PMU leaves out (LIBPFM_FORCE_PMU activates that PMU alone, on x86
 * as well).  The kernel maps the event on arm64 too.
 */
static void run_unforced(void)
{
	struct perf_event_attr attr;
	char why[128];

	if (pmu_encode(PMU_GENERIC_TLB_EVENT, &attr, why, sizeof(why))) {
		check(false, "unforced: %s: %s", PMU_GENERIC_TLB_EVENT, why);
		return;
	}
	check(attr.type == PERF_TYPE_HW_CACHE &&
	      attr.config == (PERF_COUNT_HW_CACHE_DTLB |
			      PERF_COUNT_HW_CACHE_OP_READ << 8 |
			      PERF_COUNT_HW_CACHE_RESULT_MISS << 16),
	      "unforced: %s encodes as type %u config 0x%llx (hw cache, dTLB read miss)",
	      PMU_GENERIC_TLB_EVENT, attr.type, (unsigned long long)attr.config);
}

/* c in a child with its PMU forced, or the unforced checks when c is NULL */
static void in_child(const struct forced_case *c)
{
	const char *label = c ? c->pmu : "unforced";
	int status;
	pid_t pid;

	/* else the child would print the parent's buffered lines again */
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		check(false, "%s: fork failed", label);
		return;
	}
	if (!pid) {
		if (c) {
			setenv("LIBPFM_FORCE_PMU", c->pmu, 1);
			run_case(c);
		} else {
			unsetenv("LIBPFM_FORCE_PMU");
			run_unforced();
		}
		fflush(stdout);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		check(false, "%s: waitpid failed", label);
	else if (!WIFEXITED(status) || WEXITSTATUS(status))
		check(false, "%s: the child died (wait status 0x%x)", label, status);
}

int main(void)
{
	size_t i;

	tally = mmap(NULL, sizeof(*tally), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (tally == MAP_FAILED) {
		perror("arm64-pmu: mmap");
		return 1;
	}
	for (i = 0; i < NCASES; i++)
		in_child(&cases[i]);
	in_child(NULL);
	printf("arm64-pmu: %d passed, %d failed\n", tally->passed, tally->failed);
	return tally->failed ? 1 : 0;
}
