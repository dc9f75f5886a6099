/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Run configuration: an INI file (libinih) with a [run] section and one
 * section per workload ([fault_read] or [fault_read.tag] for a second
 * sub-matrix of the same workload).  A comma list is a matrix axis.
 */
#ifndef FABENCH_CONFIG_H
#define FABENCH_CONFIG_H

#include <limits.h>

#include "bench/lib/param.h"
#include "workloads/workload.h"

#define CONFIG_MAX_VALUES 64
#define CONFIG_MAX_PARAMS 24
#define CONFIG_MAX_SECTIONS 32

enum run_param {
	RP_REPEAT, RP_WARMUP, RP_CPUS, RP_TIMING, RP_SEED, RP_ORDER, RP_EVENTS,
	RP_FAULT_AROUND, RP_THP_SHMEM, RP_SHMEM_FOLIO, RP_HANDLER_CPU, RP_NUMA_NODE, RP_TASK_MODE,
	RP_MONITORS, RP_PROFILE, RP_PROFILE_PERIOD, RP_MACHINE, RP_COUNT
};
enum timing_mode { TIMING_THROUGHPUT, TIMING_LATENCY };
enum run_order { ORDER_POINTS, ORDER_INTERLEAVE };
/* how a workload's tasks run: threads of fabench, or forked processes */
enum task_mode { TASK_THREADS, TASK_PROCESSES };
enum profile_mode { PROFILE_OFF, PROFILE_ON };

extern const struct param_desc run_params[];

#define CONFIG_RAW_MAX 512

struct config_key {
	int line;			/* 0: default, -1: command line */
	char raw[CONFIG_RAW_MAX];	/* PF_RAW keys: the whole value */
	int nvals;
	struct param_value vals[CONFIG_MAX_VALUES];
};

struct config_section {
	char name[64];
	int line;
	const struct workload *wl;	/* NULL for [run] */
	const struct param_desc *params;
	struct config_key keys[CONFIG_MAX_PARAMS];
};

struct config {
	char path[PATH_MAX];
	struct config_section run;
	int nsections;
	struct config_section sections[CONFIG_MAX_SECTIONS];
	uint64_t mem_available;		/* bound for PF_MEMORY sizes */
};

/*
 * Load path, then apply overrides ("section.key=value", may be NULL).  On
 * error prints one line "fabench: FILE:LINE: ..." to stderr and returns -1.
 * mem_available 0 reads /proc/meminfo.
 */
int config_load(struct config *cfg, const char *path, char *const *overrides,
		int noverrides, uint64_t mem_available);
/* The whole text of a PF_RAW [run] key (events). */
const char *config_run_raw(const struct config *cfg, int key);
/* The single value of a scalar [run] key. */
const struct param_value *config_run_value(const struct config *cfg, int key);
uint64_t read_mem_available(void);

#endif /* FABENCH_CONFIG_H */
