/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fabench lkp-stats: a result directory as lkp-tests stats lines, what an
 * LKP program's parse script prints (contrib/lkp/programs/fabench/parse).
 *
 *   SECTION[.POINT].METRIC: VALUE
 *
 * LKP puts "fabench." before each.  POINT names the values that tell the
 * section's points apart ("uffd=wp,timing=latency"), and is left out where
 * the section has one point (an LKP atomic job usually is one point: LKP
 * keeps the job's parameters in the result path).  VALUE is the mean of
 * the repetitions, or for a correctness count (declared better=zero) their
 * sum, and a non-zero one adds "SECTION[.POINT].METRIC.fail: 1", a point
 * that failed "SECTION[.POINT].error: 1": the names etc/failure of
 * lkp-tests matches.  An unsupported point has no numbers, only
 * "SECTION[.POINT].unsupported: 1" after a comment line with the reason
 * (dump-stat skips comments): a job of unsupported points still has stats,
 * where LKP would call a job without any an incomplete run.  A metric
 * without a number (unsupported at an ok point) is left out.
 */
#ifndef FABENCH_LKP_STATS_H
#define FABENCH_LKP_STATS_H

#include <stdio.h>

/* 0, or -1 after one line on stderr (a file of dir unreadable or malformed). */
int lkp_stats_write(const char *dir, FILE *out);

#endif /* FABENCH_LKP_STATS_H */
