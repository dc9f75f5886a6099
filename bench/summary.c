// SPDX-License-Identifier: GPL-2.0-only
/*
 * The text summary: per section, the axes that vary and the headline
 * metrics (means over the measured repetitions), at most 80 columns wide,
 * then the latency-mode overhead for points measured both ways.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "results.h"
#include "stats.h"
#include "sysinfo.h"
#include "timer.h"

#define LINE_WIDTH 78
#define MIN_OVERHEAD_SAMPLES 1000	/* timed operations per repetition */

/* Mean and CoeffVar of one metric; -1 when no repetition has a value. */
static int point_stats(const struct point_result *pr, const char *name,
		       struct summary_stats *st)
{
	const struct metric *m;
	double *v = calloc((size_t)pr->nreps + 1, sizeof(*v));
	int r, n = 0;

	if (!v)
		abort();
	for (r = 0; r < pr->nreps; r++) {
		m = metric_get(&pr->reps[r], name);
		if (m && !m->unsupported[0])
			v[n++] = m->value;
	}
	stats_summarize(v, (size_t)n, st);
	free(v);
	return n ? 0 : -1;
}

static bool is_axis(const struct run_record *rr, const struct config_section *sec,
		    int key)
{
	(void)rr;
	return sec->keys[key].nvals > 1;
}

static void print_fixed(FILE *out, const struct run_record *rr,
			const struct config_section *sec)
{
	int i, col;

	col = fprintf(out, "[%s] fixed:", sec->name);
	for (i = 0; sec->params[i].name; i++) {
		char item[128];
		int len;

		if (is_axis(rr, sec, i))
			continue;
		len = snprintf(item, sizeof(item), " %s=%s", sec->params[i].name,
			       sec->keys[i].vals[0].text);
		if (col + len > LINE_WIDTH) {
			fputs("\n   ", out);
			col = 3;
		}
		col += fprintf(out, "%s", item);
	}
	fputc('\n', out);
}

static int run_axis_width(int key)
{
	return key == RP_TIMING ? 10 : (int)strlen(run_params[key].name);
}

static bool run_axis(const struct run_record *rr, int key)
{
	return rr->cfg->run.keys[key].nvals > 1;
}

static int axis_width(const struct config_section *sec, int key)
{
	int w = (int)strlen(sec->params[key].name), i, l;

	for (i = 0; i < sec->keys[key].nvals; i++) {
		l = (int)strlen(sec->keys[key].vals[i].text);
		w = l > w ? l : w;
	}
	return w;
}

/* For a workload that names no columns of its own. */
static const struct wl_column default_columns[] = {
	{ "wall_ms", "wall ms", 9, 2 },
	{ NULL, NULL, 0, 0 },
};

static const struct wl_column *columns_of(const struct workload *wl)
{
	return wl->columns ? wl->columns : default_columns;
}

static void print_value(FILE *out, const struct point_result *pr,
			const struct wl_column *col)
{
	struct summary_stats st;

	if (point_stats(pr, col->metric, &st))
		fprintf(out, " %*s", col->width, "-");
	else
		fprintf(out, " %*.*f", col->width, col->decimals, st.mean);
}

/* Width of the axis columns of a section's rows. */
static int axes_width(const struct run_record *rr, const struct config_section *sec)
{
	int i, w = 0;

	for (i = 0; sec->params[i].name; i++)
		if (is_axis(rr, sec, i))
			w += axis_width(sec, i) + 1;
	for (i = 0; run_params[i].name; i++)
		if (run_axis(rr, i))
			w += run_axis_width(i) + 1;
	return w;
}

/* How many metric columns fit in a mail line after the axes (at least one). */
static int fitting_columns(const struct run_record *rr, const struct config_section *sec)
{
	const struct wl_column *col = columns_of(sec->wl);
	int n, w = axes_width(rr, sec) + 6;	/* the CoeffVar column */

	for (n = 0; col[n].metric; n++) {
		w += col[n].width + 1;
		if (n && w > LINE_WIDTH + 2)
			break;
	}
	return n;
}

static void print_row(FILE *out, const struct run_record *rr,
		      const struct point_result *pr)
{
	const struct config_section *sec = pr->pt->sec;
	const struct wl_column *col = columns_of(sec->wl);
	struct summary_stats st;
	int i;
	int used = 0;

	for (i = 0; sec->params[i].name; i++)
		if (is_axis(rr, sec, i))
			used += fprintf(out, "%-*s ", axis_width(sec, i), pr->pt->vals[i].text);
	for (i = 0; run_params[i].name; i++)
		if (run_axis(rr, i))
			used += fprintf(out, "%-*s ", run_axis_width(i), pr->pt->run[i].text);
	if (pr->status) {
		/* as much of the reason as the line has room for */
		used += fprintf(out, "%s: ", pr->status > 0 ? "unsupported" : "error");
		fprintf(out, "%.*s\n", used < LINE_WIDTH - 20 ? LINE_WIDTH - used : 20, pr->why);
		return;
	}
	for (i = 0; i < fitting_columns(rr, sec); i++) {
		print_value(out, pr, &col[i]);
		if (i)
			continue;
		if (point_stats(pr, col[0].metric, &st) || st.n < 2)
			fprintf(out, " %5s", "-");	/* no spread from one sample */
		else
			fprintf(out, " %5.1f", st.coeff_var);
	}
	fputc('\n', out);
}

static void print_section(FILE *out, const struct run_record *rr,
			  const struct config_section *sec)
{
	const struct wl_column *col = columns_of(sec->wl);
	int p, i;

	print_fixed(out, rr, sec);
	for (i = 0; sec->params[i].name; i++)
		if (is_axis(rr, sec, i))
			fprintf(out, "%-*s ", axis_width(sec, i), sec->params[i].name);
	for (i = 0; run_params[i].name; i++)
		if (run_axis(rr, i))
			fprintf(out, "%-*s ", run_axis_width(i), run_params[i].name);
	for (i = 0; i < fitting_columns(rr, sec); i++)
		fprintf(out, i ? " %*s" : " %*s %5s", col[i].width, col[i].header, "cv%");
	fputc('\n', out);
	for (p = 0; p < rr->matrix->npoints; p++)
		if (rr->points[p].pt->sec == sec)
			print_row(out, rr, &rr->points[p]);
	fputc('\n', out);
}

/* The throughput-mode twin of a latency-mode point, or NULL. */
static const struct point_result *throughput_twin(const struct run_record *rr,
						  const struct point_result *lat)
{
	const struct matrix_point *a = lat->pt, *b;
	int p, i;

	for (p = 0; p < rr->matrix->npoints; p++) {
		b = rr->points[p].pt;
		if (b->sec != a->sec || b->run[RP_TIMING].idx != TIMING_THROUGHPUT)
			continue;
		for (i = 0; a->sec->params[i].name; i++)
			if (strcmp(a->vals[i].text, b->vals[i].text))
				break;
		if (a->sec->params[i].name)
			continue;
		for (i = 0; i < RP_COUNT; i++)
			if (i != RP_TIMING && strcmp(a->run[i].text, b->run[i].text))
				break;
		if (i == RP_COUNT)
			return &rr->points[p];
	}
	return NULL;
}

static void print_overhead(FILE *out, const struct run_record *rr)
{
	const struct point_result *lat, *thr;
	struct summary_stats sl, st, ss;
	char name[64], label[1024];
	bool header = false;
	int p;

	for (p = 0; p < rr->matrix->npoints; p++) {
		lat = &rr->points[p];
		if (lat->pt->run[RP_TIMING].idx != TIMING_LATENCY || lat->status ||
		    lat->pt->sec->wl->fixed_duration)
			continue;
		thr = throughput_twin(rr, lat);
		snprintf(name, sizeof(name), "ns_per_%s", lat->pt->sec->wl->unit);
		if (!thr || thr->status || point_stats(lat, name, &sl) ||
		    point_stats(thr, name, &st) || st.median <= 0)
			continue;
		/* a handful of timed operations makes the ratio noise, not overhead */
		if (point_stats(lat, "lat_samples", &ss) || ss.median < MIN_OVERHEAD_SAMPLES)
			continue;
		if (!header)
			fprintf(out, "latency-mode overhead: median %s, latency / throughput\n"
				"(target <= 1.05)\n", name);
		header = true;
		matrix_point_axes(rr->cfg, lat->pt, label, sizeof(label));
		if (strstr(label, " timing="))
			*strstr(label, " timing=") = '\0';
		fprintf(out, "  %.3f  [%s]%.60s\n", sl.median / st.median,
			lat->pt->sec->name, label);
	}
	if (header)
		fputc('\n', out);
}

void results_print_summary(FILE *out, const struct run_record *rr)
{
	const struct timer_info *ti = timer_get();
	struct utsname u;
	char host[64];
	int s;

	uname(&u);
	sysinfo_hostname(host, sizeof(host));
	fprintf(out, "fabench on %s, Linux %s %s\n", host, u.release, u.machine);
	fprintf(out, "config %.70s\n", rr->cfg->path);
	fprintf(out, "%s repetitions (+%s warm-up), timer %s (read %.1f ns)\n\n",
		config_run_value(rr->cfg, RP_REPEAT)->text,
		config_run_value(rr->cfg, RP_WARMUP)->text, ti->name, ti->read_cost_ns);
	for (s = 0; s < rr->cfg->nsections; s++)
		print_section(out, rr, &rr->cfg->sections[s]);
	print_overhead(out, rr);
}
