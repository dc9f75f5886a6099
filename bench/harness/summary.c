// SPDX-License-Identifier: GPL-2.0-only
/*
 * The text summary, at most 80 columns wide: per section the keys with one
 * value once, then a table of the axes that vary and the workload's key
 * metrics (means over the measured repetitions); then the latency-mode
 * overhead for points measured both ways.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "bench/harness/meta.h"
#include "bench/harness/metric_decl.h"
#include "bench/harness/progress.h"
#include "bench/harness/results.h"
#include "bench/lib/stats.h"
#include "bench/kernel/sysinfo.h"
#include "bench/lib/textwrap.h"
#include "bench/lib/timer.h"
#include "bench/lib/timeunit.h"

#define COLS 80
#define MIN_OVERHEAD_SAMPLES 1000	/* timed operations per repetition */
#define OVERHEAD_TARGET 1.05
#define MAX_OUT_OF_LINE 12
#define MAX_AXES (CONFIG_MAX_PARAMS + RP_COUNT)

/* Mean, median and CoeffVar of one metric; -1 when no repetition has a value. */
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

/*
 * v in at most w columns: at most `decimals` decimals and no more than
 * four significant digits' worth of them, then k/M/G/T if still too wide.
 */
static void num(char *buf, size_t len, double v, int w, int decimals)
{
	static const char suffix[] = "kMGT";
	double a = fabs(v), s;
	int d, i;

	for (d = decimals; d > 0 && a >= 1 && a * pow(10, d) >= 1e4; d--)
		;
	for (; d >= 0; d--)
		if (snprintf(buf, len, "%.*f", d, v) <= w)
			return;
	for (i = 0, s = v / 1e3; i < 4; i++, s /= 1e3)
		for (d = 2; d >= 0; d--)
			if (snprintf(buf, len, "%.*f%c", d, s, suffix[i]) <= w)
				return;
	snprintf(buf, len, "%.2g", v);
}

/* The axes of a section: its keys with more than one value, then [run]'s. */
struct axes {
	int n;
	const char *name[MAX_AXES];
	int key[MAX_AXES];
	bool run[MAX_AXES];
};

static void section_axes(const struct config *cfg, const struct config_section *sec,
			 bool timing, struct axes *ax)
{
	int i;

	ax->n = 0;
	for (i = 0; sec->params[i].name; i++)
		if (sec->keys[i].nvals > 1) {
			ax->name[ax->n] = sec->params[i].name;
			ax->key[ax->n] = i;
			ax->run[ax->n++] = false;
		}
	for (i = 0; run_params[i].name; i++)
		if (cfg->run.keys[i].nvals > 1 && (timing || i != RP_TIMING)) {
			ax->name[ax->n] = run_params[i].name;
			ax->key[ax->n] = i;
			ax->run[ax->n++] = true;
		}
}

static const char *axis_val(const struct axes *ax, int a, const struct matrix_point *pt)
{
	return ax->run[a] ? pt->run[ax->key[a]].text : pt->vals[ax->key[a]].text;
}

/* "memfd/wp/latency": the point's values of the axes, '/' between them. */
static void joined(const struct axes *ax, const struct matrix_point *pt, char *buf,
		   size_t len)
{
	size_t off = 0;
	int a;

	buf[0] = '\0';
	for (a = 0; a < ax->n && off < len; a++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s", a ? "/" : "",
					axis_val(ax, a, pt));
}

void results_point_name(const struct config *cfg, const struct matrix_point *pt,
			bool timing, char *buf, size_t len)
{
	struct axes ax;
	int n;

	section_axes(cfg, pt->sec, timing, &ax);
	n = snprintf(buf, len, "%s%s", pt->sec->name, ax.n ? " " : "");
	if (n >= 0 && (size_t)n < len)
		joined(&ax, pt, buf + n, len - (size_t)n);
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

void results_point_brief(const struct point_result *pr, char *buf, size_t len)
{
	const struct wl_column *col = columns_of(pr->pt->sec->wl);
	struct summary_stats st;
	char v[32];
	size_t off = 0;
	int i;

	buf[0] = '\0';
	if (pr->status)
		return;
	for (i = 0; i < 2 && col[i].metric && off < len; i++) {
		if (point_stats(pr, col[i].metric, &st))
			continue;
		num(v, sizeof(v), st.mean, col[i].width, col[i].decimals);
		off += (size_t)snprintf(buf + off, len - off, "%s%s %s", off ? ", " : "",
					v, col[i].header);
	}
}

static void print_fixed(FILE *out, const struct config_section *sec)
{
	char item[CONFIG_MAX_PARAMS][160];
	const char *word[CONFIG_MAX_PARAMS];
	int i, n = 0;

	for (i = 0; sec->params[i].name; i++) {
		if (sec->keys[i].nvals > 1)
			continue;
		snprintf(item[n], sizeof(item[n]), "%s=%s", sec->params[i].name,
			 sec->keys[i].vals[0].text);
		word[n] = item[n];
		n++;
	}
	textwrap_words(out, fprintf(out, "[%s]%s", sec->name, n ? " fixed:" : ""), word, n, 4);
}

/* A section's table: how its axes are shown and which metric columns fit. */
enum layout {
	LAYOUT_COLUMNS,		/* one column per axis */
	LAYOUT_JOINED,		/* one column, the values joined by '/' */
	LAYOUT_TWO_LINES,	/* the joined values on a line, the metrics below */
};

#define TABLE_MAX_COLS 16

struct table {
	const struct config_section *sec;
	const struct wl_column *col;
	/* each column's header and width: under icount a time's says instructions */
	char header[TABLE_MAX_COLS][32];
	int colw[TABLE_MAX_COLS];
	struct axes ax;
	int width[MAX_AXES];	/* LAYOUT_COLUMNS */
	int joined_w;		/* LAYOUT_JOINED */
	enum layout layout;
	int ncols;		/* metric columns shown */
};

static int metrics_width(const struct table *t, int n)
{
	int i, w = 6;		/* the first column's CoeffVar */

	for (i = 0; i < n; i++)
		w += t->colw[i] + 1;
	return w;
}

/* In a guest whose clock counts instructions (QEMU icount). */
static bool counts_instructions(void)
{
	json_t *vm = meta_vm();
	const char *clock = json_string_value(json_object_get(vm, "clock"));
	bool ins = clock && !strcmp(clock, "instructions");

	json_decref(vm);
	return ins;
}

/* The columns' headers; ins: a time's named for the instructions it counts. */
static void plan_headers(struct table *t, const struct workload *wl, bool ins)
{
	const struct wl_metric *d;
	int i;

	for (i = 0; i < TABLE_MAX_COLS && t->col[i].metric; i++) {
		d = ins ? metric_decl_find(wl, t->col[i].metric) : NULL;
		if (!d || !timeunit_rename(t->col[i].header, d->unit, t->header[i],
					   sizeof(t->header[i])))
			snprintf(t->header[i], sizeof(t->header[i]), "%s", t->col[i].header);
		t->colw[i] = t->col[i].width;
		if ((int)strlen(t->header[i]) > t->colw[i])
			t->colw[i] = (int)strlen(t->header[i]);
	}
}

static void plan_table(const struct run_record *rr, const struct config_section *sec,
		       bool ins, struct table *t)
{
	char buf[512];
	int a, p, l, axes_w = 0, lead;

	t->sec = sec;
	t->col = columns_of(sec->wl);
	plan_headers(t, sec->wl, ins);
	section_axes(rr->cfg, sec, true, &t->ax);
	t->joined_w = 5;	/* "point" */
	for (a = 0; a < t->ax.n; a++)
		t->width[a] = (int)strlen(t->ax.name[a]);
	for (p = 0; p < rr->matrix->npoints; p++) {
		if (rr->points[p].pt->sec != sec)
			continue;
		for (a = 0; a < t->ax.n; a++) {
			l = (int)strlen(axis_val(&t->ax, a, rr->points[p].pt));
			t->width[a] = l > t->width[a] ? l : t->width[a];
		}
		joined(&t->ax, rr->points[p].pt, buf, sizeof(buf));
		l = (int)strlen(buf);
		t->joined_w = l > t->joined_w ? l : t->joined_w;
	}
	for (a = 0; a < t->ax.n; a++)
		axes_w += t->width[a] + 1;
	t->layout = LAYOUT_COLUMNS;
	lead = axes_w - 1;
	if (lead + metrics_width(t, 1) > COLS) {
		t->layout = LAYOUT_JOINED;
		lead = t->joined_w;
	}
	if (lead + metrics_width(t, 1) > COLS) {
		t->layout = LAYOUT_TWO_LINES;
		lead = 1;
	}
	for (t->ncols = 1; t->ncols < TABLE_MAX_COLS && t->col[t->ncols].metric &&
	     lead + metrics_width(t, t->ncols + 1) <= COLS; t->ncols++)
		;
}

/* The axis part of a row or of the header; returns its width. */
static int print_lead(FILE *out, const struct table *t, const struct matrix_point *pt)
{
	char buf[512], cut[COLS + 1];
	int a, used = 0;

	switch (t->layout) {
	case LAYOUT_COLUMNS:
		for (a = 0; a < t->ax.n; a++)
			used += fprintf(out, "%s%-*s", a ? " " : "", t->width[a],
					pt ? axis_val(&t->ax, a, pt) : t->ax.name[a]);
		return used;
	case LAYOUT_JOINED:
		if (pt)
			joined(&t->ax, pt, buf, sizeof(buf));
		return fprintf(out, "%-*s", t->joined_w, pt ? buf : "point");
	default:
		if (!pt)
			return fprintf(out, "point");
		joined(&t->ax, pt, buf, sizeof(buf));
		progress_fit(cut, sizeof(cut), buf, COLS);
		fprintf(out, "%s\n", cut);
		return fprintf(out, " ");
	}
}

static void print_header(FILE *out, const struct table *t)
{
	int i, col, l;

	if (t->layout != LAYOUT_COLUMNS && t->ax.n) {
		/* "point is backend/cache/...", broken after a '/' if need be */
		col = fprintf(out, "point is ");
		for (i = 0; i < t->ax.n; i++) {
			l = (int)strlen(t->ax.name[i]) + (i < t->ax.n - 1);
			if (col + l > COLS)
				col = fprintf(out, "\n    ") - 1;
			col += fprintf(out, "%s%s", t->ax.name[i], i < t->ax.n - 1 ? "/" : "");
		}
		fputc('\n', out);
	}
	print_lead(out, t, NULL);
	if (t->layout == LAYOUT_TWO_LINES)
		fputs("\n ", out);
	for (i = 0; i < t->ncols; i++)
		fprintf(out, i ? " %*s" : " %*s %5s", t->colw[i], t->header[i], "cv%");
	fputc('\n', out);
}

static void print_row(FILE *out, const struct table *t, const struct point_result *pr)
{
	struct summary_stats st;
	char v[32], why[COLS + 1];
	int i, used = print_lead(out, t, pr->pt);

	if (pr->status) {
		/* as much of the reason as the line has room for */
		used += fprintf(out, " %s: ", pr->status > 0 ? "unsupported" : "error");
		progress_fit(why, sizeof(why), pr->why, COLS - used);
		fprintf(out, "%s\n", why);
		return;
	}
	for (i = 0; i < t->ncols; i++) {
		if (point_stats(pr, t->col[i].metric, &st))
			snprintf(v, sizeof(v), "-");
		else
			num(v, sizeof(v), st.mean, t->colw[i], t->col[i].decimals);
		fprintf(out, " %*s", t->colw[i], v);
		if (i)
			continue;
		if (point_stats(pr, t->col[0].metric, &st) || st.n < 2)
			snprintf(v, sizeof(v), "-");	/* no spread from one sample */
		else
			num(v, sizeof(v), st.coeff_var, 5, 1);
		fprintf(out, " %5s", v);
	}
	fputc('\n', out);
}

static void print_section(FILE *out, const struct run_record *rr,
			  const struct config_section *sec, bool ins)
{
	struct table t;
	int p;

	plan_table(rr, sec, ins, &t);
	print_fixed(out, sec);
	print_header(out, &t);
	for (p = 0; p < rr->matrix->npoints; p++)
		if (rr->points[p].pt->sec == sec)
			print_row(out, &t, &rr->points[p]);
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

/* One point measured both ways. */
struct overhead {
	const struct point_result *lat;
	double ratio;		/* median ns per unit, latency / throughput */
	double extra_ns;	/* latency median minus throughput median */
	double ppf;		/* pages per fault (throughput mode), NAN if none */
	double cv_lat, cv_thr;
	int n;			/* measured repetitions, the fewer side */
};

static int overhead_of(const struct run_record *rr, const struct point_result *lat,
		       struct overhead *o)
{
	const struct point_result *thr;
	struct summary_stats sl, st, ss;
	char name[64];

	if (lat->pt->run[RP_TIMING].idx != TIMING_LATENCY || lat->status ||
	    lat->pt->sec->wl->fixed_duration)
		return -1;
	thr = throughput_twin(rr, lat);
	snprintf(name, sizeof(name), "ns_per_%s", lat->pt->sec->wl->unit);
	if (!thr || thr->status || point_stats(lat, name, &sl) ||
	    point_stats(thr, name, &st) || st.median <= 0)
		return -1;
	/* a handful of timed operations makes the ratio noise, not overhead */
	if (point_stats(lat, "lat_samples", &ss) || ss.median < MIN_OVERHEAD_SAMPLES)
		return -1;
	o->lat = lat;
	o->ratio = sl.median / st.median;
	o->extra_ns = sl.median - st.median;
	o->cv_lat = sl.coeff_var;
	o->cv_thr = st.coeff_var;
	o->n = (int)(sl.n < st.n ? sl.n : st.n);
	o->ppf = point_stats(thr, "pages_per_fault", &ss) ? NAN : ss.median;
	return 0;
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median_of(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), by_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Every touch faults: the points the target is for (or no pages/fault). */
static bool every_touch_faults(const struct overhead *o)
{
	return isnan(o->ppf) || o->ppf < 1.5;
}

static void overhead_sections(FILE *out, const struct run_record *rr,
			      const struct overhead *o, int n)
{
	double *ratio = calloc((size_t)n + 1, sizeof(*ratio));
	double *extra = calloc((size_t)n + 1, sizeof(*extra));
	double pmin, pmax, med;
	char sec[32], ppf[24], x[16];
	int s, i, k;

	if (!ratio || !extra)
		abort();
	fprintf(out, "%-24s %3s %6s %6s %6s %8s %9s\n", "section", "n", "min",
		"median", "max", "+ns/unit", "pages/flt");
	for (s = 0; s < rr->cfg->nsections; s++) {
		pmin = INFINITY;
		pmax = -INFINITY;
		for (i = k = 0; i < n; i++) {
			if (o[i].lat->pt->sec != &rr->cfg->sections[s])
				continue;
			ratio[k] = o[i].ratio;
			extra[k++] = o[i].extra_ns;
			if (!isnan(o[i].ppf)) {
				pmin = fmin(pmin, o[i].ppf);
				pmax = fmax(pmax, o[i].ppf);
			}
		}
		if (!k)
			continue;
		if (pmin > pmax)
			snprintf(ppf, sizeof(ppf), "-");
		else if (pmax - pmin < 0.05)
			snprintf(ppf, sizeof(ppf), "%.1f", pmin);
		else
			snprintf(ppf, sizeof(ppf), "%.0f-%.0f", pmin, pmax);
		progress_fit(sec, sizeof(sec), rr->cfg->sections[s].name, 22);
		num(x, sizeof(x), median_of(extra, k), 8, 0);
		med = median_of(ratio, k);	/* sorts ratio */
		fprintf(out, "[%s]%*s %3d %6.2f %6.2f %6.2f %8s %9s\n", sec,
			22 - (int)strlen(sec), "", k, ratio[0], med, ratio[k - 1], x, ppf);
	}
	free(ratio);
	free(extra);
}

/* Two standard errors of the ratio, from both sides' CoeffVar; NAN if n < 2. */
static double ratio_2se(const struct overhead *o)
{
	if (o->n < 2)
		return NAN;
	return 2 * o->ratio * sqrt((o->cv_lat * o->cv_lat + o->cv_thr * o->cv_thr) /
				   o->n) / 100;
}

static void overhead_out_of_line(FILE *out, const struct run_record *rr,
				 const struct overhead *o, int n)
{
	char name[256], cut[COLS + 1], x[16], ppf[16], se[16];
	int i, shown = 0, more = 0, beyond = 0;
	double e;

	for (i = 0; i < n; i++) {
		if (o[i].ratio <= OVERHEAD_TARGET || !every_touch_faults(&o[i]))
			continue;
		if (shown == MAX_OUT_OF_LINE) {
			more++;
			continue;
		}
		if (!shown++)
			fprintf(out, "Over %.2f where every touch faults (or no pages/fault);\n"
				"* where ratio - 2 standard errors is still over it:\n"
				"%7s %6s %8s %6s  %s\n", OVERHEAD_TARGET, "ratio", "+-2se",
				"+ns/unit", "pg/flt", "point");
		results_point_name(rr->cfg, o[i].lat->pt, false, name, sizeof(name));
		progress_fit(cut, sizeof(cut), name, COLS - 33);
		num(x, sizeof(x), o[i].extra_ns, 8, 0);
		e = ratio_2se(&o[i]);
		if (isnan(e))
			snprintf(se, sizeof(se), "-");
		else
			num(se, sizeof(se), e, 6, 2);
		if (isnan(o[i].ppf))
			snprintf(ppf, sizeof(ppf), "-");
		else
			snprintf(ppf, sizeof(ppf), "%.2f", o[i].ppf);
		beyond += o[i].ratio - e > OVERHEAD_TARGET;
		fprintf(out, "%c%6.3f %6s %8s %6s  %s\n",
			o[i].ratio - e > OVERHEAD_TARGET ? '*' : ' ', o[i].ratio, se, x, ppf, cut);
	}
	if (more)
		fprintf(out, "(and %d more)\n", more);
	if (!shown)
		fprintf(out, "Every point where every touch faults is within %.2f.\n",
			OVERHEAD_TARGET);
	else if (!beyond)
		fprintf(out, "None by more than 2 standard errors: noise.\n");
}

static void print_overhead(FILE *out, const struct run_record *rr)
{
	struct overhead *o = calloc((size_t)rr->matrix->npoints + 1, sizeof(*o));
	int p, n = 0;

	if (!o)
		abort();
	for (p = 0; p < rr->matrix->npoints; p++)
		n += !overhead_of(rr, &rr->points[p], &o[n]);
	if (n) {
		fprintf(out,
			"Latency-mode overhead: per point measured both ways, the median ns\n"
			"per unit in latency mode (a clock read around every touch, into a\n"
			"histogram) over the median in throughput mode.  Target <= %.2f where\n"
			"every touch faults (pages/fault 1.0).  With fault-around on (16 pages\n"
			"per fault) 15 of 16 touches do not fault, so the clock reads' fixed\n"
			"cost (+ns/unit) is a larger share: ratios above 1 are expected there.\n"
			"Ratios below 1 are noise between separate repetitions.\n",
			OVERHEAD_TARGET);
		overhead_sections(out, rr, o, n);
		overhead_out_of_line(out, rr, o, n);
		fputc('\n', out);
	}
	free(o);
}

/* The [run] keys with one value other than the default ("order=interleave"). */
static void print_run_keys(FILE *out, const struct run_record *rr)
{
	char item[RP_COUNT][160];
	const char *word[RP_COUNT], *v;
	int i, n = 0;

	for (i = 0; run_params[i].name; i++) {
		if (i == RP_REPEAT || i == RP_WARMUP || rr->cfg->run.keys[i].nvals != 1)
			continue;
		v = i == RP_EVENTS ? config_run_raw(rr->cfg, i) :
		    rr->cfg->run.keys[i].vals[0].text;
		if (!strcmp(v, run_params[i].def))
			continue;
		snprintf(item[n], sizeof(item[n]), "%s=%s", run_params[i].name, v);
		word[n] = item[n];
		n++;
	}
	if (n)
		textwrap_words(out, fprintf(out, "[run]"), word, n, 4);
}

static void print_overrides(FILE *out, const struct run_record *rr)
{
	const char *ov[RESULTS_MAX_OVERRIDES];
	int n = results_overrides(rr, ov, RESULTS_MAX_OVERRIDES);

	if (n)
		textwrap_words(out, fprintf(out, "overrides:"), ov, n, 4);
}

void results_print_summary(FILE *out, const struct run_record *rr)
{
	const struct timer_info *ti = timer_get();
	bool ins = counts_instructions();
	struct utsname u;
	char host[64], path[COLS + 1];
	int s;

	uname(&u);
	sysinfo_hostname(host, sizeof(host));
	fprintf(out, "fabench on %.20s, Linux %.30s %.16s\n", host, u.release, u.machine);
	progress_fit(path, sizeof(path), rr->cfg->path, COLS - 7);
	fprintf(out, "config %s\n", path);
	print_overrides(out, rr);
	fprintf(out, "%s repetitions (+%s warm-up), timer %s (read %.1f ns)\n",
		config_run_value(rr->cfg, RP_REPEAT)->text,
		config_run_value(rr->cfg, RP_WARMUP)->text, ti->name, ti->read_cost_ns);
	/* in a guest whose clock counts instructions, say so first */
	if (ins)
		fprintf(out, "clock: QEMU icount, 1 ns = 1 instruction: every time below "
			"counts instructions\n");
	print_run_keys(out, rr);
	fputc('\n', out);
	for (s = 0; s < rr->cfg->nsections; s++)
		print_section(out, rr, &rr->cfg->sections[s], ins);
	print_overhead(out, rr);
}
