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
#include <stddef.h>

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

/* "libpfm4, API 4.0", or why it could not be initialised. */
const char *pmu_library(void);

#endif /* FABENCH_PMU_H */
