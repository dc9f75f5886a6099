// SPDX-License-Identifier: GPL-2.0-only
/* Topology queries on hwloc; see topology.h. */
#include <errno.h>
#include <hwloc.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/harness/topology.h"
#include "bench/lib/outfile.h"

static hwloc_topology_t hw(const struct topology *t)
{
	return (hwloc_topology_t)t->hw;
}

int topology_init(struct topology *t, char *why, size_t len)
{
	hwloc_topology_t topo;

	memset(t, 0, sizeof(*t));
	if (hwloc_topology_init(&topo) || hwloc_topology_load(topo)) {
		snprintf(why, len, "hwloc could not load the topology");
		return -1;
	}
	t->hw = topo;
	t->packages = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PACKAGE);
	t->cores = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_CORE);
	t->pus = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PU);
	t->nodes = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_NUMANODE);
	t->smt = t->cores ? t->pus / t->cores : 1;
	snprintf(t->summary, sizeof(t->summary),
		 "%d package(s), %d core(s), %d PU(s) (%s), %d NUMA node(s)",
		 t->packages, t->cores, t->pus,
		 t->smt > 1 ? "SMT" : "no SMT", t->nodes);
	return 0;
}

void topology_release(struct topology *t)
{
	if (t->hw)
		hwloc_topology_destroy(hw(t));
	t->hw = NULL;
}

static bool cpu_allowed(int cpu)
{
	cpu_set_t set;

	return !sched_getaffinity(0, sizeof(set), &set) && cpu < CPU_SETSIZE &&
	       CPU_ISSET(cpu, &set);
}

/* The first allowed PU of core (not) equal to `core`, other than `not_pu`. */
static int pick_pu(hwloc_topology_t topo, hwloc_obj_t core, bool same_core,
		   unsigned int not_pu)
{
	hwloc_obj_t pu = NULL;

	while ((pu = hwloc_get_next_obj_by_type(topo, HWLOC_OBJ_PU, pu))) {
		hwloc_obj_t c = hwloc_get_ancestor_obj_by_type(topo, HWLOC_OBJ_CORE, pu);

		if ((c == core) != same_core || pu->os_index == not_pu)
			continue;
		if (cpu_allowed((int)pu->os_index))
			return (int)pu->os_index;
	}
	return -1;
}

int topology_helper_cpu(const struct topology *t, int worker_cpu,
			enum helper_place place, char *why, size_t len)
{
	hwloc_obj_t pu, core;
	int cpu;

	if (place == HELPER_ANY)
		return -1;
	if (place == HELPER_SAME_CORE)
		return worker_cpu;
	pu = hwloc_get_pu_obj_by_os_index(hw(t), (unsigned int)worker_cpu);
	core = pu ? hwloc_get_ancestor_obj_by_type(hw(t), HWLOC_OBJ_CORE, pu) : NULL;
	if (!core) {
		snprintf(why, len, "CPU %d has no core in the hwloc topology", worker_cpu);
		return -2;
	}
	cpu = pick_pu(hw(t), core, place == HELPER_SMT_SIBLING, (unsigned int)worker_cpu);
	if (cpu < 0)
		snprintf(why, len, place == HELPER_SMT_SIBLING ?
			 "no SMT sibling of CPU %d (%d PU/core)" :
			 "no core but CPU %d's (%d cores)", worker_cpu,
			 place == HELPER_SMT_SIBLING ? t->smt : t->cores);
	return cpu < 0 ? -2 : cpu;
}

int topology_check_node(const struct topology *t, int node, char *why, size_t len)
{
	if (hwloc_get_numanode_obj_by_os_index(hw(t), (unsigned int)node))
		return 0;
	snprintf(why, len, "no NUMA node %d (%d node%s)", node, t->nodes,
		 t->nodes == 1 ? "" : "s");
	return -1;
}

/* lstopo's own text view, for people, when lstopo is there and succeeds */
static int write_lstopo(const char *dir)
{
	char path[4200], buf[4096];
	FILE *p, *f;
	size_t n;
	int failed;

	p = access("/usr/bin/lstopo-no-graphics", X_OK) ? NULL :
	    popen("lstopo-no-graphics --of console 2>/dev/null", "r");
	if (!p)
		return 0;
	snprintf(path, sizeof(path), "%s/lstopo.txt", dir);
	f = outfile_open(path);
	if (!f) {
		pclose(p);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), p)))
		fwrite(buf, 1, n, f);
	failed = pclose(p) != 0;
	if (outfile_close(f, path))
		return -1;
	if (failed)
		unlink(path);	/* no half view of a failed lstopo */
	return 0;
}

int topology_export(const struct topology *t, const char *dir)
{
	char path[4200], *xml;
	int xml_len, ret;

	/* the XML is what tools read: from a buffer, so its writing is checked */
	snprintf(path, sizeof(path), "%s/topology.xml", dir);
	if (hwloc_topology_export_xmlbuffer(hw(t), &xml, &xml_len, 0)) {
		outfile_fail(path, errno);
		return -1;
	}
	ret = outfile_write(path, xml, xml_len > 0 ? (size_t)xml_len - 1 : 0);
	hwloc_free_xmlbuffer(hw(t), xml);
	return ret ? ret : write_lstopo(dir);
}
