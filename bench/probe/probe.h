/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The running kernel's fingerprint: what its userfaultfd, fault-around,
 * pagemap and tracing actually do, found by calling and measuring them
 * (never from a table of kernel versions).  Every field is text; what could
 * not be found out is "unsupported: <reason>".
 */
#ifndef FABENCH_PROBE_H
#define FABENCH_PROBE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "bench/kernel/pagemap.h"
#include "bench/kernel/pmu.h"
#include "bench/kernel/uffd.h"

#define PROBE_MODES 4		/* enum uffd_mode: none, missing, wp, minor */
#define PROBE_TRACEPOINTS 4
#define PROBE_TEXT 256

/* Pages per read fault, measured on a populated memfd in one uffd mode. */
struct probe_fault_around {
	bool measured;		/* false: text says why not */
	bool active;		/* more than PROBE_ACTIVE_PPF pages per fault */
	uint64_t pages;
	uint64_t faults;	/* minflt + majflt of the reading thread */
	double pages_per_fault;
	char text[PROBE_TEXT];	/* "active (16.0 pages/fault)" or unsupported */
};

#define PROBE_ACTIVE_PPF 1.5

struct probe_result {
	char release[PROBE_TEXT];
	char version[PROBE_TEXT];
	char machine[PROBE_TEXT];

	char uffd_opened_by[PROBE_TEXT];
	char uffd_features[PROBE_TEXT];		/* "0x..." or unsupported */
	uint64_t uffd_feature_mask;		/* valid when uffd_features is hex */
	/* "yes" or "unsupported: UFFDIO_REGISTER mode wp: EINVAL"; [0] unused */
	char uffd_register[PROBE_MODES][PROBE_TEXT];
	struct probe_fault_around fault_around[PROBE_MODES];

	char fault_around_bytes[PROBE_TEXT];
	char fault_around_bytes_writable[PROBE_TEXT];
	char thp_shmem_enabled[PROBE_TEXT];	/* the bracketed value */
	char thp_shmem_enabled_line[PROBE_TEXT];
	char shmem_folio[PROBE_TEXT];		/* per-size shmem_enabled, as read */

	char pagemap_scan[PROBE_TEXT];
	char soft_dirty[PROBE_TEXT];
	char swap[1024];

	char pte_marker[PROBE_TEXT];		/* wp kept across zap, or LOST */
	char pte_marker_pagemap[PROBE_TEXT];	/* bit 57 of the zapped page: set, clear */

	const char *tracepoint[PROBE_TRACEPOINTS];	/* "exceptions:page_fault_user" */
	char tracepoint_status[PROBE_TRACEPOINTS][2 * PROBE_TEXT];

	char kernel_config[PROBE_TEXT];
	struct pmu_status pmu;			/* libpfm4's model and whether it counts */
	/* what varies between machines and runs ([run] machine), as read */
	struct {
		char clocksource[PROBE_TEXT];	/* "tsc (available: tsc hpet acpi_pm)" */
		char online[PROBE_TEXT];	/* "0-1 (2 CPUs)" */
		char cpufreq[PROBE_TEXT];	/* "acpi-cpufreq, governor schedutil, 2200 MHz" */
		char turbo[PROBE_TEXT];
		char aslr[PROBE_TEXT];
		char thp_defrag[PROBE_TEXT];
		char khugepaged_sleep[PROBE_TEXT];
	} mach;
};

/* Fill pr; takes well under a second.  Returns 0 (failures are in pr). */
int probe_run(struct probe_result *pr);
/* One "key  value" line per field, for people and mails. */
void probe_print(FILE *f, const struct probe_result *pr);
/* The same data as a JSON object (new reference). */
json_t *probe_to_json(const struct probe_result *pr);

/* The parts of probe_run, one per concern (probe_uffd.c, probe_pagemap.c). */
void probe_uffd_register(struct probe_result *pr);
void probe_fault_around(enum uffd_mode mode, struct probe_fault_around *fa);
void probe_pte_marker(struct probe_result *pr);
void probe_pagemap_scan(char *buf, size_t len);
void probe_soft_dirty(char *buf, size_t len);
/* probe_machine.c: pr->mach */
void probe_machine(struct probe_result *pr);

#endif /* FABENCH_PROBE_H */
