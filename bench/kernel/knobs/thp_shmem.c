// SPDX-License-Identifier: GPL-2.0-only
/* THP shmem_enabled; see thp_shmem.h. */
#include "bench/kernel/knobs/thp_shmem.h"
#include "bench/kernel/sysinfo.h"

const char *const thp_shmem_values[] = {
	"default", "never", "always", "within_size", "advise", "deny", "force", NULL
};

const struct knob knob_thp_shmem = {
	.name = THP_SHMEM_NAME,
	.relpath = "sys/kernel/mm/transparent_hugepage/shmem_enabled",
	/* the file marks the current mode: "always [never]" */
	.decode = sysinfo_bracketed,
};
