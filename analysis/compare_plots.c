// SPDX-License-Identifier: GPL-2.0-only
/*
 * compare's grouped bars: per headline metric one group per shared point,
 * one bar per run, so a change shows at a glance next to its noise.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/compare_plots.h"
#include "analysis/comparison.h"
#include "analysis/direction.h"
#include "analysis/plot.h"

/* Every run's match of base point p with a value of m, into q; or 0. */
static int match_runs(const struct resultset *run, int n, int m,
		      const struct rs_point *p, const struct rs_point **q)
{
	struct metric_cmp c;
	int o;

	q[0] = p;
	for (o = 1; o < n; o++) {
		q[o] = cmp_match(&run[o], p);
		if (!q[o] || compare_metric(run, p, &run[o], q[o], m, &c) ||
		    !c.base.n || !c.other.n)
			return 0;
	}
	return n > 1 || (!compare_metric(run, p, run, p, m, &c) && c.base.n);
}

/* One row: number, then mean and stddev per run, then the point's label. */
static void data_row(FILE *f, const struct resultset *run, int n, int m,
		     const struct rs_point **q, int k)
{
	struct metric_cmp c;
	char buf[512];
	int o;

	fprintf(f, "%d", k);
	for (o = 0; o < n; o++) {
		compare_metric(run, q[0], &run[o], q[o], m, &c);
		fprintf(f, " %g %g", c.other.mean, isnan(c.other.stddev) ? 0 : c.other.stddev);
	}
	fprintf(f, " \"%s\"\n", plot_quote(q[0]->label, buf, sizeof(buf)));
}

/* The data file, and the point legend the text plot's numbered ticks need. */
static int write_data(const struct plot *pl, const struct resultset *run, int n,
		      int m, FILE *legend)
{
	const struct rs_point *q[n];
	int i, k = 0;
	FILE *f = plot_data_open(pl);

	if (!f)
		return -1;
	fprintf(f, "# number, mean stddev per run, label (%s)\n", run[0].metric[m]);
	for (i = 0; i < run[0].npoints; i++) {
		if (!match_runs(run, n, m, &run[0].point[i], q))
			continue;
		data_row(f, run, n, m, q, ++k);
		fprintf(legend, "  %2d %.75s\n", k, run[0].point[i].label);
	}
	return fclose(f) || !k ? -1 : k;
}

/* "6.18.44 label" of a run, its number first so equal kernels stay apart. */
static void run_name(const struct resultset *rs, int o, char *buf, size_t len)
{
	char q[256], num[16] = "base";

	if (o)
		snprintf(num, sizeof(num), "run%d", o);
	snprintf(q, sizeof(q), "%s %s%s%s", num, rs->kernel_release,
		 *rs->label ? " " : "", rs->label);
	plot_quote(q, buf, len);
}

/* "plot ... using 2:3:xtic(L) title "base ...", '' using 4:5 title ..." */
static void plot_cmd(const struct resultset *run, int n, const char *dat,
		     int xtic, char *cmd, size_t len)
{
	char name[256];
	size_t at;
	int o;

	at = (size_t)snprintf(cmd, len, "plot");
	for (o = 0; o < n && at < len; o++) {
		run_name(&run[o], o, name, sizeof(name));
		if (o)
			at += (size_t)snprintf(cmd + at, len - at, ", \"\" using %d:%d title \"%s\"",
					       2 + 2 * o, 3 + 2 * o, name);
		else
			at += (size_t)snprintf(cmd + at, len - at, " \"%s\" using 2:3:xtic(%d) "
					       "title \"%s\"", dat, xtic, name);
	}
}

static void title(const struct resultset *run, int n, const char *metric,
		  char *buf, size_t len)
{
	size_t at = (size_t)snprintf(buf, len, "%s:", metric);
	int o;

	for (o = 0; o < n && at < len; o++)
		at += (size_t)snprintf(buf + at, len - at, "%s %s%s%s", o ? " vs" : "",
				       run[o].kernel_release, *run[o].label ? " " : "",
				       run[o].label);
}

static void metric_plot(const char *dir, const char *shown, const struct resultset *run,
			int n, int m, FILE *out)
{
	static const char setup[] = "set style data histogram\n"
		"set style histogram errorbars gap 1 lw 1\nset style fill solid 0.5 border\n"
		"set yrange [0:*]\nset xtics rotate by -30 font \",8\"\nset bmargin 8";
	char t[512], dat[256], cmd[4096], text_cmd[4096], *legend_text = NULL;
	struct plot pl = {
		.dir = dir, .shown = shown, .name = run[0].metric[m], .title = t,
		.xlabel = "point", .ylabel = "mean, error bar = stddev",
		.setup = setup, .cmd = cmd, .text_setup = "set key below",
		.text_cmd = text_cmd,
	};
	size_t len = 0;
	FILE *legend = open_memstream(&legend_text, &len);

	if (!legend)
		abort();
	title(run, n, pl.name, t, sizeof(t));
	snprintf(dat, sizeof(dat), "%s.dat", pl.name);
	plot_cmd(run, n, dat, 2 + 2 * n, cmd, sizeof(cmd));
	/* the text plot's ticks are numbers: the labels are in the legend */
	plot_cmd(run, n, dat, 1, text_cmd, sizeof(text_cmd));
	if (write_data(&pl, run, n, m, legend) < 0) {
		fclose(legend);
		fprintf(out, "plot %s: skipped: no point with values in every run\n\n", pl.name);
		free(legend_text);
		return;
	}
	fclose(legend);
	fprintf(out, "plot %s: points:\n%s", pl.name, legend_text);
	free(legend_text);
	plot_render(&pl, out);
	fputc('\n', out);
}

int compare_plots(const char *dir, const struct resultset *run, int nrun, FILE *out)
{
	char shown[4096];
	int *headline = calloc((size_t)run[0].nmetrics + 1, sizeof(*headline));
	int i, n;

	if (!plot_available()) {
		fprintf(stderr, "fabench: --plots: unsupported: gnuplot not found\n");
		return -1;
	}
	if (mkdir(dir, 0777) && errno != EEXIST) {
		fprintf(stderr, "fabench: --plots: mkdir %s: %s\n", dir, strerror(errno));
		return -1;
	}
	if (!headline)
		abort();
	snprintf(shown, sizeof(shown), "%s/", dir);
	/*
	 * the headline metrics the base run declares, but the correctness
	 * counts: their verdict is in the table, a bar of zeros says nothing
	 */
	n = metric_headlines(&run[0], headline);
	if (!n)
		metric_decls_note(out, &run[0]);
	for (i = 0; i < n; i++)
		if (metric_direction(&run[0], NULL, run[0].metric[headline[i]]) != DIR_ZERO)
			metric_plot(dir, shown, run, nrun, headline[i], out);
	free(headline);
	return 0;
}
