// SPDX-License-Identifier: GPL-2.0-only
/* THP defrag; see thp_defrag.h. */
#include "bench/kernel/knobs/thp_defrag.h"
#include "bench/kernel/sysinfo.h"

const struct knob knob_thp_defrag = {
	.name = THP_DEFRAG_NAME,
	.relpath = "sys/kernel/mm/transparent_hugepage/defrag",
	.decode = sysinfo_bracketed,
};
