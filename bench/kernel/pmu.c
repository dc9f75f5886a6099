// SPDX-License-Identifier: GPL-2.0-only
/* Hardware PMU detection and event encoding through libpfm4; see pmu.h. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* the kernel's perf_event.h first: libpfm4's copy then steps aside */
#include <linux/perf_event.h>
#include <perfmon/pfmlib_perf_event.h>

#include "bench/kernel/pmu.h"

struct tlb_event {
	const char *name;	/* libpfm4 name, not qualified by a PMU */
	const char *column;	/* short column when the name is too long, or NULL */
	unsigned int role;	/* PMU_TLB_* */
};

/*
 * Intel core PMUs from Sandy Bridge on.  libpfm4 lib/events/intel_icl_events.h:
 * DTLB_LOAD_MISSES (code 0x08) and DTLB_STORE_MISSES (0x49), umasks
 * WALK_COMPLETED (0x0e: a walk of any page size completed) and STLB_HIT
 * (0x20: missed the first level, hit the second); intel_spr_events.h has the
 * same names at 0x12 and 0x13.  Intel's "DTLB miss" misses every level, so a
 * first-level miss is an STLB hit or a walk.  With SMT on, four general
 * counters take the first four; PMU_GENERIC_TLB_EVENT (the kernel maps it to
 * the load walks again) may then not fit the group.
 */
static const struct tlb_event intel_tlb[] = {
	{ "DTLB_LOAD_MISSES:WALK_COMPLETED", NULL, PMU_TLB_MISS | PMU_TLB_WALK },
	{ "DTLB_STORE_MISSES:WALK_COMPLETED", NULL, PMU_TLB_MISS | PMU_TLB_WALK },
	{ "DTLB_LOAD_MISSES:STLB_HIT", NULL, PMU_TLB_MISS },
	{ "DTLB_STORE_MISSES:STLB_HIT", NULL, PMU_TLB_MISS },
	{ NULL, NULL, 0 },
};

/*
 * AMD Zen 1 to 4.  libpfm4 lib/events/amd64_events_fam19h_zen3.h (and
 * fam17h_zen2.h, fam19h_zen4.h) calls the PPR's LsL1DTlbMiss L1_DTLB_MISS
 * (code 0x45); its umasks split first-level misses (loads and stores) by
 * page size into L2 DTLB hits (0x01 4K, 0x02 coalesced, 0x04 2M, 0x08 1G)
 * and L2 DTLB misses (0x10, 0x20, 0x40, 0x80), and an L2 DTLB miss walks.
 * Coalesced pages matter here: fault-around maps runs of contiguous PTEs.
 * The unions have no libpfm4 name of their own, hence the short columns.
 */
static const struct tlb_event zen_tlb[] = {
	{ "L1_DTLB_MISS:TLB_RELOAD_4K_L2_MISS:TLB_RELOAD_COALESCED_PAGE_MISS:"
	  "TLB_RELOAD_2M_L2_MISS:TLB_RELOAD_1G_L2_MISS",
	  "L1_DTLB_MISS_ALL_L2_MISS", PMU_TLB_MISS | PMU_TLB_WALK },
	{ "L1_DTLB_MISS:TLB_RELOAD_4K_L2_HIT:TLB_RELOAD_COALESCED_PAGE_HIT:"
	  "TLB_RELOAD_2M_L2_HIT:TLB_RELOAD_1G_L2_HIT",
	  "L1_DTLB_MISS_ALL_L2_HIT", PMU_TLB_MISS },
	{ NULL, NULL, 0 },
};

/*
 * Arm: the Armv8 common events as libpfm4 lib/events/arm_neoverse_n1_events.h
 * names them: L1D_TLB_REFILL (0x05, a first-level data TLB miss) and
 * DTLB_WALK (0x34, a data access that caused a walk).
 */
static const struct tlb_event arm_tlb[] = {
	{ "L1D_TLB_REFILL", NULL, PMU_TLB_MISS },
	{ "DTLB_WALK", NULL, PMU_TLB_WALK },
	{ NULL, NULL, 0 },
};

/* A family is the PMU's when the PMU has its first event. */
static const struct tlb_event *const families[] = { intel_tlb, zen_tlb, arm_tlb };

#define NFAMILIES (sizeof(families) / sizeof(families[0]))

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_ret;
static char init_why[64];	/* "libpfm4: <error>" */
static char library[80];	/* for meta.json: "libpfm4, API 4.0" */

static void init(void)
{
	int v;

	init_ret = pfm_initialize();
	if (init_ret != PFM_SUCCESS) {
		snprintf(init_why, sizeof(init_why), "libpfm4: %s", pfm_strerror(init_ret));
		snprintf(library, sizeof(library), "unsupported: %s", init_why);
		return;
	}
	/* the interface version (4.0), not the release: no call gives that */
	v = pfm_get_version();
	snprintf(library, sizeof(library), "libpfm4, API %d.%d", PFM_MAJ_VERSION(v),
		 PFM_MIN_VERSION(v));
}

/* pfm_initialize() once per process; -1 with why ("libpfm4: ...") if it failed */
static int pmu_init(char *why, size_t len)
{
	pthread_once(&init_once, init);
	if (init_ret == PFM_SUCCESS)
		return 0;
	if (why)
		snprintf(why, len, "%s", init_why);
	return -1;
}

const char *pmu_library(void)
{
	pmu_init(NULL, 0);
	return library;
}

static int pmu_info(pfm_pmu_t p, pfm_pmu_info_t *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	return pfm_get_pmu_info(p, info) == PFM_SUCCESS ? 0 : -1;
}

int pmu_detect(char *name, size_t len, char *why, size_t whylen)
{
	pfm_pmu_info_t info;
	pfm_pmu_t p;

	if (pmu_init(why, whylen))
		return -1;
	pfm_for_all_pmus(p) {
		if (pmu_info(p, &info) || !info.is_present)
			continue;
		/* perf and perf_raw are the kernel's generic events, not hardware */
		if (info.type != PFM_PMU_TYPE_CORE || p == PFM_PMU_PERF_EVENT ||
		    p == PFM_PMU_PERF_EVENT_RAW)
			continue;
		snprintf(name, len, "%s", info.name);
		return 0;
	}
	snprintf(why, whylen, "no PMU");
	return -1;
}

/* Whether the PMU has the event: libpfm4 encodes it qualified by the PMU. */
static int pmu_has(const char *pmu_name, const char *event)
{
	struct perf_event_attr attr;
	char name[512];
	char why[128];

	snprintf(name, sizeof(name), "%s::%s", pmu_name, event);
	return !pmu_encode(name, &attr, why, sizeof(why));
}

const char *const *pmu_default_tlb_events(const char *pmu_name)
{
	static const char *list[8];
	const struct tlb_event *f;
	size_t i, n = 0;

	for (i = 0; pmu_name && i < NFAMILIES; i++) {
		if (!pmu_has(pmu_name, families[i][0].name))
			continue;
		for (f = families[i]; f->name && n < 6; f++)
			if (pmu_has(pmu_name, f->name))
				list[n++] = f->name;
		break;
	}
	list[n++] = PMU_GENERIC_TLB_EVENT;
	list[n] = NULL;
	return list;
}

static const struct tlb_event *tlb_lookup(const char *event)
{
	const char *qual = strstr(event, "::");
	const struct tlb_event *f;
	size_t i;

	if (qual)
		event = qual + 2;
	for (i = 0; i < NFAMILIES; i++)
		for (f = families[i]; f->name; f++)
			if (!strcmp(f->name, event))
				return f;
	return NULL;
}

unsigned int pmu_tlb_role(const char *event)
{
	const struct tlb_event *f = tlb_lookup(event);

	return f ? f->role : 0;
}

const char *pmu_tlb_column(const char *event)
{
	const struct tlb_event *f = tlb_lookup(event);

	return f ? f->column : NULL;
}

/* "amd64_fam19h_zen3::..." names a PMU libpfm4 knows but did not find here. */
static int pmu_absent(const char *name, char *pmu, size_t len)
{
	const char *qual = strstr(name, "::");
	pfm_pmu_info_t info;
	pfm_pmu_t p;

	if (!qual)
		return 0;
	pfm_for_all_pmus(p) {
		if (pmu_info(p, &info) || strlen(info.name) != (size_t)(qual - name) ||
		    strncmp(info.name, name, (size_t)(qual - name)))
			continue;
		snprintf(pmu, len, "%s", info.name);
		return !info.is_present;
	}
	return 0;
}

static void encode_failed(const char *name, int ret, char *why, size_t whylen)
{
	char pmu[64];

	if (pmu_absent(name, pmu, sizeof(pmu)))
		snprintf(why, whylen, "unsupported: no PMU (libpfm4: %s not present)", pmu);
	else if (ret == PFM_ERR_NOTFOUND)
		snprintf(why, whylen, "unsupported: unknown event (libpfm4: %s)",
			 pfm_strerror(ret));
	else
		snprintf(why, whylen, "unsupported: libpfm4: %s", pfm_strerror(ret));
}

int pmu_encode(const char *name, struct perf_event_attr *attr, char *why,
	       size_t whylen)
{
	pfm_perf_encode_arg_t arg;
	int ret;

	if (pmu_init(NULL, 0)) {
		snprintf(why, whylen, "unsupported: %s", init_why);
		return -1;
	}
	memset(attr, 0, sizeof(*attr));
	memset(&arg, 0, sizeof(arg));
	arg.attr = attr;
	arg.size = sizeof(arg);
	/* PFM_PLM3: user level unless the name says otherwise (":k=1") */
	ret = pfm_get_os_event_encoding(name, PFM_PLM3, PFM_OS_PERF_EVENT_EXT, &arg);
	if (ret != PFM_SUCCESS) {
		encode_failed(name, ret, why, whylen);
		return -1;
	}
	/* fabench counts; ":period=" or ":freq=" would make it sample */
	attr->sample_period = 0;
	attr->freq = 0;
	attr->sample_type = 0;
	attr->pinned = 0;
	attr->size = sizeof(*attr);
	return 0;
}

/* What an errno of perf_event_open means for a hardware event. */
static const char *open_meaning(int err)
{
	switch (err) {
	case ENOENT:
		return "no hardware PMU exposed";
	case ENODEV:
		return "no such PMU";
	case EOPNOTSUPP:
		return "the PMU does not support it";
	case EACCES:
	case EPERM:
		return "perf_event_paranoid forbids it";
	case EINVAL:
		return "the PMU rejects the encoding";
	default:
		return "cannot be counted";
	}
}

/* Work for a TLB event to see: one write per page of a fresh 4 MiB mapping. */
static void touch_loop(void)
{
	size_t len = 4u << 20, psz = (size_t)sysconf(_SC_PAGESIZE), off;
	volatile char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return;
	for (off = 0; off < len; off += psz)
		p[off] = 1;
	for (off = 0; off < len; off += psz)
		(void)p[off];
	munmap((void *)p, len);
}

int pmu_event_counts(const char *name, uint64_t *count, char *why, size_t whylen)
{
	struct perf_event_attr attr;
	struct {
		uint64_t value, enabled, running;
	} r;
	char enc[160];
	int fd, err;

	if (pmu_encode(name, &attr, enc, sizeof(enc))) {
		/* pmu_encode's reason starts "unsupported: " */
		snprintf(why, whylen, "%s", enc + (strncmp(enc, "unsupported: ", 13) ? 0 : 13));
		return -1;
	}
	attr.size = sizeof(attr);
	attr.disabled = 1;
	attr.exclude_hv = 1;
	attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
	fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0) {
		err = errno;
		snprintf(why, whylen, "perf_event_open %s: %s",
			 strerrorname_np(err) ?: "error", open_meaning(err));
		return -1;
	}
	if (ioctl(fd, PERF_EVENT_IOC_ENABLE, 0)) {
		err = errno;
		close(fd);
		snprintf(why, whylen, "PERF_EVENT_IOC_ENABLE %s", strerrorname_np(err) ?: "error");
		return -1;
	}
	touch_loop();
	ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
	if (read(fd, &r, sizeof(r)) != (ssize_t)sizeof(r)) {
		err = errno;
		close(fd);
		snprintf(why, whylen, "read: %s", strerrorname_np(err) ?: "short read");
		return -1;
	}
	close(fd);
	if (!r.running) {
		snprintf(why, whylen, "opened but never scheduled on the PMU (running 0 of %llu ns)",
			 (unsigned long long)r.enabled);
		return -1;
	}
	*count = r.value;
	return 0;
}

/* Try name; true when it counted (st records it either way). */
static bool try_event(struct pmu_status *st, const char *name)
{
	snprintf(st->event, sizeof(st->event), "%s", name);
	st->usable = !pmu_event_counts(name, &st->count, st->why, sizeof(st->why));
	return st->usable;
}

void pmu_check(struct pmu_status *st)
{
	const char *const *list;
	char why[sizeof(st->why)] = "";

	memset(st, 0, sizeof(*st));
	if (pmu_detect(st->model, sizeof(st->model), why, sizeof(why))) {
		st->model[0] = '\0';
		if (pmu_init(NULL, 0)) {
			snprintf(st->why, sizeof(st->why), "%s", why);
			snprintf(st->text, sizeof(st->text), "unsupported: %s", why);
			return;
		}
		/* the kernel's generic mapping may count where libpfm4 knows no model */
		if (try_event(st, PMU_GENERIC_TLB_EVENT))
			snprintf(st->text, sizeof(st->text),
				 "generic events only: %s counted %llu (libpfm4 detects no model)",
				 st->event, (unsigned long long)st->count);
		else
			snprintf(st->text, sizeof(st->text),
				 "unsupported: no PMU (libpfm4 detects no model; %.150s: %.300s)",
				 st->event, st->why);
		return;
	}
	/* the first event's failure is the model's own; keep its reason */
	for (list = pmu_default_tlb_events(st->model); *list; list++) {
		if (try_event(st, *list))
			break;
		if (!why[0])
			snprintf(why, sizeof(why), "%.150s: %.200s", st->event, st->why);
	}
	if (!st->usable)
		snprintf(st->why, sizeof(st->why), "%s", why);
	if (st->usable)
		snprintf(st->text, sizeof(st->text), "%s: usable (%s counted %llu)",
			 st->model, st->event, (unsigned long long)st->count);
	else
		snprintf(st->text, sizeof(st->text), "unsupported: %s detected, unusable (%s)",
			 st->model, st->why);
}
