// SPDX-License-Identifier: GPL-2.0-only
/* Trend tables and plots over result directories; see history.h. */
#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/changepoint.h"
#include "analysis/direction.h"
#include "analysis/history.h"
#include "analysis/plot.h"
#include "bench/lib/textwrap.h"

#define LABEL_COLS 30
#define VALUE_COLS 10
#define RUNS_PER_TABLE 5	/* 30 + 5 * 10 fits 80 columns */

static char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		abort();
	return d;
}

int history_release_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			unsigned long long x = strtoull(a, (char **)&a, 10);
			unsigned long long y = strtoull(b, (char **)&b, 10);

			if (x != y)
				return x < y ? -1 : 1;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		a++;
		b++;
	}
	return !!*a - !!*b;
}

static int run_cmp(const void *pa, const void *pb)
{
	const struct history_run *a = pa, *b = pb;
	int c = history_release_cmp(a->rs.kernel_release, b->rs.kernel_release);

	return c ? c : strcmp(a->started, b->started);
}

/* The fields resultset does not keep: when and where the run was made. */
static void load_when(struct history_run *r)
{
	char path[4096];
	json_t *meta;

	snprintf(path, sizeof(path), "%s/meta.json", r->rs.dir);
	meta = json_load_file(path, 0, NULL);
	r->started = xstrdup(json_string_value(json_object_get(meta, "started")));
	r->host = xstrdup(json_string_value(json_object_get(
		json_object_get(meta, "system"), "hostname")));
	json_decref(meta);
}

int history_load(struct history *h, char **dirs, int ndirs)
{
	int i;

	h->nruns = 0;
	h->run = calloc((size_t)ndirs + 1, sizeof(*h->run));
	if (!h->run)
		abort();
	for (i = 0; i < ndirs; i++) {
		if (resultset_load(dirs[i], &h->run[i].rs)) {
			history_free(h);
			return -1;
		}
		h->nruns++;
		load_when(&h->run[i]);
	}
	qsort(h->run, (size_t)h->nruns, sizeof(*h->run), run_cmp);
	for (i = 0; i < h->nruns; i++)
		snprintf(h->run[i].name, sizeof(h->run[i].name), "r%d", i + 1);
	return 0;
}

void history_free(struct history *h)
{
	int i;

	for (i = 0; i < h->nruns; i++) {
		resultset_free(&h->run[i].rs);
		free(h->run[i].started);
		free(h->run[i].host);
	}
	free(h->run);
	h->run = NULL;
	h->nruns = 0;
}

/* The mean of metric at the point with key in run r; NAN if none. */
static double run_mean(const struct history_run *r, const char *key, const char *metric)
{
	const struct rs_point *p = resultset_find(&r->rs, key);
	int m = resultset_metric(&r->rs, metric);
	double *v, sum = 0;
	size_t i, n, k = 0;

	if (!p || m < 0 || !p->nreps)
		return NAN;
	v = calloc(p->nreps, sizeof(*v));
	if (!v)
		abort();
	n = resultset_samples(&r->rs, p, m, v);
	for (i = 0; i < n; i++)
		if (!isnan(v[i])) {
			sum += v[i];
			k++;
		}
	free(v);
	return k ? sum / (double)k : NAN;
}

int history_has_metric(const struct history *h, const char *metric)
{
	int i;

	for (i = 0; i < h->nruns; i++)
		if (resultset_metric(&h->run[i].rs, metric) >= 0)
			return 1;
	return 0;
}

int history_headlines(const struct history *h, const char **metric, int max)
{
	const struct resultset *rs;
	const char *name;
	int r, m, k, i, n = 0, *idx;

	for (r = h->nruns - 1; r >= 0; r--) {
		rs = &h->run[r].rs;
		metric_decls_note(stderr, rs);
		idx = calloc((size_t)rs->nmetrics + 1, sizeof(*idx));
		if (!idx)
			abort();
		k = metric_headlines(rs, idx);
		for (i = 0; i < k && n < max; i++) {
			name = rs->metric[idx[i]];
			if (metric_direction(rs, NULL, name) == DIR_ZERO)
				continue;
			for (m = 0; m < n && strcmp(metric[m], name); m++)
				;
			if (m == n)
				metric[n++] = name;
		}
		free(idx);
	}
	return n;
}

/*
 * The rows: every point key, in first-seen order over the runs, that has
 * a value of metric in some run.  Returns how many; *rows points into the
 * runs' resultsets.
 */
static int collect_rows(const struct history *h, const char *metric,
			const struct rs_point ***rows)
{
	const struct rs_point **out = NULL;
	int i, j, k, n = 0;

	for (i = 0; i < h->nruns; i++) {
		const struct resultset *rs = &h->run[i].rs;

		for (j = 0; j < rs->npoints; j++) {
			for (k = 0; k < n && strcmp(out[k]->key, rs->point[j].key); k++)
				;
			if (k < n || isnan(run_mean(&h->run[i], rs->point[j].key, metric)))
				continue;
			out = realloc(out, ((size_t)n + 1) * sizeof(*out));
			if (!out)
				abort();
			out[n++] = &rs->point[j];
		}
	}
	*rows = out;
	return n;
}

static void print_table(FILE *out, const struct history *h, const char *metric,
			const struct rs_point **rows, int nrows, int first, int last)
{
	char cell[32];
	double v;
	int i, r;

	fprintf(out, "%-*.*s", LABEL_COLS, LABEL_COLS - 1, metric);
	for (r = first; r < last; r++)
		fprintf(out, "%*s", VALUE_COLS, h->run[r].name);
	fputc('\n', out);
	for (i = 0; i < nrows; i++) {
		fprintf(out, "%-*.*s", LABEL_COLS, LABEL_COLS - 1, rows[i]->label);
		for (r = first; r < last; r++) {
			v = run_mean(&h->run[r], rows[i]->key, metric);
			if (isnan(v))
				snprintf(cell, sizeof(cell), "-");
			else
				snprintf(cell, sizeof(cell), "%.*f", fabs(v) < 100 ? 2 : 0, v);
			fprintf(out, "%*s", VALUE_COLS, cell);
		}
		fputc('\n', out);
	}
	fputc('\n', out);
}

void history_print_runs(FILE *out, const struct history *h)
{
	int i;

	fprintf(out, "runs (by kernel release, then start time):\n");
	for (i = 0; i < h->nruns; i++)
		fprintf(out, "  %-4s %-20.20s %-10.10s %.24s%s%.12s\n", h->run[i].name,
			h->run[i].rs.kernel_release, h->run[i].host, h->run[i].started,
			h->run[i].rs.label && *h->run[i].rs.label ? " " : "",
			h->run[i].rs.label ? h->run[i].rs.label : "");
	fputc('\n', out);
}

void history_print(FILE *out, const struct history *h, const char *metric)
{
	const struct rs_point **rows;
	int nrows, first;

	nrows = collect_rows(h, metric, &rows);
	if (!nrows) {
		fprintf(out, "%s: no values in these runs\n\n", metric);
		free(rows);
		return;
	}
	for (first = 0; first < h->nruns; first += RUNS_PER_TABLE)
		print_table(out, h, metric, rows, nrows, first,
			    first + RUNS_PER_TABLE < h->nruns ? first + RUNS_PER_TABLE : h->nruns);
	free(rows);
}

/* What the change points of a set of series came to. */
struct change_tally {
	int found;		/* change points */
	int tested;		/* series tested */
	int quiet;		/* of those, the ones without one */
	int short_series;	/* series too short to test */
	int short_max;		/* the most runs one of those had */
};

/* Decimals for means up to mag: 4 or so significant digits, no exponent. */
static int mean_decimals(double mag)
{
	mag = fabs(mag);
	return mag >= 1000 ? 0 : mag >= 100 ? 1 : mag >= 1 ? 2 : 4;
}

static double mean_of(const double *x, int from, int to)
{
	double sum = 0;
	int i;

	for (i = from; i < to; i++)
		sum += x[i];
	return sum / (to - from);
}

/* The declaration of metric at the point with key, from the newest run with it. */
static const struct rs_metric_decl *row_decl(const struct history *h, const char *key,
					     const char *metric)
{
	const struct rs_point *p;
	int r;

	for (r = h->nruns - 1; r >= 0; r--) {
		p = resultset_find(&h->run[r].rs, key);
		if (p)
			return resultset_decl(&h->run[r].rs, p, metric);
	}
	return NULL;
}

/* One "change:" line: metric at the row stepped at c (of x[0..n)). */
static void print_change(FILE *out, const struct history *h, const char *metric,
			 const struct rs_point *row, enum direction dir,
			 const double *x, const int *run, int n,
			 const struct ediv_change *c, int i, int nc)
{
	char line[8192], pct[48] = "";
	int from = i ? c[i - 1].at : 0, to = i + 1 < nc ? c[i + 1].at : n;
	double b = mean_of(x, from, c[i].at), a = mean_of(x, c[i].at, to);
	const struct history_run *r = &h->run[run[c[i].at]];
	int dec = mean_decimals(fmax(fabs(a), fabs(b)));

	if (b != 0)
		snprintf(pct, sizeof(pct), " (%+.1f\1%%, %s)", (a - b) / fabs(b) * 100,
			 (a > b) == (dir == DIR_HIGHER) ? "better" : "worse");
	snprintf(line, sizeof(line), "change: %s %s: %.*f\1->\1%.*f%s from %s (%s), p\1=\1%.3f",
		 metric, row->label, dec, b, dec, a, pct, r->name, r->rs.dir, c[i].p);
	textwrap(out, 0, line, 4);
}

/* The change points of metric at each of its points into t. */
static void metric_changes(FILE *out, const struct history *h, const char *metric,
			   struct change_tally *t)
{
	const struct rs_metric_decl *d;
	const struct rs_point **rows;
	struct ediv_change *c;
	enum direction dir;
	int nrows, i, r, k, nc, j, *run;
	double *x, v;

	x = calloc((size_t)h->nruns + 1, sizeof(*x));
	run = calloc((size_t)h->nruns + 1, sizeof(*run));
	c = calloc((size_t)h->nruns + 1, sizeof(*c));
	if (!x || !run || !c)
		abort();
	nrows = collect_rows(h, metric, &rows);
	for (i = 0; i < nrows; i++) {
		d = row_decl(h, rows[i]->key, metric);
		dir = decl_direction(d);
		if (!d || !d->headline || (dir != DIR_LOWER && dir != DIR_HIGHER))
			continue;
		for (k = 0, r = 0; r < h->nruns; r++) {
			v = run_mean(&h->run[r], rows[i]->key, metric);
			if (isnan(v))
				continue;
			x[k] = v;
			run[k++] = r;
		}
		if (!(ediv_min_p(k, EDIV_MIN_SIZE) < EDIV_P)) {
			t->short_series++;
			if (k > t->short_max)
				t->short_max = k;
			continue;
		}
		nc = ediv_changes(x, k, &ediv_defaults, c, k);
		for (j = 0; j < nc; j++)
			print_change(out, h, metric, rows[i], dir, x, run, k, c, j, nc);
		t->found += nc;
		t->tested++;
		t->quiet += !nc;
	}
	free(rows);
	free(x);
	free(run);
	free(c);
}

/* The fewest values whose smallest p is below EDIV_P. */
static int fewest_testable(void)
{
	int n = 2 * EDIV_MIN_SIZE;

	while (!(ediv_min_p(n, EDIV_MIN_SIZE) < EDIV_P))
		n++;
	return n;
}

int history_changes(FILE *out, const struct history *h, const char **metric, int n)
{
	struct change_tally t = { 0 };
	char line[512];
	int i;

	fprintf(out, "change points (e-divisive means of the runs in order, %d shuffles,\n"
		"p < %.2f, at least %d runs a side):\n", EDIV_PERMUTATIONS, EDIV_P,
		EDIV_MIN_SIZE);
	for (i = 0; i < n; i++)
		metric_changes(out, h, metric[i], &t);
	if (!t.tested && !t.short_series) {
		fprintf(out, "none sought: no headline metric with a direction among these\n\n");
		return 0;
	}
	if (t.tested)
		fprintf(out, "no change: %d of %d metric/point series tested\n",
			t.quiet, t.tested);
	if (t.short_series) {
		snprintf(line, sizeof(line), "too short: %d metric/point series of %d runs or "
			 "fewer, whose smallest p is %.2g; %d\1runs can reach p\1<\1%.2f",
			 t.short_series, t.short_max, ediv_min_p(t.short_max, EDIV_MIN_SIZE),
			 fewest_testable(), EDIV_P);
		textwrap(out, 0, line, 4);
	}
	fputc('\n', out);
	return t.found;
}

/* One line per run, one column per point: gnuplot's columnheader titles. */
static int write_data(const struct plot *pl, const struct history *h, const char *metric,
		      const struct rs_point **rows, int nrows)
{
	char q[512];
	FILE *f = plot_data_open(pl);
	int i, r;

	if (!f)
		return -1;
	fprintf(f, "n run");
	for (i = 0; i < nrows; i++)
		fprintf(f, " \"%s\"", plot_quote(rows[i]->label, q, sizeof(q)));
	fputc('\n', f);
	for (r = 0; r < h->nruns; r++) {
		fprintf(f, "%d %s", r + 1, h->run[r].name);
		for (i = 0; i < nrows; i++)
			fprintf(f, " %g", run_mean(&h->run[r], rows[i]->key, metric));
		fputc('\n', f);
	}
	return plot_data_close(pl, f);
}

int history_plot(FILE *out, const struct history *h, const char *metric,
		 const char *dir)
{
	char name[128], title[256], cmd[512];
	const struct rs_point **rows;
	struct plot pl = { .dir = dir, .name = name, .title = title,
			   .xlabel = "run (by kernel release, then date)",
			   .ylabel = metric, .cmd = cmd,
			   .setup = "set offsets 0.3, 0.3, 0, 0\nset key noenhanced",
			   .text_setup = "set key off" };
	int nrows, ret = -1;

	nrows = collect_rows(h, metric, &rows);
	snprintf(name, sizeof(name), "history-%s", metric);
	snprintf(title, sizeof(title), "%s by kernel release, %s .. %s", metric,
		 h->run[0].rs.kernel_release, h->run[h->nruns - 1].rs.kernel_release);
	snprintf(cmd, sizeof(cmd), "plot for [c=3:%d] \"%s.dat\" using 1:c:xtic(2) "
		 "with linespoints title columnheader(c)", nrows + 2, name);
	if (!plot_available())
		fprintf(out, "plot %s: unsupported: gnuplot not found\n", name);
	else if (nrows && !write_data(&pl, h, metric, rows, nrows))
		ret = plot_render(&pl, out);
	free(rows);
	return ret;
}
