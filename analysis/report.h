/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fabench report: DIR/report.txt (machine, capability fingerprint, tables,
 * text plots) and DIR/plots/ (gnuplot scripts, data, PNG and SVG).
 */
#ifndef FABENCH_REPORT_H
#define FABENCH_REPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "analysis/resultset.h"

/*
 * Writes DIR/report.txt and DIR/plots/; 0, or -1 after one line on stderr.
 * figures (or NULL): the path of each figure written, a line each.
 */
int report_write(const char *dir, FILE *figures);

/* report_meta.c: the machine and the probe fingerprint from meta.json. */
void report_machine(FILE *out, json_t *meta);
void report_fingerprint(FILE *out, json_t *meta);
/* meta.json's vm.accel is "tcg": the times were emulated. */
bool report_tcg(json_t *meta);

/*
 * report_profiles.c: each section's profiles (profile = on), what they
 * cost; -1 after a line on stderr when a profile file is malformed.
 */
int report_profiles(FILE *out, const struct resultset *rs);
/* report_plots.c: the plots, each skipped with a line when no data. */
void report_plots(FILE *out, const struct resultset *rs, json_t *meta,
		  const char *plotdir, FILE *figures);

/* "plot NAME: skipped: WHY" and a blank line. */
void report_plot_skipped(FILE *out, const char *name, const char *why);

/* "Linux RELEASE on HOST", for plot titles. */
void report_title_suffix(json_t *meta, char *buf, size_t len);

#endif /* FABENCH_REPORT_H */
