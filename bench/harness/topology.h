/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU and memory topology (hwloc): where the uffd handler thread runs
 * relative to the faulting threads, which NUMA node shmem is bound to, and
 * the topology recorded with the results.
 */
#ifndef FABENCH_TOPOLOGY_H
#define FABENCH_TOPOLOGY_H

#include <stddef.h>

/* [run] handler_cpu: the helper thread's place, relative to worker 0 */
enum helper_place {
	HELPER_ANY,		/* not pinned: the scheduler decides */
	HELPER_SAME_CORE,	/* the very CPU of the first faulting thread */
	HELPER_SMT_SIBLING,	/* another hardware thread of that core */
	HELPER_OTHER_CORE,	/* a CPU of another core */
};

struct topology {
	void *hw;		/* hwloc_topology_t */
	int packages, cores, pus, nodes;
	int smt;		/* PUs per core, 1 without SMT */
	char summary[160];
};

int topology_init(struct topology *t, char *why, size_t len);
void topology_release(struct topology *t);
/*
 * The CPU for a helper thread placed relative to worker_cpu, or -1 for
 * HELPER_ANY.  -2 with why when no CPU fits (no SMT sibling, one core);
 * CPUs outside the process's affinity are never chosen.
 */
int topology_helper_cpu(const struct topology *t, int worker_cpu,
			enum helper_place place, char *why, size_t len);
/* 0 if NUMA node `node` exists, -1 with why. */
int topology_check_node(const struct topology *t, int node, char *why, size_t len);
/* topology.xml (hwloc XML) and, if lstopo-no-graphics exists, lstopo.txt */
int topology_export(const struct topology *t, const char *dir);

#endif /* FABENCH_TOPOLOGY_H */
