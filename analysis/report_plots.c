// SPDX-License-Identifier: GPL-2.0-only
/*
 * report's plots: fault_read cost by uffd mode and backend, dirty-tracking
 * throughput by method, punch_hole latency against the mapped share, and
 * fault_read against fault_around_bytes where it was swept;
 * the latency percentiles are report_latency.c's.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/plot.h"
#include "analysis/report.h"
#include "bench/lib/stats.h"

static const char *section(const struct resultset *rs, const struct rs_point *p)
{
	return p->axis_val[rs->naxes];
}

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

/* Bars with stddev error bars of metric over the points prefix selects. */
static void bar_plot(FILE *out, const struct resultset *rs, struct plot *pl,
		     const char *prefix, const char *metric)
{
	int m = resultset_metric(rs, metric), i, n = 0;
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
	fprintf(f, "# number mean stddev label (%s)\n", metric);
	for (i = 0; i < rs->npoints; i++) {
		const struct rs_point *p = &rs->point[i];

		if (strncmp(section(rs, p), prefix, strlen(prefix)) || !p->ok ||
		    point_stats(rs, p, m, &st))
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

/* Which axis of section sec takes more than one value there. */
static int axis_varies(const struct resultset *rs, const char *sec, int a)
{
	const char *first = NULL;
	int i;

	for (i = 0; i < rs->npoints; i++) {
		if (strcmp(section(rs, &rs->point[i]), sec))
			continue;
		if (!first)
			first = rs->point[i].axis_val[a];
		else if (strcmp(first, rs->point[i].axis_val[a]))
			return 1;
	}
	return 0;
}

/* The series a point of sec belongs to: its varying values but the x axis. */
static void series_name(const struct resultset *rs, const char *sec,
			const struct rs_point *p, int x, char *buf, size_t len)
{
	size_t at = 0;
	int a;

	buf[0] = 0;
	for (a = 0; a < rs->naxes && at + 1 < len; a++)
		if (a != x && axis_varies(rs, sec, a))
			at += (size_t)snprintf(buf + at, len - at, "%s%s=%s", at ? " " : "",
					       rs->axis_name[a], p->axis_val[a]);
	if (!buf[0])
		snprintf(buf, len, "%s", sec);
}

static int punch_series(FILE *f, const struct resultset *rs, int mapped, int m)
{
	char done[64][128], name[128], q[256];
	int i, j, nseries = 0;
	struct summary_stats st;

	for (i = 0; i < rs->npoints && nseries < 64; i++) {
		const struct rs_point *p = &rs->point[i];

		if (strcmp(section(rs, p), "punch_hole") || !p->ok)
			continue;
		series_name(rs, "punch_hole", p, mapped, name, sizeof(name));
		for (j = 0; j < nseries && strcmp(done[j], name); j++)
			;
		if (j < nseries)
			continue;
		snprintf(done[nseries], sizeof(done[0]), "%s", name);
		fprintf(f, "%s\"%s\"\n", nseries ? "\n\n" : "",
			plot_quote(name, q, sizeof(q)));
		for (j = i; j < rs->npoints; j++) {
			const struct rs_point *o = &rs->point[j];

			series_name(rs, "punch_hole", o, mapped, name, sizeof(name));
			if (strcmp(section(rs, o), "punch_hole") || !o->ok ||
			    strcmp(name, done[nseries]) || point_stats(rs, o, m, &st))
				continue;
			fprintf(f, "%g %g %g\n", atof(o->axis_val[mapped]), st.mean, st.stddev);
		}
		nseries++;
	}
	return nseries;
}

static void punch_plot(FILE *out, const struct resultset *rs, struct plot *pl)
{
	int m = resultset_metric(rs, "punch_us"), mapped = -1, a, n;
	char cmd[256];
	FILE *f;

	for (a = 0; a < rs->naxes; a++)
		if (!strcmp(rs->axis_name[a], "mapped"))
			mapped = a;
	if (m < 0 || mapped < 0) {
		report_plot_skipped(out, pl->name, "no punch_hole points in this run");
		return;
	}
	f = plot_data_open(pl);
	if (!f)
		return;
	n = punch_series(f, rs, mapped, m);
	fclose(f);
	if (!n) {
		report_plot_skipped(out, pl->name, "no punch_hole points in this run");
		return;
	}
	snprintf(cmd, sizeof(cmd), "plot for [i=0:%d] \"%s.dat\" index i using 1:2:3 "
		 "with yerrorlines title columnheader(1)", n - 1, pl->name);
	pl->cmd = cmd;
	plot_render(pl, out);
	fputc('\n', out);
}

/* A fault_around_bytes value as a number, -1 for "default" (not plottable). */
static double fa_value(const struct rs_point *p, int fa)
{
	char *end;
	double v = strtod(p->axis_val[fa], &end);

	return end == p->axis_val[fa] || *end ? -1 : v;
}

static int fa_point(const struct resultset *rs, const struct rs_point *p, int fa)
{
	return !strcmp(section(rs, p), "fault_read") && fa_value(p, fa) >= 0;
}

/* Distinct set values among the ok points; *why the first other status. */
static int fa_distinct(const struct resultset *rs, int fa, const char **why)
{
	double seen[64];
	int i, j, n = 0;

	*why = NULL;
	for (i = 0; i < rs->npoints && n < 64; i++) {
		const struct rs_point *p = &rs->point[i];

		if (!fa_point(rs, p, fa))
			continue;
		if (!p->ok) {
			if (!*why && p->status)
				*why = p->status;
			continue;
		}
		for (j = 0; j < n && seen[j] != fa_value(p, fa); j++)
			;
		if (j == n)
			seen[n++] = fa_value(p, fa);
	}
	return n;
}

struct fa_row {
	double x, ns, ns_sd, ppf, ppf_sd;
};

static int fa_row_cmp(const void *a, const void *b)
{
	const struct fa_row *x = a, *y = b;

	return (x->x > y->x) - (x->x < y->x);
}

/* One block per series, sorted by fault_around_bytes so lines do not zigzag. */
static void fa_block(FILE *f, const struct resultset *rs, int fa, const char *name,
		     const int *m)
{
	struct fa_row row[64];
	struct summary_stats st;
	char other[128];
	int i, n = 0;

	for (i = 0; i < rs->npoints && n < 64; i++) {
		const struct rs_point *p = &rs->point[i];

		series_name(rs, "fault_read", p, fa, other, sizeof(other));
		if (!fa_point(rs, p, fa) || !p->ok || strcmp(other, name) ||
		    point_stats(rs, p, m[0], &st))
			continue;
		row[n] = (struct fa_row){ .x = fa_value(p, fa), .ns = st.mean, .ns_sd = st.stddev };
		if (!point_stats(rs, p, m[1], &st)) {
			row[n].ppf = st.mean;
			row[n].ppf_sd = st.stddev;
		} else {
			row[n].ppf = row[n].ppf_sd = NAN;
		}
		n++;
	}
	qsort(row, (size_t)n, sizeof(row[0]), fa_row_cmp);
	for (i = 0; i < n; i++)
		fprintf(f, "%g %g %g %g %g\n", row[i].x, row[i].ns, row[i].ns_sd,
			row[i].ppf, row[i].ppf_sd);
}

/* Writes the data, one block per series; the series names into cmd. */
static int fa_series(FILE *f, const struct resultset *rs, int fa, const int *m,
		     char *cmd, size_t len, const char *dat)
{
	char done[16][128], name[128], q[256];
	size_t at = 0;
	int i, j, n = 0;

	at += (size_t)snprintf(cmd, len, "plot");
	for (i = 0; i < rs->npoints && n < 16; i++) {
		const struct rs_point *p = &rs->point[i];

		if (!fa_point(rs, p, fa) || !p->ok)
			continue;
		series_name(rs, "fault_read", p, fa, name, sizeof(name));
		for (j = 0; j < n && strcmp(done[j], name); j++)
			;
		if (j < n)
			continue;
		snprintf(done[n], sizeof(done[0]), "%s", name);
		fprintf(f, "%s# %s\n", n ? "\n\n" : "", name);
		fa_block(f, rs, fa, name, m);
		plot_quote(name, q, sizeof(q));
		if (at < len)
			at += (size_t)snprintf(cmd + at, len - at, "%s \"%s\" index %d using 1:2:3 "
					       "with yerrorlines title \"%s ns/page\", \"%s\" index %d "
					       "using 1:4:5 axes x1y2 with yerrorlines dt 2 title "
					       "\"%s pages/fault\"", n ? "," : "", dat, n, q, dat, n, q);
		n++;
	}
	return at < len ? n : 0;
}

/* "no sweep": the reason, the points' status on a line of its own (80 columns) */
static void fa_skipped(FILE *out, const char *name, int fa, const char *why)
{
	if (fa < 0) {
		report_plot_skipped(out, name, "no fault_around_bytes axis in this run");
	} else if (why) {
		fprintf(out, "plot %s: skipped: no fault_around_bytes sweep measured\n", name);
		fprintf(out, "  (points %.*s%s)\n\n", 68, why, strlen(why) > 68 ? "~" : "");
	} else {
		report_plot_skipped(out, name, "fault_around_bytes not swept here");
	}
}

/* pages_per_fault and ns_per_page against fault_around_bytes, where swept. */
static void fault_around_plot(FILE *out, const struct resultset *rs, struct plot *pl)
{
	int m[2] = { resultset_metric(rs, "ns_per_page"),
		     resultset_metric(rs, "pages_per_fault") };
	int fa = -1, a, n;
	const char *why = NULL;
	char dat[256], cmd[8192];
	FILE *f;

	for (a = 0; a < rs->naxes; a++)
		if (!strcmp(rs->axis_name[a], "fault_around_bytes"))
			fa = a;
	if (fa < 0 || m[0] < 0 || m[1] < 0 || fa_distinct(rs, fa, &why) < 2) {
		fa_skipped(out, pl->name, m[0] < 0 || m[1] < 0 ? -1 : fa, why);
		return;
	}
	f = plot_data_open(pl);
	if (!f)
		return;
	snprintf(dat, sizeof(dat), "%s.dat", pl->name);
	n = fa_series(f, rs, fa, m, cmd, sizeof(cmd), dat);
	fclose(f);
	if (!n) {
		report_plot_skipped(out, pl->name, "too many series to plot");
		return;
	}
	pl->cmd = cmd;
	plot_render(pl, out);
	fputc('\n', out);
}

void report_plots(FILE *out, const struct resultset *rs, json_t *meta,
		  const char *plotdir)
{
	static const char bars[] = "set style fill solid 0.5 border\nset boxwidth 0.6\n"
		"set yrange [0:*]\nset xtics rotate by -30 font \",8\"\nset bmargin 8\nset offsets 0.5, 0.5, 0, 0";
	char sfx[256], t[6][384];
	const char *tcg;
	int i;
#define BARS(n, what, units) {						\
		.dir = plotdir, .shown = "plots/", .name = n, .xlabel = "point (" what ")",	\
		.ylabel = units " (mean, error bar = stddev)", .setup = bars,	\
		.cmd = "plot \"" n ".dat\" using 1:2:3:xtic(4) with boxerrorbars notitle", \
		.text_cmd = "plot \"" n ".dat\" using 1:2:3:xtic(1) with boxerrorbars notitle" }
	struct plot pl[] = {
		BARS("fault_read_ns", "uffd mode, backend, ...", "ns per page"),
		BARS("fault_read_ppf", "uffd mode, backend, ...", "pages per fault"),
		{ .dir = plotdir, .shown = "plots/", .name = "latency", .xlabel = "point (hist/point-NNNN.csv)",
		  .ylabel = "latency (ns, log scale)",
		  .setup = "set logscale y\nset xtics rotate by -30",
		  .cmd = "plot for [c=2:5] \"latency.dat\" using 0:c:xtic(1) with linespoints "
			 "title word(\"p50 p90 p99 p99.9\", c - 1)",
		  .text_setup = "set key below horizontal" },
		BARS("dirty", "dirty-tracking method, ...", "tracked pages per second"),
		{ .dir = plotdir, .shown = "plots/", .name = "punch_hole", .xlabel = "mapped share of the range (%)",
		  .ylabel = "punch latency (us, mean, error bar = stddev)",
		  .setup = "set yrange [0:*]\nset offsets 5, 5, 0, 0",
		  .text_setup = "set key below" },
		{ .dir = plotdir, .shown = "plots/", .name = "fault_around_sweep",
		  .xlabel = "fault_around_bytes (log scale)",
		  .ylabel = "ns per page (mean, error bar = stddev)",
		  .setup = "set logscale x 2\nset y2label \"pages per fault\"\n"
			   "set ytics nomirror\nset y2tics\nset yrange [0:*]\nset y2range [0:*]",
		  /* the y2 label does not fit beside 80 columns; the key names it */
		  .text_setup = "set key below\nunset y2label" },
	};
#undef BARS

	for (i = 0; i < 6; i++)
		pl[i].title = t[i];
	report_title_suffix(meta, sfx, sizeof(sfx));
	/* times measured under TCG were emulated: say so on every time plot */
	tcg = report_tcg(meta) ? " (indicative: TCG)" : "";
	snprintf(t[0], sizeof(t[0]), "fault_read ns/page%s, %s", tcg, sfx);
	snprintf(t[1], sizeof(t[1]), "fault_read pages/fault, %s", sfx);
	snprintf(t[2], sizeof(t[2]), "latency percentiles%s, %s", tcg, sfx);
	snprintf(t[3], sizeof(t[3]), "dirty tracking pages/s%s, %s", tcg, sfx);
	snprintf(t[4], sizeof(t[4]), "punch_hole latency%s, %s", tcg, sfx);
	snprintf(t[5], sizeof(t[5]), "fault_read by fault_around_bytes%s, %s", tcg, sfx);
	fprintf(out, "Plots (DIR/plots/: *.gp scripts, *.dat data, *.png, *.svg)\n\n");
	bar_plot(out, rs, &pl[0], "fault_read", "ns_per_page");
	bar_plot(out, rs, &pl[1], "fault_read", "pages_per_fault");
	report_latency_plot(out, rs, &pl[2]);
	bar_plot(out, rs, &pl[3], "dirty_", "tracked_pages_per_sec");
	punch_plot(out, rs, &pl[4]);
	fault_around_plot(out, rs, &pl[5]);
}
