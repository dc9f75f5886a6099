/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fabench mail: a plain-text mail body, every line within 80 columns, that
 * can be sent as is: the runs' setup, the headline tables in the layout of
 * the 0-day robot's (LKP) reports, and the figures to attach.  One run: its
 * table; two: the comparison (the first is the base); more than two guest
 * runs of kernel variants: one table of the variants side by side.
 */
#ifndef FABENCH_MAIL_H
#define FABENCH_MAIL_H

#include <stdio.h>

#define MAIL_COLS 80

struct mail;

/*
 * Loads the result directories; on bad input (a missing directory, a
 * result without metric declarations, runs of different configs) prints
 * one line naming the file and returns NULL.
 */
struct mail *mail_load(int n, char **dirs);
/*
 * The mail body; attach (nattach paths, or none): the figures to list
 * under "Figures to attach", else the PNGs report and compare --plots
 * wrote in the result directories.
 */
/* 0, or -1 after a line on stderr (a malformed profile file) */
int mail_print(FILE *out, const struct mail *m, char *const *attach, int nattach);
void mail_free(struct mail *m);

#endif /* FABENCH_MAIL_H */
