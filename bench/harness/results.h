/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The result files of a run: samples.csv (one row per point and measured
 * repetition), summary.csv (per point and metric: n, mean, median, stddev,
 * CoeffVar, min, max), hist/ (latency histograms in ns), summary.txt.
 */
#ifndef FABENCH_RESULTS_H
#define FABENCH_RESULTS_H

#include <stdbool.h>
#include <stdio.h>

#include "bench/harness/record.h"
#include "bench/lib/csv.h"	/* csv_field */

int results_write_samples(const char *dir, const struct run_record *rr);
int results_write_summary_csv(const char *dir, const struct run_record *rr);
int results_write_histograms(const char *dir, const struct run_record *rr);
/* history/point-NNNN.txt of every point whose repetitions left notes (metric_note) */
int results_write_notes(const char *dir, const struct run_record *rr);
/* profile/point-NNNN.{csv,folded} of each point measured with profile = on */
int results_write_profiles(const char *dir, const struct run_record *rr);
/* The mail-ready text summary; also what `run` prints on stdout. */
void results_print_summary(FILE *out, const struct run_record *rr);
int results_write_summary_txt(const char *dir, const struct run_record *rr);
/* "fault_read.holes memfd/wp/latency": the section, its axes' values. */
void results_point_name(const struct config *cfg, const struct matrix_point *pt,
			bool timing, char *buf, size_t len);
/* "1043 ns/page, 1.00 pg/flt": the means of the point's first two columns. */
void results_point_brief(const struct point_result *pr, char *buf, size_t len);

#define RESULTS_MAX_OVERRIDES 64
/* The -p section.key=value options of the run's command line, in order. */
int results_overrides(const struct run_record *rr, const char **ov, int max);

#endif /* FABENCH_RESULTS_H */
