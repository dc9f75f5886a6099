// SPDX-License-Identifier: GPL-2.0-only
/*
 * report's line figures: a declared metric (or two, the second on the
 * right axis, dashed) against the axis plot_x, a line per series value
 * (its palette colour) and combination of the other axes that vary (a
 * point type each); whiskers min-max of the repetitions; x spans exactly
 * the values measured, on a log2 scale where they span a factor of 16.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/figure.h"
#include "analysis/plot.h"
#include "analysis/report.h"

#define MAX_ROWS 256
#define MAX_LINES (8 * FIG_MAX_LABELS)	/* split into figures of FIG_MAX_LABELS */

struct line_row {
	double x, v[6];		/* mean, min, max of each metric; NAN: none */
};

static int row_cmp(const void *a, const void *b)
{
	const struct line_row *x = a, *y = b;

	return (x->x > y->x) - (x->x < y->x);
}

/*
 * An axis value as a number, a size's suffix read as a binary unit (a
 * shmem_folio of "64K" is 65536, as fault_around_bytes writes it); NAN for
 * "default" and the like (not plottable).
 */
static double x_value(const struct rs_point *p, int x)
{
	static const char units[] = "KMGT";
	const char *u;
	char *end;
	double v = strtod(p->axis_val[x], &end);

	if (end == p->axis_val[x])
		return NAN;
	u = *end && !end[1] ? strchr(units, *end) : NULL;
	if (u)
		return v * (double)(1ull << (10 * (u - units + 1)));
	return *end ? NAN : v;
}

/* The line p belongs to: "<series>" or "<series> <other values>". */
static void line_of(const struct resultset *rs, const struct figure *fg,
		    const struct rs_point *p, char *buf, size_t len)
{
	char g[128];

	fig_group(rs, fg, p, g, sizeof(g), NULL, 0);
	snprintf(buf, len, "%s%s%s", fig_series(rs, fg, p), *g ? " " : "", g);
}

struct lines {
	char name[MAX_LINES][160];
	const char *colour[MAX_LINES];
	int other_of[MAX_LINES];	/* the index of its other values */
	char others[MAX_LINES][128];
	int nothers;
	char axes[160];		/* the other axes' names */
	int n;
	int nx;			/* distinct x values measured */
	double xs[MAX_ROWS];	/* the values, as seen */
	double lo, hi;
	int other;		/* lines differ by more than the series */
};

static int scan(const struct resultset *rs, const struct figure *fg, int x, const int *m,
		struct lines *l)
{
	double *seen = l->xs;
	struct fig_stats st;
	char name[160], g[128];
	int i, j;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < rs->npoints; i++) {
		const struct rs_point *p = &rs->point[i];
		double v = x_value(p, x);

		if (!fig_selects(rs, fg, p) || isnan(v) || fig_stats(rs, p, m[0], &st))
			continue;
		for (j = 0; j < l->nx && seen[j] != v; j++)
			;
		if (j == l->nx && l->nx < MAX_ROWS) {
			seen[l->nx++] = v;
			l->lo = l->nx == 1 || v < l->lo ? v : l->lo;
			l->hi = l->nx == 1 || v > l->hi ? v : l->hi;
		}
		line_of(rs, fg, p, name, sizeof(name));
		fig_group(rs, fg, p, g, sizeof(g), l->axes, sizeof(l->axes));
		l->other |= !!*g;
		for (j = 0; j < l->n && strcmp(l->name[j], name); j++)
			;
		if (j < l->n)
			continue;
		if (l->n == MAX_LINES)
			return -1;
		snprintf(l->name[l->n], sizeof(l->name[0]), "%s", name);
		for (j = 0; j < l->nothers && strcmp(l->others[j], g); j++)
			;
		if (j == l->nothers)
			snprintf(l->others[l->nothers++], sizeof(l->others[0]), "%s", g);
		l->other_of[l->n] = j;
		l->colour[l->n++] = fig_colour(rs, fg, p);
	}
	return 0;
}

/* Line k's block: its points sorted by x so it does not zigzag. */
static void block(FILE *f, const struct resultset *rs, const struct figure *fg, int x,
		  const int *m, const char *line, double *y2max)
{
	struct line_row row[MAX_ROWS];
	struct fig_stats st;
	char name[160];
	int i, k, n = 0;

	for (i = 0; i < rs->npoints && n < MAX_ROWS; i++) {
		const struct rs_point *p = &rs->point[i];

		if (!fig_selects(rs, fg, p) || isnan(x_value(p, x)))
			continue;
		line_of(rs, fg, p, name, sizeof(name));
		if (strcmp(name, line) || fig_stats(rs, p, m[0], &st))
			continue;
		row[n].x = x_value(p, x);
		row[n].v[0] = st.mean;
		row[n].v[1] = st.min;
		row[n].v[2] = st.max;
		row[n].v[3] = row[n].v[4] = row[n].v[5] = NAN;
		if (fg->nm > 1 && m[1] >= 0 && !fig_stats(rs, p, m[1], &st)) {
			row[n].v[3] = st.mean;
			row[n].v[4] = st.min;
			row[n].v[5] = st.max;
			*y2max = st.max > *y2max ? st.max : *y2max;
		}
		n++;
	}
	qsort(row, (size_t)n, sizeof(row[0]), row_cmp);
	fprintf(f, "# x %s mean min max%s\n", fg->m[0]->name, fg->nm > 1 ? " and the second's" : "");
	for (i = 0; i < n; i++) {
		fprintf(f, "%g", row[i].x);
		for (k = 0; k < 3 * fg->nm; k++)
			fprintf(f, " %g", row[i].v[k]);
		fputc('\n', f);
	}
}

static void write_cmd(FILE *c, const struct figure *fg, const struct lines *l, const char *name)
{
	char q[256];
	int k;

	for (k = 0; k < l->n; k++) {
		plot_quote(l->name[k], q, sizeof(q));
		/* the other values: a point type each, and a dash type with one metric */
		fprintf(c, "%s \"%s.dat\" index %d using 1:2:3:4 with yerrorlines lc rgb \"%s\" "
			"lw 2 dt %d pt %d title \"%s\"", k ? "," : "plot", name, k, l->colour[k],
			fg->nm > 1 ? 1 : l->other_of[k] % 5 + 1, l->other ? l->other_of[k] + 4 : 7,
			q);
		if (fg->nm > 1)
			fprintf(c, ", \"%s.dat\" index %d using 1:5:6:7 axes x1y2 with yerrorlines "
				"lc rgb \"%s\" lw 2 dt 2 pt %d notitle", name, k,
				l->colour[k], l->other ? l->other_of[k] + 4 : 7);
	}
	/* two metrics: a key entry per line, and one each saying which is which */
	if (fg->nm > 1)
		fprintf(c, ", NaN with lines lc rgb \"black\" lw 2 dt 1 title \"solid: %s (%s), left\""
			", NaN with lines lc rgb \"black\" lw 2 dt 2 title \"dashed: %s (%s), right\"",
			fg->m[0]->name, fg->m[0]->unit, fg->m[1]->name, fg->m[1]->unit);
}

/*
 * Integer x values, few enough to label (tasks 1, 2, 4, 8; 4096..65536):
 * a tic at each value measured and none between, where gnuplot would put
 * 1.2, 1.4, ... on a sweep of 1 and 2.
 */
static void x_tics(FILE *fs, const struct lines *l)
{
	int j;

	if (l->nx > FIG_MAX_LABELS)
		return;
	for (j = 0; j < l->nx; j++)
		if (l->xs[j] != floor(l->xs[j]) || l->xs[j] > 1e15)
			return;
	fprintf(fs, "set xtics (");
	for (j = 0; j < l->nx; j++) {
		double v = l->xs[j];
		/* a size of whole KiB or MiB reads as one: 64K, not 65536 */
		if (v >= 1048576 && fmod(v, 1048576) == 0)
			fprintf(fs, "%s\"%.0fM\" %.0f", j ? ", " : "", v / 1048576, v);
		else if (v >= 4096 && fmod(v, 1024) == 0)
			fprintf(fs, "%s\"%.0fK\" %.0f", j ? ", " : "", v / 1024, v);
		else
			fprintf(fs, "%s%.0f", j ? ", " : "", v);
	}
	fprintf(fs, ")\n");
}

static void why_not(const struct fig_ctx *c, const struct figure *fg, const char *name,
		    int x, const int *m)
{
	const char *status = NULL;
	char why[160];
	int i;

	if (m[0] < 0 || (fg->nm > 1 && m[1] < 0)) {
		fig_skipped(c->out, name, "no such metric in this run");
		return;
	}
	if (x < 0) {
		snprintf(why, sizeof(why), "no %s axis in this run", fg->x);
		fig_skipped(c->out, name, why);
		return;
	}
	/* swept but not measured: the swept points' status says why */
	for (i = 0; i < c->rs->npoints && !status; i++) {
		const struct rs_point *p = &c->rs->point[i];

		if (!p->ok && p->status && !isnan(x_value(p, x)) &&
		    (!fg->section || !strcmp(fg->section, p->axis_val[c->rs->naxes])))
			for (int w = 0; w < fg->nwl; w++)
				if (!strcmp(fg->wl[w], p->workload))
					status = p->status;
	}
	if (status) {
		snprintf(why, sizeof(why), "no %s sweep measured", fg->x);
		fprintf(c->out, "plot %s: skipped: %s\n  (points %.*s%s)\n\n", name,
			strlen(name) + strlen(why) + 16 <= 80 ? why : "no sweep measured",
			68, status, strlen(status) > 68 ? "~" : "");
	} else {
		snprintf(why, sizeof(why), "%s not swept here", fg->x);
		fig_skipped(c->out, name, why);
	}
}

int fig_lines_swept(const struct fig_ctx *c, const struct figure *fg)
{
	const struct resultset *rs = c->rs;
	int m[2] = { resultset_metric(rs, fg->m[0]->name), -1 };
	int x = resultset_axis(rs, fg->x), swept;
	struct lines *l;

	if (m[0] < 0 || x < 0)
		return 0;
	l = malloc(sizeof(*l));
	if (!l)
		abort();
	scan(rs, fg, x, m, l);	/* the x values seen before any early return count */
	swept = l->nx >= 2;
	free(l);
	return swept;
}

/* One figure of lines l (all of them, or one part of a split). */
static void lines_part(const struct fig_ctx *c, const struct figure *fg, const char *name,
		       int x, const int *m, const struct lines *l)
{
	const struct resultset *rs = c->rs;
	char title[384], sub[256], ylabel[160], xlabel[160], *setup = NULL, *cmd = NULL;
	struct plot pl = { .dir = c->plotdir, .shown = "plots/", .name = name,
			   .index = c->index };
	size_t ls = 0, lc = 0;
	int k, logx;
	double y2max = 0;
	FILE *f, *fs, *fc;

	f = plot_data_open(&pl);
	if (!f)
		return;
	for (k = 0; k < l->n; k++) {
		fprintf(f, "%s# series %s\n", k ? "\n\n" : "", l->name[k]);
		block(f, rs, fg, x, m, l->name[k], &y2max);
	}
	plot_data_close(&pl, f);
	fs = open_memstream(&setup, &ls);
	fc = open_memstream(&cmd, &lc);
	if (!fs || !fc)
		abort();
	/* a sweep over powers (4096..65536) reads on a log scale, a share (0..100) not */
	logx = l->lo > 0 && l->hi / l->lo >= 16;
	if (logx)	/* a quarter power of 2 either side, whiskers off the border */
		fprintf(fs, "set logscale x 2\nset xrange [%g:%g]\n", l->lo / 1.19, l->hi * 1.19);
	else	/* 2 % either side: the end points' whiskers off the border */
		fprintf(fs, "set xrange [%g:%g]\n", l->lo - (l->hi - l->lo) / 50,
			l->hi + (l->hi - l->lo) / 50);
	x_tics(fs, l);
	fprintf(fs, "set yrange [0:*]\nset key outside top center horizontal\n");
	if (fg->nm > 1)
		/* a tenth above the largest: a constant line off the border */
		fprintf(fs, "set ytics nomirror\nset y2tics\nset y2range [0:%g]\n"
			"set y2label \"%s (%s), dashed\"\n", y2max > 0 ? y2max * 1.1 : 1,
			fg->m[1]->name, fg->m[1]->unit);
	/* 12M, not 1.2e+07 */
	if (fg->nm > 1 && y2max >= 1e5)
		fprintf(fs, "set format y2 \"%%.1s%%c\"\n");
	fclose(fs);
	write_cmd(fc, fg, l, name);
	fclose(fc);
	/* what the name does not say, within 80 columns */
	snprintf(title, sizeof(title), "plot %s: a line per %s%s%s", name,
		 *fg->m[0]->series ? fg->m[0]->series : "point", l->other ? " and " : "",
		 l->other ? l->axes : "");
	fprintf(c->out, "%.80s\n", title);
	fig_subtitle(c, fg, 1, sub, sizeof(sub));
	if (fg->nm > 1)
		snprintf(title, sizeof(title), "%s and %s%s%s,\na line per %s%s%s", fg->m[0]->label,
			 fg->m[1]->label, fg->section ? ": " : "", fg->section ? fg->section : "",
			 fg->m[0]->series, l->other ? " and " : "", l->other ? l->axes : "");
	else
		snprintf(title, sizeof(title), "%s against %s%s%s, a line per %s%s%s",
			 fg->m[0]->label, fg->x, fg->section ? ": " : "",
			 fg->section ? fg->section : "", fg->m[0]->series, l->other ? " and " : "",
			 l->other ? l->axes : "");
	snprintf(ylabel, sizeof(ylabel), "%s (%s)%s", fg->m[0]->name, fg->m[0]->unit,
		 fg->nm > 1 ? ", solid" : "");
	snprintf(xlabel, sizeof(xlabel), "%s", *fg->m[0]->plot_xlabel ? fg->m[0]->plot_xlabel :
		 fg->x);
	pl.title = title;
	pl.subtitle = sub;
	pl.xlabel = xlabel;
	pl.ylabel = ylabel;
	pl.setup = setup;
	pl.cmd = cmd;
	/* the y2 label does not fit beside 80 columns; the key names it */
	pl.text_setup = fg->nm > 1 ? "set key below\nunset y2label\nset offsets 0, 0, 0, 0" :
		"set key below";
	plot_render(&pl, c->out);
	fputc('\n', c->out);
	free(setup);
	free(cmd);
}

void fig_lines(const struct fig_ctx *c, struct figure *fg, const char *name)
{
	const struct resultset *rs = c->rs;
	int m[2] = { resultset_metric(rs, fg->m[0]->name),
		     fg->nm > 1 ? resultset_metric(rs, fg->m[1]->name) : -1 };
	int x = resultset_axis(rs, fg->x), k, j, parts;
	struct lines *l, *part;
	char pname[128];

	if (m[0] < 0 || (fg->nm > 1 && m[1] < 0) || x < 0) {
		why_not(c, fg, name, x, m);
		return;
	}
	l = malloc(sizeof(*l));
	part = malloc(sizeof(*part));
	if (!l || !part)
		abort();
	if (scan(rs, fg, x, m, l))
		fig_skipped(c->out, name, "more lines than fit eight figures");
	else if (l->nx < 2)
		why_not(c, fg, name, x, m);
	else {
		/* a figure per FIG_MAX_LABELS lines; colours and point types as in the whole */
		parts = (l->n + FIG_MAX_LABELS - 1) / FIG_MAX_LABELS;
		for (k = 0; k < parts; k++) {
			int l0 = k * l->n / parts, l1 = (k + 1) * l->n / parts;

			*part = *l;
			part->n = l1 - l0;
			for (j = 0; j < part->n; j++) {
				memcpy(part->name[j], l->name[l0 + j], sizeof(part->name[j]));
				part->colour[j] = l->colour[l0 + j];
				part->other_of[j] = l->other_of[l0 + j];
			}
			fig_name(pname, sizeof(pname), fg->base, fg->section, k);
			lines_part(c, fg, k ? pname : name, x, m, part);
		}
	}
	free(part);
	free(l);
}
