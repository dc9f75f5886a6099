// SPDX-License-Identifier: GPL-2.0-only
/*
 * report's figures, one per plot the run's metric declarations ask for
 * (meta.json "metrics", workloads/workload.h), each answering one question:
 *   bars  grouped bars: a group per combination of the other axes that
 *         vary, a bar (and a colour) per value of the declared series; a
 *         figure per section unless the series is the workload or section
 *         (one method per workload: a metric several declare alike shares
 *         one figure); log y where declared and the values span a decade;
 *         the declared note metric written above each bar
 *   line  against the axis plot_x, a line per series value and other
 *         combination (report_lines.c)
 * then a latency CDF per section (report_latency.c).  No category axis
 * gets more than FIG_MAX_LABELS labels: more groups go to further files.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/direction.h"
#include "analysis/figure.h"
#include "analysis/palette.h"
#include "analysis/plot.h"
#include "analysis/report.h"

#define MAX_FIGURES 32
#define MAX_SERIES 8
#define MAX_GROUPS 256

void report_plot_skipped(FILE *out, const char *name, const char *why)
{
	fig_skipped(out, name, why);
}

/* The distinct groups and series of fg's points, in point order. */
struct bars {
	char group[MAX_GROUPS][96];
	int ngroups;
	const char *series[MAX_SERIES];
	int nseries;
	char axes[160];		/* the grouping axes' names */
	double lo, hi;		/* smallest and largest positive mean */
};

static int find(char (*list)[96], int n, const char *s)
{
	int i;

	for (i = 0; i < n && strcmp(list[i], s); i++)
		;
	return i;
}

/* The one group's name: the section, or "all" where the series is the section */
static const char *lone_group(const struct resultset *rs, const struct figure *fg,
			      const struct rs_point *p)
{
	const char *series = fg->m[0]->series;

	if (!strcmp(series, "workload") || !strcmp(series, "section"))
		return "all";
	return p->axis_val[rs->naxes];
}

static int bars_scan(const struct fig_ctx *c, const struct figure *fg, int m,
		     struct bars *b)
{
	const struct resultset *rs = c->rs;
	struct fig_stats st;
	char g[96], names[160];
	int i, j;

	memset(b, 0, sizeof(*b));
	for (i = 0; i < rs->npoints; i++) {
		const struct rs_point *p = &rs->point[i];
		const char *s;

		if (!fig_selects(rs, fg, p) || fig_stats(rs, p, m, &st))
			continue;
		fig_group_shared(rs, fg, p, g, sizeof(g), names, sizeof(names));
		if (strlen(names) > strlen(b->axes))	/* the most axes any group names */
			snprintf(b->axes, sizeof(b->axes), "%s", names);
		if (!*g)	/* nothing else varies: the section names the group */
			snprintf(g, sizeof(g), "%s", lone_group(rs, fg, p));
		if (find(b->group, b->ngroups, g) == b->ngroups && b->ngroups < MAX_GROUPS)
			snprintf(b->group[b->ngroups++], sizeof(b->group[0]), "%s", g);
		s = fig_series(rs, fg, p);
		for (j = 0; j < b->nseries && strcmp(b->series[j], s); j++)
			;
		if (j == b->nseries) {
			if (j == MAX_SERIES)
				return -1;
			b->series[b->nseries++] = s;
		}
		if (st.mean > 0 && (!b->lo || st.mean < b->lo))
			b->lo = st.mean;
		if (st.mean > b->hi)
			b->hi = st.mean;
	}
	/* bars in the harness's order of the values (none before wp), as their colours */
	for (i = 1; *fg->m[0]->series && i < b->nseries; i++) {
		const char *s = b->series[i];
		int k = palette_index(rs, fg->m[0]->series, s);

		for (j = i; j > 0 && palette_index(rs, fg->m[0]->series, b->series[j - 1]) > k; j--)
			b->series[j] = b->series[j - 1];
		b->series[j] = s;
	}
	return b->ngroups ? 0 : -1;
}

/*
 * Groups g0..g1-1 of b: a block per series, a row per group it has,
 * "x mean min max note"; the plot command naming each block's series.
 */
static void bars_data(const struct fig_ctx *c, const struct figure *fg, int m, int note,
		      const struct bars *b, int g0, int g1, const char *name,
		      FILE *f, FILE *cmd, FILE *tcmd)
{
	const struct resultset *rs = c->rs;
	double w = 0.8 / b->nseries;
	struct fig_stats st, nt;
	const char *colour;
	char g[96], q[256];
	int s, i, k, blk = 0;

	for (s = 0; s < b->nseries; s++) {
		colour = NULL;
		fprintf(f, "%s# series %s\n", blk ? "\n\n" : "", b->series[s]);
		for (i = 0; i < rs->npoints; i++) {
			const struct rs_point *p = &rs->point[i];

			if (!fig_selects(rs, fg, p) || strcmp(fig_series(rs, fg, p), b->series[s]) ||
			    fig_stats(rs, p, m, &st))
				continue;
			fig_group_shared(rs, fg, p, g, sizeof(g), NULL, 0);
			if (!*g)
				snprintf(g, sizeof(g), "%s", lone_group(rs, fg, p));
			k = find((char (*)[96])b->group, b->ngroups, g);
			if (k < g0 || k >= g1)
				continue;
			if (note < 0 || fig_stats(rs, p, note, &nt))
				nt.mean = NAN;
			fprintf(f, "%g %g %g %g %.3g\n", k - g0 + (s - (b->nseries - 1) / 2.0) * w,
				st.mean, st.min, st.max, nt.mean);
			colour = fig_colour(rs, fg, p);
		}
		if (!colour) {		/* no bar of this series here: an empty block */
			fprintf(f, "0 NaN NaN NaN NaN\n");
			colour = "#000000";
		}
		plot_quote(b->series[s], q, sizeof(q));
		fprintf(cmd, "%s \"%s.dat\" index %d using 1:2:3:4:(%g) with boxerrorbars "
			"lc rgb \"%s\" title \"%s\"", blk ? "," : "plot", name, blk, w,
			colour, q);
		fprintf(tcmd, "%s \"%s.dat\" index %d using 1:2:(%g) with boxes title \"%s\"",
			blk ? "," : "plot", name, blk, w, q);
		if (note >= 0)
			fprintf(cmd, ", \"%s.dat\" index %d using 1:4:(sprintf(\"%%g\", $5)) "
				"with labels offset 0,0.7 font \",9\" notitle", name, blk);
		blk++;
	}
}

/* characters of a 9-point label across the plot, at 800 px */
#define SLOT_CHARS 100

/*
 * A group's name a value a line ("memfd\nwriters=1"); a "name=value" wider
 * than its slot of cols characters loses its "name=" (the x label names
 * the axes in order), so neighbours' labels do not overlap.
 */
static void group_label(const char *group, int cols, char *buf, size_t len)
{
	const char *tok = group, *end, *eq;
	size_t at = 0;
	int n;

	buf[0] = '\0';
	while (*tok && at < len) {
		end = tok + strcspn(tok, " ");
		eq = memchr(tok, '=', (size_t)(end - tok));
		n = (int)(end - tok);
		if (eq && n > cols)
			tok = eq + 1;
		at += (size_t)snprintf(buf + at, len - at, "%s%.*s", at ? "\n" : "",
				       (int)(end - tok), tok);
		tok = *end ? end + 1 : end;
	}
}

/* What fg's workloads' names share: "dirty" of dirty_mprotect, dirty_wp_async. */
static int owner_len(const struct figure *fg)
{
	size_t common = strlen(fg->wl[0]);
	int i;

	for (i = 1; i < fg->nwl; i++)
		while (common && strncmp(fg->wl[0], fg->wl[i], common))
			common--;
	while (fg->nwl > 1 && common && fg->wl[0][common - 1] == '_')
		common--;
	return (int)common;
}

static void bars_part(const struct fig_ctx *c, struct figure *fg, int m, int note,
		      const struct bars *b, int g0, int g1, const char *name)
{
	char title[512], sub[256], ylabel[192], xlabel[256], q[128];
	char *setup = NULL, *cmd = NULL, *tcmd = NULL, *tset = NULL;
	size_t ls = 0, lc = 0, lt = 0, lts = 0;
	FILE *fs, *fc, *ft, *fts, *f;
	const struct rs_metric_decl *nd = NULL;
	int logy = fg->m[0]->log_y && b->lo > 0 && b->hi / b->lo >= 10, g, i, nl, lines = 1;
	char label[96];
	struct plot pl = { .dir = c->plotdir, .shown = "plots/", .name = name,
			   .index = c->index };

	f = plot_data_open(&pl);
	fs = open_memstream(&setup, &ls);
	fc = open_memstream(&cmd, &lc);
	ft = open_memstream(&tcmd, &lt);
	fts = open_memstream(&tset, &lts);
	if (!fs || !fc || !ft || !fts)
		abort();
	if (f) {
		bars_data(c, fg, m, note, b, g0, g1, name, f, fc, ft);
		plot_data_close(&pl, f);
	}
	/* the categories: every label shown, none rotated past the canvas */
	fprintf(fs, "set style fill solid 0.8 border -1\nset xrange [-0.6:%g]\nset xtics (",
		g1 - g0 - 0.4);
	fprintf(fts, "set xtics (");
	for (g = g0; g < g1; g++) {
		/* a value a line: long labels neither overlap nor leave the canvas */
		group_label(b->group[g], SLOT_CHARS / (g1 - g0), label, sizeof(label));
		for (i = 0, nl = 1; label[i]; i++)
			nl += label[i] == '\n';
		lines = nl > lines ? nl : lines;
		fprintf(fs, "%s\"%s\" %d", g > g0 ? ", " : "", plot_quote(label, q, sizeof(q)),
			g - g0);
		fprintf(fts, "%s\"%d\" %d", g > g0 ? ", " : "", g + 1, g - g0);
	}
	fprintf(fs, ")\nset xtics nomirror font \",9\"\nset bmargin %d\nset xlabel offset 0,%d\n"
		"set grid ytics\nset key outside top center horizontal\n", lines + 3, 1 - lines);
	fprintf(fts, ")\nset key below horizontal\n");
	if (logy)
		fprintf(fs, "set logscale y\nset yrange [%g:*]\n", b->lo / 2);
	else
		fprintf(fs, "set yrange [0:*]\n");
	if (note >= 0)	/* room above the tallest bar for its number */
		fprintf(fs, "set offsets 0, 0, graph 0.08, 0\n");
	if (logy)
		fprintf(fts, "set logscale y\n");
	fclose(fs);
	fclose(fc);
	fclose(ft);
	fclose(fts);
	if (note >= 0)
		nd = resultset_decl_by_workload(c->rs, fg->wl[0], fg->m[0]->note);
	fig_subtitle(c, fg, 1, sub, sizeof(sub));
	if (nd)
		snprintf(sub + strlen(sub), sizeof(sub) - strlen(sub),
			 "; numbers: %s (%s)", fg->m[0]->note, nd->unit);
	snprintf(ylabel, sizeof(ylabel), "%s (%s%s)", fg->m[0]->name, fg->m[0]->unit,
		 logy ? ", log scale" : "");
	snprintf(xlabel, sizeof(xlabel), "%s", *b->axes ? b->axes : "no other axis varies");
	pl.title = title;
	pl.subtitle = sub;
	pl.xlabel = xlabel;
	pl.ylabel = ylabel;
	pl.setup = setup;
	pl.cmd = cmd;
	pl.text_setup = tset;
	pl.text_cmd = tcmd;
	snprintf(title, sizeof(title), "plot %s: a bar per %s", name,
		 *fg->m[0]->series ? fg->m[0]->series : "point");
	fprintf(c->out, "%.80s\n  groups (%.66s):\n", title, *b->axes ? b->axes : "no other axis varies");
	if (fg->section)	/* "first-touch read cost per page: fault_read.wp, by uffd" */
		snprintf(title, sizeof(title), "%s: %s, by %s", fg->m[0]->label, fg->section,
			 *fg->m[0]->series ? fg->m[0]->series : "point");
	else			/* "dirty pages tracked per second ..., by workload" */
		snprintf(title, sizeof(title), "%.*s %s, by %s", owner_len(fg), fg->wl[0],
			 fg->m[0]->label, *fg->m[0]->series ? fg->m[0]->series : "point");
	for (g = g0; g < g1; g++)
		fprintf(c->out, "  %4d %.70s\n", g + 1, b->group[g]);
	plot_render(&pl, c->out);
	fputc('\n', c->out);
	free(setup);
	free(cmd);
	free(tcmd);
	free(tset);
}

static void bars_figure(const struct fig_ctx *c, struct figure *fg)
{
	int m = resultset_metric(c->rs, fg->m[0]->name);
	int note = *fg->m[0]->note ? resultset_metric(c->rs, fg->m[0]->note) : -1;
	struct bars *b = malloc(sizeof(*b));
	char name[128];
	int k, parts;

	if (!b)
		abort();
	fig_name(name, sizeof(name), fg->base, fg->section, 0);
	if (m < 0)
		fig_skipped(c->out, name, "no such metric in this run");
	else if (bars_scan(c, fg, m, b))
		fig_skipped(c->out, name, b->nseries >= MAX_SERIES ? "too many series" :
			    "no measured points");
	else {
		parts = (b->ngroups + FIG_MAX_LABELS - 1) / FIG_MAX_LABELS;
		for (k = 0; k < parts; k++) {
			int g0 = k * b->ngroups / parts, g1 = (k + 1) * b->ngroups / parts;

			fig_name(name, sizeof(name), fg->base, fg->section, k);
			bars_part(c, fg, m, note, b, g0, g1, name);
		}
	}
	free(b);
}

/* A bars declaration joins the figure of the same metric; a line one its workload's axis. */
static void add_decl(struct figure *fig, int *n, const char *wl, const struct rs_metric_decl *d)
{
	struct figure *fg;
	int i;

	for (i = 0; i < *n; i++) {
		fg = &fig[i];
		if (fg->kind != d->plot)
			continue;
		if (d->plot == RS_PLOT_BARS && !strcmp(fg->m[0]->name, d->name) &&
		    !strcmp(fg->m[0]->series, d->series)) {
			if (fg->nwl < FIG_MAX_WL)
				fg->wl[fg->nwl++] = wl;
			return;
		}
		if (d->plot == RS_PLOT_LINE && !strcmp(fg->wl[0], wl) && !strcmp(fg->x, d->plot_x) &&
		    fg->nm < 2) {
			fg->m[fg->nm++] = d;
			return;
		}
	}
	if (*n == MAX_FIGURES)
		return;
	fg = &fig[(*n)++];
	*fg = (struct figure){ .kind = d->plot, .x = d->plot_x, .nwl = 1, .nm = 1 };
	fg->wl[0] = wl;
	fg->m[0] = d;
}

/* A bars figure is its metric's; a line figure its x axis's, "<workload>-<x>" if two are. */
static void base_name(struct figure *fig, int n, int k)
{
	struct figure *fg = &fig[k];
	int i;

	if (fg->kind == RS_PLOT_BARS) {
		snprintf(fg->base, sizeof(fg->base), "%s", fg->m[0]->name);
		return;
	}
	snprintf(fg->base, sizeof(fg->base), "%s", fg->x);
	for (i = 0; i < n; i++)
		if (i != k && fig[i].kind == RS_PLOT_LINE && !strcmp(fig[i].x, fg->x))
			snprintf(fg->base, sizeof(fg->base), "%s-%s", fg->wl[0], fg->x);
}

static int collect_figures(const struct resultset *rs, struct figure *fig)
{
	int t, i, n = 0;

	for (t = 0; t < rs->ntables; t++)
		for (i = 0; i < rs->table[t].n; i++)
			if (rs->table[t].decl[i].plot != RS_PLOT_NONE)
				add_decl(fig, &n, rs->table[t].workload, &rs->table[t].decl[i]);
	for (i = 0; i < n; i++)
		base_name(fig, n, i);
	return n;
}

/* The sections of fg's points, in point order: a figure each, unless one. */
static int sections(const struct resultset *rs, struct figure *fg, const char **sec, int max)
{
	const char *series = fg->m[0]->series;
	int i, j, n = 0;

	fg->section = NULL;
	if (!strcmp(series, "workload") || !strcmp(series, "section"))
		return 0;
	for (i = 0; i < rs->npoints; i++) {
		const char *s = rs->point[i].axis_val[rs->naxes];

		if (!fig_selects(rs, fg, &rs->point[i]))
			continue;
		for (j = 0; j < n && strcmp(sec[j], s); j++)
			;
		if (j == n && n < max)
			sec[n++] = s;
	}
	return n > 1 ? n : 0;
}

static void draw(const struct fig_ctx *c, struct figure *fg)
{
	struct figure bars;
	char name[128];

	if (fg->kind == RS_PLOT_BARS) {
		bars_figure(c, fg);
		return;
	}
	/*
	 * A section of a sweep's workload that holds x fixed and varies other
	 * axes (punch_hole.sharing: mappings, processes): its metric as bars.
	 */
	if (fg->section && !fig_lines_swept(c, fg)) {
		bars = *fg;
		bars.kind = RS_PLOT_BARS;
		bars.nm = 1;
		snprintf(bars.base, sizeof(bars.base), "%s", fg->m[0]->name);
		bars_figure(c, &bars);
		return;
	}
	fig_name(name, sizeof(name), fg->base, fg->section, 0);
	fig_lines(c, fg, name);
}

void report_plots(FILE *out, const struct resultset *rs, json_t *meta,
		  const char *plotdir, FILE *figures)
{
	struct figure fig[MAX_FIGURES];
	const char *sec[MAX_FIGURES];
	char sfx[256];
	struct fig_ctx c = { .out = out, .rs = rs, .plotdir = plotdir, .sfx = sfx,
			     .index = figures };
	int i, s, n, ns;

	report_title_suffix(meta, sfx, sizeof(sfx));
	/* times measured under TCG were emulated: say so on every figure */
	c.tcg = report_tcg(meta) ? " (indicative: TCG)" : "";
	fprintf(out, "Plots (DIR/plots/: *.gp scripts, *.dat data, *.png, *.svg)\n\n");
	if (!metric_decls_present(rs))
		fprintf(out, "plots: no metric declarations (format_version %d): every metric\n"
			"  is information only, no metric is plotted\n\n", rs->format_version);
	n = collect_figures(rs, fig);
	for (i = 0; i < n; i++) {
		ns = sections(rs, &fig[i], sec, MAX_FIGURES);
		/* a sweep no section measured: one line says so, not one per section */
		if (fig[i].kind == RS_PLOT_LINE && !fig_lines_swept(&c, &fig[i]))
			ns = 0;
		if (!ns)
			draw(&c, &fig[i]);
		for (s = 0; s < ns; s++) {
			fig[i].section = sec[s];
			draw(&c, &fig[i]);
		}
	}
	report_latency_plot(&c);
}
