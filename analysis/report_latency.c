// SPDX-License-Identifier: GPL-2.0-only
/*
 * report's latency plot: p50/p90/p99/p99.9 per latency-mode point, read
 * from the merged histograms in hist/point-NNNN.csv.
 */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/plot.h"
#include "analysis/report.h"

#define MAX_HIST 512

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
	size_t len = strlen(label) + 2, at, nl;
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

/* One hist/point-NNNN.csv as "NNNN p50 p90 p99 p99.9"; its label to out. */
static int hist_row(FILE *f, FILE *out, const struct resultset *rs,
		    const char *path, const char *num)
{
	const struct rs_point *p;
	const char *lbl;

	static double high[4096], count[4096];
	double lo, hi, c, total = 0;
	char line[1024], label[1024] = "";
	unsigned long long cnt;
	FILE *h = fopen(path, "r");
	int n = 0;

	if (!h)
		return -1;
	while (fgets(line, sizeof(line), h)) {
		if (line[0] == '#' && !label[0])
			snprintf(label, sizeof(label), "%s", line + 2);
		if (sscanf(line, "%lf,%lf,%llu", &lo, &hi, &cnt) == 3 && n < 4096) {
			c = (double)cnt;
			high[n] = hi;
			count[n++] = c;
			total += c;
		}
	}
	fclose(h);
	if (!total)
		return -1;
	label[strcspn(label, "\n")] = 0;
	p = point_of(rs, label);
	fprintf(f, "%.4s %g %g %g %g\n", num, quantile(high, count, n, total, 0.5),
		quantile(high, count, n, total, 0.9), quantile(high, count, n, total, 0.99),
		quantile(high, count, n, total, 0.999));
	lbl = p ? p->label : label;
	/* a label cut to the line says so with '~' */
	fprintf(out, "  %.4s %.*s%s\n", num, strlen(lbl) > 73 ? 72 : 73, lbl,
		strlen(lbl) > 73 ? "~" : "");
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void report_latency_plot(FILE *out, const struct resultset *rs, struct plot *pl)
{
	char path[4096], *names[MAX_HIST];
	struct dirent *e;
	int n = 0, i, rows = 0;
	DIR *d;
	FILE *f;

	snprintf(path, sizeof(path), "%s/hist", rs->dir);
	d = opendir(path);
	while (d && (e = readdir(d)) && n < MAX_HIST)
		if (!strncmp(e->d_name, "point-", 6) && strstr(e->d_name, ".csv"))
			names[n++] = strdup(e->d_name);
	if (d)
		closedir(d);
	if (!n) {
		report_plot_skipped(out, pl->name, "no latency histograms (hist/) in this run");
		return;
	}
	qsort(names, (size_t)n, sizeof(names[0]), by_name);
	f = plot_data_open(pl);
	fprintf(out, "plot %s: points (hist/point-NNNN.csv):\n", pl->name);
	for (i = 0; f && i < n; i++) {
		snprintf(path, sizeof(path), "%s/hist/%s", rs->dir, names[i]);
		rows += !hist_row(f, out, rs, path, names[i] + 6);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	if (!f)
		return;
	fclose(f);
	if (!rows) {
		report_plot_skipped(out, pl->name, "the histograms are empty");
		return;
	}
	plot_render(pl, out);
	fputc('\n', out);
}
