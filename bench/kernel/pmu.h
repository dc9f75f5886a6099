/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hardware PMU as libpfm4 sees it: which one is present, its default
 * set of data TLB events, and libpfm4 event names turned into a
 * perf_event_attr.  libpfm4 is initialised once per process, so
 * LIBPFM_FORCE_PMU must be set before the first call.
 */
#ifndef FABENCH_PMU_H
#define FABENCH_PMU_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a default TLB event contributes to the derived TLB metrics. */
#define PMU_TLB_MISS	1u	/* a first-level data TLB miss */
#define PMU_TLB_WALK	2u	/* a page-table walk: every TLB level missed */

/* The event every TLB set ends with: the kernel's own generic mapping. */
#define PMU_GENERIC_TLB_EVENT "perf::DTLB-LOAD-MISSES"

/*
 * The first present core PMU (libpfm4's generic "perf" and "perf_raw"
 * PMUs do not count): 0 with its libpfm4 name ("amd64_fam19h_zen3"), or
 * -1 with why ("no PMU", or libpfm4's error).
 */
int pmu_detect(char *name, size_t len, char *why, size_t whylen);

/*
 * The default TLB events of a PMU (NULL: none detected), a NULL-terminated
 * list of libpfm4 names that ends with PMU_GENERIC_TLB_EVENT.  The model's
 * own events are those of its family that it has.  The list is rebuilt on
 * each call.
 */
const char *const *pmu_default_tlb_events(const char *pmu_name);

/* PMU_TLB_* bits of an event of a default set ("icl::" prefix allowed), 0 otherwise. */
unsigned int pmu_tlb_role(const char *event);
/* The short column of a default event whose name is too long for one, or NULL. */
const char *pmu_tlb_column(const char *event);

/*
 * A libpfm4 event name as a user-level counting perf_event_attr.  -1 with
 * why ("unsupported: unknown event (libpfm4: event not found)", ...).
 */
int pmu_encode(const char *name, struct perf_event_attr *attr, char *why,
	       size_t whylen);

/*
 * Whether a libpfm4 event counts on the calling thread: encoded, opened
 * with perf_event_open (this thread, any CPU, user level), enabled around
 * a loop that touches memory a page at a time, and read back with a
 * running time above zero.  0 with the count, or -1 with why
 * ("perf_event_open ENOENT: no hardware PMU exposed").
 */
int pmu_event_counts(const char *name, uint64_t *count, char *why, size_t whylen);

/*
 * What the hardware PMU can do here, found by counting: libpfm4's model
 * (if it detects one), and whether one of its default TLB events (or the
 * generic PMU_GENERIC_TLB_EVENT) opened and counted on this thread.
 */
struct pmu_status {
	char model[64];		/* libpfm4's name, "" when it detects none */
	bool usable;		/* event counted */
	char event[192];	/* the event that counted, or the last one tried */
	uint64_t count;		/* its count in the touch loop */
	char why[384];		/* when !usable: why its events failed */
	char text[512];		/* the probe's line */
};

void pmu_check(struct pmu_status *st);

/* "libpfm4, API 4.0", or why it could not be initialised. */
const char *pmu_library(void);

#endif /* FABENCH_PMU_H */
