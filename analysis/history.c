// SPDX-License-Identifier: GPL-2.0-only
/* Trend tables and plots over result directories; see history.h. */
#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/direction.h"
#include "analysis/history.h"
#include "analysis/plot.h"

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
	return fclose(f) ? -1 : 0;
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
