/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One repetition of one matrix point: prepare outside the timed window,
 * start the pinned threads together, time them, count their faults
 * (getrusage RUSAGE_THREAD) and kernel events, clean up.
 */
#ifndef FABENCH_RUNNER_H
#define FABENCH_RUNNER_H

#include <sched.h>

#include "bench/harness/counters.h"
#include "bench/lib/hist.h"
#include "bench/harness/machine.h"
#include "bench/harness/matrix.h"
#include "bench/harness/monitors.h"
#include "bench/harness/profile.h"
#include "bench/kernel/ksyms.h"
#include "bench/lib/metrics.h"
#include "bench/harness/topology.h"

struct run_env {
	int ncpus;
	int cpu[CPU_SETSIZE];		/* working thread i runs on cpu[i % ncpus] */
	uint64_t seed;
	struct counter_list counters;
	struct monitors monitors;	/* [run] monitors */
	struct machine machine;		/* [run] machine: what was found, what was set */
	/* profile = on: the kernel's symbols, loaded at the first such point */
	struct ksyms ksyms;
	int profile_state;		/* 0 not tried, 1 ready, -1 profile_why */
	char profile_why[192];
	struct topology topo;		/* topo.hw NULL: no topology known */
};

struct rep_result {
	int status;			/* 0, WL_UNSUPPORTED or WL_ERROR */
	char why[256];
	struct metric_sink metrics;
	struct hist latency;		/* latency mode: every thread's, merged */
	struct profile profile;		/* profile = on: every task's samples */
};

/*
 * The CPUs this process may run on (its affinity) into cpu[] (CPU_SETSIZE
 * entries), ascending; how many, or -1 with a message.
 */
int runner_allowed_cpus(int *cpu, char *err, size_t errlen);
/* Fill env->cpu from the [run] cpus value; -1 with a message if invalid. */
int runner_cpus(const struct param_value *cpus, struct run_env *env,
		char *err, size_t errlen);
/* How shmem_folio reaches the point's shmem (workload.h, shmem_folio_by). */
enum wl_folio_control runner_point_folio_control(const struct matrix_point *pt);
void runner_run_rep(const struct matrix_point *pt, struct run_env *env,
		    struct rep_result *out);
/* What the runner holds for the run (the kernel's symbols): after the last point. */
void runner_release(struct run_env *env);

#endif /* FABENCH_RUNNER_H */
