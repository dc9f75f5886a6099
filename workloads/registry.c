// SPDX-License-Identifier: GPL-2.0-only
/* The list of workloads the runner knows; add a new one here. */
#include <string.h>

#include "workloads/workload.h"

extern const struct workload fault_read_workload;
extern const struct workload dirty_uffd_wp_workload;
extern const struct workload dirty_wp_async_workload;
extern const struct workload dirty_softdirty_workload;
extern const struct workload dirty_mprotect_workload;
extern const struct workload wp_oracle_workload;
extern const struct workload wp_sequence_workload;
extern const struct workload punch_hole_workload;
#ifdef FABENCH_TEST_WORKLOADS
/* build/fabench-test only (Makefile): tests/workloads/ */
extern const struct workload example_workload;
#endif

const struct workload *const workloads[] = {
	&fault_read_workload,
	&dirty_uffd_wp_workload,
	&dirty_wp_async_workload,
	&dirty_softdirty_workload,
	&dirty_mprotect_workload,
	&wp_oracle_workload,
	&wp_sequence_workload,
	&punch_hole_workload,
#ifdef FABENCH_TEST_WORKLOADS
	&example_workload,
#endif
	NULL,
};

const struct workload *workload_find(const char *name)
{
	int i;

	for (i = 0; workloads[i]; i++)
		if (!strcmp(workloads[i]->name, name))
			return workloads[i];
	return NULL;
}
