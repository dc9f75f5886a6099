// SPDX-License-Identifier: GPL-2.0-only
/*
 * report's plots: one per plot the run's metric declarations ask for
 * (meta.json "metrics"), then the latency percentiles (report_latency.c).
 *   bars  one bar per point of the workloads declaring the metric so; a
 *         metric several workloads declare alike shares one figure
 *         (tracked_pages_per_sec of every dirty_* method)
 *   line  against the axis plot_x, a line per combination of the other
 *         values that vary; a workload's line plots against one axis share
 *         a figure, the second metric on the right axis
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/direction.h"
#include "analysis/plot.h"
#include "analysis/report.h"
#include "bench/lib/stats.h"

#define MAX_FIGURES 32
#define LINE_COLS 80
#define MAX_WORKLOADS 16
#define MAX_SERIES 32
#define MAX_ROWS 256

/* One figure: a declared plot, and the workloads or metrics it gathers. */
struct figure {
	enum rs_plot kind;
	const char *x;				/* RS_PLOT_LINE: the axis */
	const char *wl[MAX_WORKLOADS];		/* bars: every declarer; line: one */
	int nwl;
	const struct rs_metric_decl *m[2];	/* bars: one; line: one or two */
	int nm;
	char name[128];
	char title[384];
};

/* Mean and stddev of one metric at one point; -1 when it has no value. */
static int point_stats(const struct resultset *rs, const struct rs_point *p,
		       int m, struct summary_stats *st)
{
	double *v = calloc(p->nreps + 1, sizeof(*v));
	size_t i, n, k = 0;

	if (!v)
		abort();
	n = resultset_samples(rs, p, m, v);
	for (i = 0; i < n; i++)
		if (!isnan(v[i]))
			v[k++] = v[i];
	stats_summarize(v, k, st);
	free(v);
	return k ? 0 : -1;
}

void report_plot_skipped(FILE *out, const char *name, const char *why)
{
	fprintf(out, "plot %s: skipped: %s\n\n", name, why);
}

static int in_figure(const struct figure *fg, const struct rs_point *p)
{
	int i;

	for (i = 0; i < fg->nwl; i++)
		if (!strcmp(fg->wl[i], p->workload))
			return 1;
	return 0;
}

/*
 * Whether axis a (naxes: the section) takes more than one value in fg's
 * points, those without it ("": another workload's parameter) aside.
 */
static int axis_varies(const struct resultset *rs, const struct figure *fg, int a)
{
	const char *first = NULL;
	int i;

	for (i = 0; i < rs->npoints; i++) {
		if (!in_figure(fg, &rs->point[i]) || !*rs->point[i].axis_val[a])
			continue;
		if (!first)
			first = rs->point[i].axis_val[a];
		else if (strcmp(first, rs->point[i].axis_val[a]))
			return 1;
	}
	return 0;
}

/* "point (workload, uffd, backend, ...)": what tells fg's bars apart. */
static void bars_xlabel(const struct resultset *rs, const struct figure *fg,
			char *buf, size_t len)
{
	size_t at = (size_t)snprintf(buf, len, "point (");
	int a, n = 0;

	if (axis_varies(rs, fg, rs->naxes))
		at += (size_t)snprintf(buf + at, len - at, "%s", fg->nwl > 1 ? "workload" : "section");
	n = at > 7;
	for (a = 0; a < rs->naxes && at < len; a++) {
		if (!axis_varies(rs, fg, a))
			continue;
		if (n++ == 3) {
			at += (size_t)snprintf(buf + at, len - at, ", ...");
			break;
		}
		at += (size_t)snprintf(buf + at, len - at, "%s%s", n > 1 ? ", " : "",
				       rs->axis_name[a]);
	}
	if (!n)
		snprintf(buf, len, "point");
	else if (at < len)
		snprintf(buf + at, len - at, ")");
}

/* The line a point of fg belongs to: its varying values but the x axis. */
static void series_name(const struct resultset *rs, const struct figure *fg,
			const struct rs_point *p, int x, char *buf, size_t len)
{
	size_t at = 0;
	int a;

	buf[0] = 0;
	if (axis_varies(rs, fg, rs->naxes))
		at += (size_t)snprintf(buf, len, "%s", p->axis_val[rs->naxes]);
	for (a = 0; a < rs->naxes && at + 1 < len; a++)
		if (a != x && axis_varies(rs, fg, a))
			at += (size_t)snprintf(buf + at, len - at, "%s%s=%s", at ? " " : "",
					       rs->axis_name[a], p->axis_val[a]);
	if (!buf[0])
		snprintf(buf, len, "%s", p->workload);
}

/* Bars with stddev error bars of fg's metric over fg's points. */
static void bar_plot(FILE *out, const struct resultset *rs, const struct figure *fg,
		     struct plot *pl)
{
	int m = resultset_metric(rs, fg->m[0]->name), i, n = 0;
	struct summary_stats st;
	char q[512], *text = NULL;
	FILE *f, *legend;
	size_t len = 0;

	if (m < 0) {
		report_plot_skipped(out, pl->name, "no such metric in this run");
		return;
	}
	f = plot_data_open(pl);
	if (!f)
		return;
	legend = open_memstream(&text, &len);
	if (!legend)
		abort();
	fprintf(f, "# number mean stddev label (%s)\n", fg->m[0]->name);
	for (i = 0; i < rs->npoints; i++) {
		const struct rs_point *p = &rs->point[i];

		if (!in_figure(fg, p) || !p->ok || point_stats(rs, p, m, &st))
			continue;
		fprintf(f, "%d %g %g \"%s\"\n", ++n, st.mean, st.stddev,
			plot_quote(p->label, q, sizeof(q)));
		/* the text plot's ticks are numbers: the legend is here */
		fprintf(legend, "  %2d %.*s%s\n", n, strlen(p->label) > 75 ? 74 : 75,
			p->label, strlen(p->label) > 75 ? "~" : "");
	}
	fclose(f);
	fclose(legend);
	if (!n) {
		report_plot_skipped(out, pl->name, "no such points in this run");
		free(text);
		return;
	}
	fprintf(out, "plot %s: points:\n%s", pl->name, text);
	free(text);
	plot_render(pl, out);
	fputc('\n', out);
}

/* An axis value as a number; NAN for "default" and the like (not plottable). */
static double x_value(const struct rs_point *p, int x)
{
	char *end;
	double v = strtod(p->axis_val[x], &end);

	return end == p->axis_val[x] || *end ? NAN : v;
}

/* Distinct numeric x values over fg's points (ok ones if ok); *why: a skip's status. */
static int x_distinct(const struct resultset *rs, const struct figure *fg, int x,
		      int ok, double *lo, double *hi, const char **why)
{
	double seen[MAX_ROWS];
	int i, j, n = 0;

	for (i = 0; i < rs->npoints && n < MAX_ROWS; i++) {
		const struct rs_point *p = &rs->point[i];
		double v = x_value(p, x);

		if (!in_figure(fg, p) || isnan(v))
			continue;
		if (ok && !p->ok) {
			if (why && !*why && p->status)
				*why = p->status;
			continue;
		}
		for (j = 0; j < n && seen[j] != v; j++)
			;
		if (j == n)
			seen[n++] = v;
		*lo = n == 1 || v < *lo ? v : *lo;
		*hi = n == 1 || v > *hi ? v : *hi;
	}
	return n;
}

struct line_row {
	double x, v[4];		/* mean, stddev of each metric; NAN: none */
};

static int line_row_cmp(const void *a, const void *b)
{
	const struct line_row *x = a, *y = b;

	return (x->x > y->x) - (x->x < y->x);
}

/* One block: the series' points sorted by x so lines do not zigzag. */
static void line_block(FILE *f, const struct resultset *rs, const struct figure *fg,
		       int x, const int *m, const char *series)
{
	struct line_row row[MAX_ROWS];
	struct summary_stats st;
	char name[256];
	int i, k, n = 0;

	for (i = 0; i < rs->npoints && n < MAX_ROWS; i++) {
		const struct rs_point *p = &rs->point[i];

		if (!in_figure(fg, p) || !p->ok || isnan(x_value(p, x)))
			continue;
		series_name(rs, fg, p, x, name, sizeof(name));
		if (strcmp(name, series) || point_stats(rs, p, m[0], &st))
			continue;
		row[n].x = x_value(p, x);
		row[n].v[0] = st.mean;
		row[n].v[1] = st.stddev;
		row[n].v[2] = row[n].v[3] = NAN;
		if (fg->nm > 1 && m[1] >= 0 && !point_stats(rs, p, m[1], &st)) {
			row[n].v[2] = st.mean;
			row[n].v[3] = st.stddev;
		}
		n++;
	}
	qsort(row, (size_t)n, sizeof(row[0]), line_row_cmp);
	for (i = 0; i < n; i++) {
		fprintf(f, "%g", row[i].x);
		for (k = 0; k < 2 * fg->nm; k++)
			fprintf(f, " %g", row[i].v[k]);
		fputc('\n', f);
	}
}

/* What tells a series' two lines apart in the key: the unit, else the name. */
static const char *short_unit(const struct rs_metric_decl *d)
{
	return *d->unit ? d->unit : d->name;
}

/* The data, a block per series, and the plot command naming them into cmd. */
static int line_series(FILE *f, const struct resultset *rs, const struct figure *fg,
		       int x, const int *m, char *cmd, size_t len, const char *dat)
{
	char done[MAX_SERIES][128], name[128], q[256];
	size_t at = (size_t)snprintf(cmd, len, "plot");
	int i, j, n = 0;

	for (i = 0; i < rs->npoints; i++) {
		const struct rs_point *p = &rs->point[i];

		if (!in_figure(fg, p) || !p->ok || isnan(x_value(p, x)))
			continue;
		series_name(rs, fg, p, x, name, sizeof(name));
		for (j = 0; j < n && strcmp(done[j], name); j++)
			;
		if (j < n)
			continue;
		if (n == MAX_SERIES)
			return 0;
		snprintf(done[n], sizeof(done[0]), "%s", name);
		fprintf(f, "%s# %s\n", n ? "\n\n" : "", name);
		line_block(f, rs, fg, x, m, name);
		plot_quote(name, q, sizeof(q));
		if (fg->nm == 1 && at < len)
			at += (size_t)snprintf(cmd + at, len - at, "%s \"%s\" index %d using 1:2:3 "
					       "with yerrorlines title \"%s\"", n ? "," : "", dat,
					       n, q);
		else if (at < len)
			at += (size_t)snprintf(cmd + at, len - at, "%s \"%s\" index %d using 1:2:3 "
					       "with yerrorlines title \"%s %s\", \"%s\" index %d "
					       "using 1:4:5 axes x1y2 with yerrorlines dt 2 title "
					       "\"%s %s\"", n ? "," : "", dat, n, q, short_unit(fg->m[0]),
					       dat, n, q, short_unit(fg->m[1]));
		n++;
	}
	return at < len ? n : 0;
}

/* Whether "plot NAME: skipped: WHY" fits a line. */
static int fits(const struct figure *fg, const char *why)
{
	return strlen("plot : skipped: ") + strlen(fg->name) + strlen(why) <= LINE_COLS;
}

/* Why a line figure has no plot: the axis, the sweep, or the points' status. */
static int line_skipped(FILE *out, const struct resultset *rs, const struct figure *fg,
			int x, const int *m)
{
	char why[256];
	const char *status = NULL;
	double lo, hi;

	if (m[0] < 0 || (fg->nm > 1 && m[1] < 0)) {
		report_plot_skipped(out, fg->name, "no such metric in this run");
	} else if (x < 0) {
		snprintf(why, sizeof(why), "no %s axis in this run", fg->x);
		report_plot_skipped(out, fg->name, why);
	} else if (x_distinct(rs, fg, x, 0, &lo, &hi, NULL) < 2) {
		snprintf(why, sizeof(why), "%s not swept here", fg->x);
		report_plot_skipped(out, fg->name, fits(fg, why) ? why : "not swept here");
	} else if (x_distinct(rs, fg, x, 1, &lo, &hi, &status) < 2) {
		/* the reason, the points' status on a line of its own (80 columns) */
		snprintf(why, sizeof(why), "no %s sweep measured", fg->x);
		fprintf(out, "plot %s: skipped: %s\n", fg->name,
			fits(fg, why) ? why : "no sweep measured");
		if (status)
			fprintf(out, "  (points %.*s%s)\n", 68, status,
				strlen(status) > 68 ? "~" : "");
		fputc('\n', out);
	} else {
		return 0;
	}
	return 1;
}

static void line_plot(FILE *out, const struct resultset *rs, const struct figure *fg,
		      struct plot *pl)
{
	int m[2] = { resultset_metric(rs, fg->m[0]->name),
		     fg->nm > 1 ? resultset_metric(rs, fg->m[1]->name) : -1 };
	int x = -1, a, n, logx;
	char dat[256], cmd[8192], setup[512], xlabel[160];
	size_t at;
	double lo = 0, hi = 0;
	FILE *f;

	for (a = 0; a < rs->naxes; a++)
		if (!strcmp(rs->axis_name[a], fg->x))
			x = a;
	if (line_skipped(out, rs, fg, x, m))
		return;
	x_distinct(rs, fg, x, 1, &lo, &hi, NULL);
	f = plot_data_open(pl);
	if (!f)
		return;
	snprintf(dat, sizeof(dat), "%s.dat", pl->name);
	n = line_series(f, rs, fg, x, m, cmd, sizeof(cmd), dat);
	fclose(f);
	if (!n) {
		report_plot_skipped(out, pl->name, "too many series to plot");
		return;
	}
	/* a sweep over powers (4096..65536) reads on a log scale, a share (0..100) not */
	logx = lo > 0 && hi / lo >= 16;
	snprintf(xlabel, sizeof(xlabel), "%s%s", fg->x, logx ? " (log scale)" : "");
	at = (size_t)snprintf(setup, sizeof(setup), "%sset yrange [0:*]\n"
			      "set offsets graph 0.05, graph 0.05, 0, 0",
			      logx ? "set logscale x 2\n" : "");
	if (fg->nm > 1 && at < sizeof(setup))
		snprintf(setup + at, sizeof(setup) - at, "\nset ytics nomirror\nset y2tics\n"
			 "set y2range [0:*]\nset y2label \"%s\"", fg->m[1]->name);
	pl->xlabel = xlabel;
	pl->setup = setup;
	pl->cmd = cmd;
	plot_render(pl, out);
	fputc('\n', out);
}

/* A time or a rate of time: TCG emulated it. */
static int timed(const struct rs_metric_decl *d)
{
	return strstr(d->unit, "ns") || strstr(d->unit, "us") || strstr(d->unit, "ms") ||
	       strstr(d->unit, "/s");
}

/*
 * fg's file name, short enough for report.txt's "plot NAME: plots/NAME.{png,svg}"
 * line to fit 80 columns: a bars figure's is its metric's (one figure per
 * metric), a line figure's "<workload>-<x>", or "<x>" where that is too long
 * and no other figure has that axis.
 */
#define NAME_MAX_COLS 28

static void figure_name(struct figure *fig, int n, int k)
{
	struct figure *fg = &fig[k];
	int i;

	if (fg->kind == RS_PLOT_BARS) {
		snprintf(fg->name, sizeof(fg->name), "%s", fg->m[0]->name);
		return;
	}
	snprintf(fg->name, sizeof(fg->name), "%s-%s", fg->wl[0], fg->x);
	if (strlen(fg->name) <= NAME_MAX_COLS)
		return;
	for (i = 0; i < n; i++)
		if (i != k && fig[i].kind == RS_PLOT_LINE && !strcmp(fig[i].x, fg->x))
			return;
	snprintf(fg->name, sizeof(fg->name), "%s", fg->x);
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

/* A bars declaration joins the figure of the same metric; a line one its workload's axis. */
static void add_decl(struct figure *fig, int *n, const char *wl, const struct rs_metric_decl *d)
{
	struct figure *fg;
	int i;

	for (i = 0; i < *n; i++) {
		fg = &fig[i];
		if (fg->kind != d->plot)
			continue;
		if (d->plot == RS_PLOT_BARS && !strcmp(fg->m[0]->name, d->name)) {
			if (fg->nwl < MAX_WORKLOADS)
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

static int collect_figures(const struct resultset *rs, struct figure *fig)
{
	int t, i, n = 0;

	for (t = 0; t < rs->ntables; t++)
		for (i = 0; i < rs->table[t].n; i++)
			if (rs->table[t].decl[i].plot != RS_PLOT_NONE)
				add_decl(fig, &n, rs->table[t].workload, &rs->table[t].decl[i]);
	for (i = 0; i < n; i++)
		figure_name(fig, n, i);
	return n;
}

static void declared_plot(FILE *out, const struct resultset *rs, struct figure *fg,
			  const char *plotdir, const char *tcg, const char *sfx)
{
	static const char bars[] = "set style fill solid 0.5 border\nset boxwidth 0.6\n"
		"set yrange [0:*]\nset xtics rotate by -30 font \",8\"\nset bmargin 8\n"
		"set offsets 0.5, 0.5, 0, 0";
	char ylabel[160], xlabel[160];
	char cmd[512], text_cmd[512];
	int is_timed = timed(fg->m[0]) || (fg->nm > 1 && timed(fg->m[1]));
	struct plot pl = {
		.dir = plotdir, .shown = "plots/", .name = fg->name, .title = fg->title,
		.ylabel = ylabel,
	};

	/* "ns_per_page, ns (mean, error bar = stddev)" */
	snprintf(ylabel, sizeof(ylabel), "%s%s%s (mean, error bar = stddev)", fg->m[0]->name,
		 *fg->m[0]->unit ? ", " : "", fg->m[0]->unit);
	if (fg->kind == RS_PLOT_BARS)	/* "dirty pages tracked per second..." */
		snprintf(fg->title, sizeof(fg->title), "%.*s %s%s, %s", owner_len(fg),
			 fg->wl[0], fg->m[0]->label, is_timed ? tcg : "", sfx);
	else if (fg->nm > 1)	/* the axes' labels name the metrics */
		snprintf(fg->title, sizeof(fg->title), "%s by %s%s, %s", fg->wl[0], fg->x,
			 is_timed ? tcg : "", sfx);
	else
		snprintf(fg->title, sizeof(fg->title), "%s %s by %s%s, %s", fg->wl[0],
			 fg->m[0]->label, fg->x, is_timed ? tcg : "", sfx);
	if (fg->kind == RS_PLOT_BARS) {
		bars_xlabel(rs, fg, xlabel, sizeof(xlabel));
		snprintf(cmd, sizeof(cmd), "plot \"%s.dat\" using 1:2:3:xtic(4) with boxerrorbars "
			 "notitle", fg->name);
		snprintf(text_cmd, sizeof(text_cmd), "plot \"%s.dat\" using 1:2:3:xtic(1) with "
			 "boxerrorbars notitle", fg->name);
		pl.xlabel = xlabel;
		pl.setup = bars;
		pl.cmd = cmd;
		pl.text_cmd = text_cmd;
		bar_plot(out, rs, fg, &pl);
	} else {
		/* the y2 label does not fit beside 80 columns; the key names it */
		pl.text_setup = fg->nm > 1 ? "set key below\nunset y2label" : "set key below";
		line_plot(out, rs, fg, &pl);
	}
}

void report_plots(FILE *out, const struct resultset *rs, json_t *meta,
		  const char *plotdir)
{
	struct figure fig[MAX_FIGURES];
	char sfx[256], title[384];
	const char *tcg;
	struct plot latency = {
		.dir = plotdir, .shown = "plots/", .name = "latency", .title = title,
		.xlabel = "point (hist/point-NNNN.csv)", .ylabel = "latency (ns, log scale)",
		.setup = "set logscale y\nset xtics rotate by -30",
		.cmd = "plot for [c=2:5] \"latency.dat\" using 0:c:xtic(1) with linespoints "
		       "title word(\"p50 p90 p99 p99.9\", c - 1)",
		.text_setup = "set key below horizontal",
	};
	int i, n;

	report_title_suffix(meta, sfx, sizeof(sfx));
	/* times measured under TCG were emulated: say so on every time plot */
	tcg = report_tcg(meta) ? " (indicative: TCG)" : "";
	fprintf(out, "Plots (DIR/plots/: *.gp scripts, *.dat data, *.png, *.svg)\n\n");
	if (!metric_decls_present(rs))
		fprintf(out, "plots: no metric declarations (format_version %d): every metric\n"
			"  is information only, no metric is plotted\n\n", rs->format_version);
	n = collect_figures(rs, fig);
	for (i = 0; i < n; i++)
		declared_plot(out, rs, &fig[i], plotdir, tcg, sfx);
	snprintf(title, sizeof(title), "latency percentiles%s, %s", tcg, sfx);
	report_latency_plot(out, rs, &latency);
}
