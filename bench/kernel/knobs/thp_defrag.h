/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * THP defrag (/sys/kernel/mm/transparent_hugepage/defrag): whether a
 * huge page allocation in a fault stalls in direct reclaim and compaction.
 * The one owner of its path, its file's format ("always defer
 * defer+madvise [madvise] never") and the value [run] machine sets.
 */
#ifndef FABENCH_KNOB_THP_DEFRAG_H
#define FABENCH_KNOB_THP_DEFRAG_H

#include "bench/kernel/knobs/knobs.h"

extern const struct knob knob_thp_defrag;

#define THP_DEFRAG_NAME "thp_defrag"
/* machine = quiet: no fault stalls in compaction, no background compaction woken */
#define THP_DEFRAG_QUIET "never"

#endif /* FABENCH_KNOB_THP_DEFRAG_H */
