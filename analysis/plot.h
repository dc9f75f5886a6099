/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Plots through gnuplot: a script and a data file per plot, written next
 * to the images so users can tweak and re-run them, rendered as PNG, SVG
 * and an 80-column text version for report.txt.
 */
#ifndef FABENCH_PLOT_H
#define FABENCH_PLOT_H

#include <stdio.h>

struct plot {
	const char *dir;	/* where NAME.gp, NAME.dat and the images go */
	const char *name;	/* file base name */
	const char *shown;	/* dir as report text names it ("plots/"), or NULL */
	const char *title;
	const char *subtitle;	/* under the title: kernel, machine, n, whiskers; or NULL */
	const char *xlabel;
	const char *ylabel;
	const char *setup;	/* extra "set" lines, may be NULL */
	const char *cmd;	/* the plot command; the data file is NAME.dat */
	const char *text_setup;	/* "set" lines for the text version only */
	const char *text_cmd;	/* its plot command; NULL: the same one */
	FILE *index;		/* each image rendered: a line "DIR/NAME.png"; or NULL */
};

/* Whether a gnuplot binary is on PATH. */
int plot_available(void);

/*
 * Writes NAME.gp, runs gnuplot in p->dir and appends the text rendering to
 * out.  NAME.dat must already be written.  Returns 0, or -1 after telling
 * out why.
 */
int plot_render(const struct plot *p, FILE *out);

/*
 * Opens DIR/NAME.dat for writing, checked (bench/lib/outfile.h): NULL,
 * or -1 from the close, with the failure recorded there.
 */
FILE *plot_data_open(const struct plot *p);
int plot_data_close(const struct plot *p, FILE *f);
/*
 * NAME.png, .svg and .txt in dir as gnuplot left them: whole (a PNG's
 * IEND chunk, an SVG's end tag), or removed and the failure recorded
 * (gnuplot on a full disk exits 0 with half a PNG).
 */
int plot_check_outputs(const char *dir, const char *name);

/* Escapes s for a double-quoted gnuplot string into buf. */
const char *plot_quote(const char *s, char *buf, size_t len);

/* gnuplot SCRIPT in dir, its chatter discarded; its exit status, -1 if it did not run. */
int plot_gnuplot(const char *dir, const char *script);

/* DIR/NAME.txt into out as plot_render appends it: 80 columns, blank runs squeezed. */
void plot_text(const char *dir, const char *name, FILE *out);

#endif /* FABENCH_PLOT_H */
