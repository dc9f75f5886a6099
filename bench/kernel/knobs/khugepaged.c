// SPDX-License-Identifier: GPL-2.0-only
/* khugepaged's scan interval; see khugepaged.h. */
#include "bench/kernel/knobs/khugepaged.h"

const struct knob knob_khugepaged_sleep = {
	.name = KHUGEPAGED_NAME,
	.relpath = "sys/kernel/mm/transparent_hugepage/khugepaged/scan_sleep_millisecs",
};
