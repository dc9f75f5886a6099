// SPDX-License-Identifier: GPL-2.0-only
/*
 * report's latency figures: per section, the distribution (a CDF) of each
 * latency-mode point's merged histogram, hist/point-NNNN.csv, a line per
 * point coloured by the series its workload declares (the uffd mode), its
 * p50 and p99 in report.txt.  At most FIG_MAX_LABELS lines a figure.
 */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/figure.h"
#include "analysis/palette.h"
#include "analysis/plot.h"
#include "analysis/report.h"

#define MAX_HIST 512
#define MAX_BUCKETS 4096

/* The p-quantile of a histogram file's buckets, by bucket upper bound. */
static double quantile(const double *high, const double *count, int n,
		       double total, double p)
{
	double seen = 0;
	int i;

	for (i = 0; i < n; i++) {
		seen += count[i];
		if (seen >= p * total)
			return high[i];
	}
	return n ? high[n - 1] : NAN;
}

/*
 * The point of a histogram's label, "section k=v k=v ...": the key is the
 * section, then name=value in samples.csv's axis order (first seen over
 * every section, not this section's order).
 */
static const struct rs_point *point_of(const struct resultset *rs, const char *label)
{
	const struct rs_point *p;
	/* two axes may take one word: "uffd" twice in samples.csv's header */
	size_t len = ((size_t)rs->naxes + 1) * (strlen(label) + 2), at, nl;
	const char *t;
	char *key = malloc(len);
	int i;

	if (!key)
		abort();
	at = strcspn(label, " ");
	memcpy(key, label, at);
	for (i = 0; i < rs->naxes; i++) {
		nl = strlen(rs->axis_name[i]);
		for (t = strchr(label, ' '); t; t = strchr(t + 1, ' '))
			if (!strncmp(t + 1, rs->axis_name[i], nl) && t[1 + nl] == '=')
				break;
		if (!t || !t[2 + nl] || t[2 + nl] == ' ')
			continue;
		key[at++] = '\x1f';
		nl = strcspn(t + 1, " ");
		memcpy(key + at, t + 1, nl);
		at += nl;
	}
	key[at] = '\0';
	p = resultset_find(rs, key);
	free(key);
	return p;
}

/* One histogram: its point, buckets and total. */
struct hist {
	const struct rs_point *p;
	int order;		/* its section's first point, then its own */
	char file[32];
	int n;
	double total;
	double *low, *high, *count;
};

static int hist_read(const struct resultset *rs, const char *path, struct hist *h)
{
	char line[1024], label[1024] = "";
	double lo, hi;
	unsigned long long cnt;
	FILE *f = fopen(path, "r");

	h->n = 0;
	h->total = 0;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' && !label[0])
			snprintf(label, sizeof(label), "%s", line[1] ? line + 2 : "");
		if (sscanf(line, "%lf,%lf,%llu", &lo, &hi, &cnt) == 3 && h->n < MAX_BUCKETS) {
			h->low[h->n] = lo;
			h->high[h->n] = hi;
			h->count[h->n++] = (double)cnt;
			h->total += (double)cnt;
		}
	}
	fclose(f);
	label[strcspn(label, "\n")] = 0;
	h->p = point_of(rs, label);
	return h->total > 0 && h->p ? 0 : -1;
}

/* The declaration whose series the section's workload's lines take. */
static const char *series_axis(const struct resultset *rs, const char *workload)
{
	int t, i;

	for (t = 0; t < rs->ntables; t++)
		if (!strcmp(rs->table[t].workload, workload))
			for (i = 0; i < rs->table[t].n; i++)
				if (*rs->table[t].decl[i].series)
					return rs->table[t].decl[i].series;
	return "";
}

/* Whether axis a differs between the histograms h[0..n) of one section. */
static int hvaries(struct hist *h, int n, int a)
{
	int i;

	for (i = 1; i < n; i++)
		if (strcmp(h[i].p->axis_val[a], h[0].p->axis_val[a]))
			return 1;
	return 0;
}

/* A line's name: the series value, then the other values that vary. */
static void hname(const struct resultset *rs, struct hist *h, int n, int k,
		  const char *series, char *buf, size_t len, char *other, size_t olen)
{
	size_t at = 0, oat = 0;
	int a, num;
	char *end;

	buf[0] = other[0] = 0;
	if (*series)
		at = (size_t)snprintf(buf, len, "%s", resultset_point_value(rs, h[k].p, series));
	for (a = 0; a < rs->naxes; a++) {
		if (!strcmp(rs->axis_name[a], series) || !hvaries(h, n, a))
			continue;
		/* a number says nothing without its axis: "mapped=100" */
		strtod(h[k].p->axis_val[a], &end);
		num = end != h[k].p->axis_val[a] && !*end;
		if (at < len)
			at += (size_t)snprintf(buf + at, len - at, "%s%s%s%s", at ? " " : "",
					       num ? rs->axis_name[a] : "", num ? "=" : "",
					       h[k].p->axis_val[a]);
		if (oat < olen)
			oat += (size_t)snprintf(other + oat, olen - oat, "%s%s", oat ? " " : "",
						h[k].p->axis_val[a]);
	}
	if (!buf[0])
		snprintf(buf, len, "%s", h[k].p->axis_val[rs->naxes]);
}

/* Lines h[0..n) of one section into a figure NAME. */
static void cdf_figure(const struct fig_ctx *c, struct hist *h, int n, const char *section,
		       const char *name, int nreps)
{
	const struct resultset *rs = c->rs;
	const char *series = series_axis(rs, h[0].p->workload);
	char title[256], sub[256], line[160], other[160], q[256], seen[FIG_MAX_LABELS][160];
	char *cmd = NULL;
	size_t lc = 0;
	struct plot pl = {
		.dir = c->plotdir, .shown = "plots/", .name = name, .title = title, .index = c->index,
		.subtitle = sub, .xlabel = "latency of one unit of work (log scale)",
		.ylabel = "share of samples at or below (cumulative)",
		.setup = "set logscale x\nset yrange [0:1]\nset ytics 0.1\n"
			 "set format x \"%.0s %cs\"\nset mxtics 10\n"
			 "set grid xtics ytics\nset key outside top center horizontal",
		.text_setup = "set key below\nset ytics 0.25",
	};
	double cum;
	size_t at;
	int k, i, j, nseen = 0;
	FILE *f = plot_data_open(&pl), *fc = open_memstream(&cmd, &lc);

	if (!fc)
		abort();
	if (!f) {
		fclose(fc);
		free(cmd);
		return;
	}
	at = (size_t)snprintf(title, sizeof(title), "latency distribution: %s, a line per %s",
			      section, *series ? series : "point");
	for (i = 0, j = 0; i < rs->naxes && at < sizeof(title); i++)
		if (strcmp(rs->axis_name[i], series) && hvaries(h, n, i))
			at += (size_t)snprintf(title + at, sizeof(title) - at, "%s%s",
					       j++ ? ", " : (*series ? " and " : ": "),
					       rs->axis_name[i]);
	snprintf(sub, sizeof(sub), "%s%s, n=%d repetitions merged per line", c->sfx, c->tcg,
		 nreps);
	fprintf(c->out, "plot %s: a latency CDF, p50 and p99:\n", name);
	for (k = 0; k < n; k++) {
		hname(rs, h, n, k, series, line, sizeof(line), other, sizeof(other));
		for (j = 0; j < nseen && strcmp(seen[j], other); j++)
			;
		if (j == nseen && nseen < FIG_MAX_LABELS)
			snprintf(seen[nseen++], sizeof(seen[0]), "%s", other);
		fprintf(f, "%s# series %s\n%g 0\n", k ? "\n\n" : "", line, h[k].low[0]);
		for (i = 0, cum = 0; i < h[k].n; i++) {
			cum += h[k].count[i];
			if (h[k].count[i])
				fprintf(f, "%g %g\n", h[k].high[i], cum / h[k].total);
		}
		fprintf(c->out, "  %-40.40s p50 %9.0f ns, p99 %9.0f ns\n", line,
			quantile(h[k].high, h[k].count, h[k].n, h[k].total, 0.5),
			quantile(h[k].high, h[k].count, h[k].n, h[k].total, 0.99));
		/* ns in the data, seconds on the axis: its SI prefixes label it */
		fprintf(fc, "%s \"%s.dat\" index %d using ($1 * 1e-9):2 with lines lw 2 dt %d lc rgb \"%s\" "
			"title \"%s\"", k ? "," : "plot", name, k, j % 5 + 1,
			palette_colour(*series ? palette_index(rs, series,
							     resultset_point_value(rs, h[k].p, series)) : k),
			plot_quote(line, q, sizeof(q)));
	}
	plot_data_close(&pl, f);
	fclose(fc);
	pl.cmd = cmd;
	plot_render(&pl, c->out);
	fputc('\n', c->out);
	free(cmd);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int by_section(const void *a, const void *b)
{
	const struct hist *x = a, *y = b;

	return (x->order > y->order) - (x->order < y->order);
}

/* Sections in the order the run had them, points in theirs within. */
static int order_of(const struct resultset *rs, const struct rs_point *p)
{
	int i;

	for (i = 0; i < rs->npoints; i++)
		if (!strcmp(rs->point[i].axis_val[rs->naxes], p->axis_val[rs->naxes]))
			break;
	return i * rs->npoints + (int)(p - rs->point);
}

void report_latency_plot(const struct fig_ctx *c)
{
	const struct resultset *rs = c->rs;
	char path[4096], *names[MAX_HIST], name[128];
	struct hist *h = calloc(MAX_HIST, sizeof(*h));
	int n = 0, i, j, k, rows = 0, nreps;
	struct dirent *e;
	DIR *d;

	if (!h)
		abort();
	snprintf(path, sizeof(path), "%s/hist", rs->dir);
	d = opendir(path);
	while (d && (e = readdir(d)) && n < MAX_HIST)
		if (!strncmp(e->d_name, "point-", 6) && strstr(e->d_name, ".csv"))
			names[n++] = strdup(e->d_name);
	if (d)
		closedir(d);
	if (!n) {
		fig_skipped(c->out, "latency", "no latency histograms (hist/) in this run");
		free(h);
		return;
	}
	qsort(names, (size_t)n, sizeof(names[0]), by_name);
	for (i = 0; i < n; i++) {
		struct hist *t = &h[rows];

		t->low = malloc(3 * MAX_BUCKETS * sizeof(double));
		if (!t->low)
			abort();
		t->high = t->low + MAX_BUCKETS;
		t->count = t->high + MAX_BUCKETS;
		snprintf(path, sizeof(path), "%s/hist/%s", rs->dir, names[i]);
		if (!hist_read(rs, path, t)) {
			t->order = order_of(rs, t->p);
			rows++;
		} else {
			free(t->low);
		}
		free(names[i]);
	}
	if (!rows)
		fig_skipped(c->out, "latency", "the histograms are empty or match no point");
	/* point order: the sections as the run had them */
	qsort(h, (size_t)rows, sizeof(h[0]), by_section);
	for (i = 0; i < rows; i = j) {
		const char *sec = h[i].p->axis_val[rs->naxes];

		for (j = i; j < rows && !strcmp(h[j].p->axis_val[rs->naxes], sec); j++)
			;
		nreps = (int)h[i].p->nreps;
		for (k = 0; k * FIG_MAX_LABELS < j - i; k++) {
			int m = j - i - k * FIG_MAX_LABELS;

			fig_name(name, sizeof(name), "latency", sec, k);
			cdf_figure(c, h + i + k * FIG_MAX_LABELS, m < FIG_MAX_LABELS ? m :
				   FIG_MAX_LABELS, sec, name, nreps);
		}
	}
	for (i = 0; i < rows; i++)
		free(h[i].low);
	free(h);
}
