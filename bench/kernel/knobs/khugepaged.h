/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * khugepaged's scan interval
 * (/sys/kernel/mm/transparent_hugepage/khugepaged/scan_sleep_millisecs):
 * how long khugepaged sleeps between scans that collapse small pages into
 * huge ones, behind a benchmark's back.  The kernel takes no 0 pages to
 * scan, so [run] machine turns scanning off by making the sleep a day.
 */
#ifndef FABENCH_KNOB_KHUGEPAGED_H
#define FABENCH_KNOB_KHUGEPAGED_H

#include "bench/kernel/knobs/knobs.h"

extern const struct knob knob_khugepaged_sleep;

#define KHUGEPAGED_NAME "khugepaged"
/* machine = quiet: one scan a day */
#define KHUGEPAGED_QUIET_MS "86400000"

#endif /* FABENCH_KNOB_KHUGEPAGED_H */
