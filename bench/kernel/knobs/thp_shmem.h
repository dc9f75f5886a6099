/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * THP shmem_enabled (/sys/kernel/mm/transparent_hugepage/shmem_enabled):
 * whether shmem is backed by huge pages.  The one owner of its path, of the
 * file's format ("always within_size advise [never] deny force") and of the
 * values a config may give it.
 */
#ifndef FABENCH_KNOB_THP_SHMEM_H
#define FABENCH_KNOB_THP_SHMEM_H

#include "bench/kernel/knobs/knobs.h"

extern const struct knob knob_thp_shmem;

/* The knob's name, and the [run] axis's */
#define THP_SHMEM_NAME "thp_shmem"

/* What a config may give, NULL-terminated: "default" (leave it), then the kernel's modes. */
extern const char *const thp_shmem_values[];

#endif /* FABENCH_KNOB_THP_SHMEM_H */
