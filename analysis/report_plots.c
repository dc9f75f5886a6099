// SPDX-License-Identifier: GPL-2.0-only
/*
 * report's plots: fault_read cost by uffd mode and backend, dirty-tracking
 * throughput by method, and punch_hole latency against the mapped share;
 * the latency percentiles are report_latency.c's.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "report.h"
#include "stats.h"

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
		fprintf(legend, "  %2d %.75s\n", n, p->label);
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

/* The series a punch_hole point belongs to: its varying values but mapped. */
static void series_name(const struct resultset *rs, const struct rs_point *p,
			int mapped, char *buf, size_t len)
{
	size_t at = 0;
	int a;

	buf[0] = 0;
	for (a = 0; a < rs->naxes && at + 1 < len; a++)
		if (a != mapped && axis_varies(rs, "punch_hole", a))
			at += (size_t)snprintf(buf + at, len - at, "%s%s=%s", at ? " " : "",
					       rs->axis_name[a], p->axis_val[a]);
	if (!buf[0])
		snprintf(buf, len, "punch_hole");
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
		series_name(rs, p, mapped, name, sizeof(name));
		for (j = 0; j < nseries && strcmp(done[j], name); j++)
			;
		if (j < nseries)
			continue;
		snprintf(done[nseries], sizeof(done[0]), "%s", name);
		fprintf(f, "%s\"%s\"\n", nseries ? "\n\n" : "",
			plot_quote(name, q, sizeof(q)));
		for (j = i; j < rs->npoints; j++) {
			const struct rs_point *o = &rs->point[j];

			series_name(rs, o, mapped, name, sizeof(name));
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

void report_plots(FILE *out, const struct resultset *rs, json_t *meta,
		  const char *plotdir)
{
	static const char bars[] = "set style fill solid 0.5 border\nset boxwidth 0.6\n"
		"set yrange [0:*]\nset xtics rotate by -30 font \",8\"\nset bmargin 8\nset offsets 0.5, 0.5, 0, 0";
	char sfx[256], t[5][384];
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
	};
#undef BARS

	for (i = 0; i < 5; i++)
		pl[i].title = t[i];
	report_title_suffix(meta, sfx, sizeof(sfx));
	snprintf(t[0], sizeof(t[0]), "fault_read ns/page, %s", sfx);
	snprintf(t[1], sizeof(t[1]), "fault_read pages/fault, %s", sfx);
	snprintf(t[2], sizeof(t[2]), "latency percentiles, %s", sfx);
	snprintf(t[3], sizeof(t[3]), "dirty tracking pages/s, %s", sfx);
	snprintf(t[4], sizeof(t[4]), "punch_hole latency, %s", sfx);
	fprintf(out, "Plots (DIR/plots/: *.gp scripts, *.dat data, *.png, *.svg)\n\n");
	bar_plot(out, rs, &pl[0], "fault_read", "ns_per_page");
	bar_plot(out, rs, &pl[1], "fault_read", "pages_per_fault");
	report_latency_plot(out, rs, &pl[2]);
	bar_plot(out, rs, &pl[3], "dirty_", "tracked_pages_per_sec");
	punch_plot(out, rs, &pl[4]);
}
