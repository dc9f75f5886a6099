// SPDX-License-Identifier: GPL-2.0-only
/* CSV result files; see results.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench/harness/results.h"
#include "bench/lib/outfile.h"
#include "bench/lib/stats.h"
#include "bench/lib/timer.h"

#define MAX_COLUMNS 128

struct columns {
	int n;
	const char *name[MAX_COLUMNS];
};

static void column_add(struct columns *c, const char *name)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->name[i], name))
			return;
	if (c->n < MAX_COLUMNS)
		c->name[c->n++] = name;
}

/* Parameter names of every section, in first-seen order. */
static void param_columns(const struct run_record *rr, struct columns *c)
{
	int s, i;

	c->n = 0;
	for (s = 0; s < rr->cfg->nsections; s++)
		for (i = 0; rr->cfg->sections[s].params[i].name; i++)
			column_add(c, rr->cfg->sections[s].params[i].name);
}

static void metric_columns(const struct run_record *rr, struct columns *c)
{
	const struct point_result *pr;
	int p, r, i;

	c->n = 0;
	for (p = 0; p < rr->matrix->npoints; p++) {
		pr = &rr->points[p];
		for (r = 0; r < pr->nreps; r++)
			for (i = 0; i < pr->reps[r].n; i++)
				column_add(c, pr->reps[r].m[i].name);
	}
}

int results_overrides(const struct run_record *rr, const char **ov, int max)
{
	const char *a, *val;
	char opt;
	int i, j, n = 0;

	/* run's options as its getopt reads them: "c:l:o:p:h" */
	for (i = 1; i < rr->argc; i++) {
		a = rr->argv[i];
		if (!strcmp(a, "--"))
			break;
		if (a[0] != '-' || !a[1])
			continue;
		for (j = 1, opt = 0; a[j] && !opt; j++)
			if (strchr("clop", a[j]))
				opt = a[j];
		if (!opt)
			continue;
		if (a[j])
			val = a + j;
		else if (i + 1 < rr->argc)
			val = rr->argv[++i];
		else
			break;
		if (opt == 'p' && n < max)
			ov[n++] = val;
	}
	return n;
}

/* dir/name, checked (bench/lib/outfile.h); the failure is recorded there */
struct out {
	FILE *f;
	char path[4096];
};

static FILE *open_in(struct out *o, const char *dir, const char *name)
{
	snprintf(o->path, sizeof(o->path), "%s/%s", dir, name);
	o->f = outfile_open(o->path);
	return o->f;
}

static int close_checked(struct out *o)
{
	return outfile_close(o->f, o->path);
}

static void point_status(const struct point_result *pr, char *buf, size_t len)
{
	if (pr->status == 0)
		snprintf(buf, len, "ok");
	else if (pr->status > 0)
		snprintf(buf, len, "unsupported: %s", pr->why);
	else
		snprintf(buf, len, "error: %s", pr->why);
}

/* point,section,workload then each parameter (empty if not this workload's) */
static void point_prefix(FILE *f, const struct point_result *pr,
			 const struct columns *params)
{
	const struct matrix_point *pt = pr->pt;
	int i, idx;

	fprintf(f, "%d,%s,%s", pt->index, pt->sec->name, pt->sec->wl->name);
	for (i = 0; i < params->n; i++) {
		fputc(',', f);
		if (param_find(pt->sec->params, params->name[i], &idx))
			csv_field(f, pt->vals[idx].text);
	}
	for (i = 0; run_params[i].name; i++)
		if (!(run_params[i].flags & PF_SCALAR))
			fprintf(f, ",%s", pt->run[i].text);
}

static void header_prefix(FILE *f, const struct columns *params)
{
	int i;

	fputs("point,section,workload", f);
	for (i = 0; i < params->n; i++)
		fprintf(f, ",%s", params->name[i]);
	/* the [run] axes: timing and the kernel knobs */
	for (i = 0; run_params[i].name; i++)
		if (!(run_params[i].flags & PF_SCALAR))
			fprintf(f, ",%s", run_params[i].name);
}

static void metric_cell(FILE *f, const struct metric *m)
{
	fputc(',', f);
	if (!m)
		return;
	if (m->unsupported[0])
		csv_field(f, m->unsupported);
	else
		fprintf(f, "%.6g", m->value);
}

int results_write_samples(const char *dir, const struct run_record *rr)
{
	struct columns params, metrics;
	const struct point_result *pr;
	char status[300];
	struct out o;
	FILE *f = open_in(&o, dir, "samples.csv");
	int p, r, i;

	if (!f)
		return -1;
	param_columns(rr, &params);
	metric_columns(rr, &metrics);
	header_prefix(f, &params);
	fputs(",rep,status", f);
	for (i = 0; i < metrics.n; i++)
		fprintf(f, ",%s", metrics.name[i]);
	fputc('\n', f);
	for (p = 0; p < rr->matrix->npoints; p++) {
		pr = &rr->points[p];
		point_status(pr, status, sizeof(status));
		for (r = 0; r < (pr->nreps ? pr->nreps : 1); r++) {
			point_prefix(f, pr, &params);
			fprintf(f, ",%d,", pr->nreps ? r : -1);
			csv_field(f, status);
			for (i = 0; i < metrics.n; i++)
				metric_cell(f, pr->nreps ?
					    metric_get(&pr->reps[r], metrics.name[i]) : NULL);
			fputc('\n', f);
		}
	}
	return close_checked(&o);
}

/* One summary row: the statistics of one metric over the repetitions. */
static void summary_row(FILE *f, const struct point_result *pr,
			const struct columns *params, const char *metric)
{
	struct summary_stats st;
	const struct metric *m;
	double *v = calloc((size_t)pr->nreps + 1, sizeof(*v));
	const char *unsupported = NULL;
	int r, n = 0;

	if (!v)
		abort();
	for (r = 0; r < pr->nreps; r++) {
		m = metric_get(&pr->reps[r], metric);
		if (!m)
			continue;
		if (m->unsupported[0])
			unsupported = m->unsupported;
		else
			v[n++] = m->value;
	}
	if (n || unsupported) {
		point_prefix(f, pr, params);
		fprintf(f, ",ok,%s,", metric);
		if (!n) {
			fputs("0,", f);
			csv_field(f, unsupported);
			fputs(",,,,,\n", f);
		} else {
			stats_summarize(v, (size_t)n, &st);
			fprintf(f, "%zu,%.6g,%.6g,%.6g,%.4g,%.6g,%.6g\n", st.n, st.mean,
				st.median, st.stddev, st.coeff_var, st.min, st.max);
		}
	}
	free(v);
}

int results_write_summary_csv(const char *dir, const struct run_record *rr)
{
	struct columns params, metrics;
	const struct point_result *pr;
	char status[300];
	struct out o;
	FILE *f = open_in(&o, dir, "summary.csv");
	int p, i;

	if (!f)
		return -1;
	param_columns(rr, &params);
	metric_columns(rr, &metrics);
	header_prefix(f, &params);
	fputs(",status,metric,n,mean,median,stddev,coeff_var_pct,min,max\n", f);
	for (p = 0; p < rr->matrix->npoints; p++) {
		pr = &rr->points[p];
		if (pr->status) {
			point_status(pr, status, sizeof(status));
			point_prefix(f, pr, &params);
			fputc(',', f);
			csv_field(f, status);
			fputs(",,0,,,,,,\n", f);
			continue;
		}
		for (i = 0; i < metrics.n; i++)
			summary_row(f, pr, &params, metrics.name[i]);
	}
	return close_checked(&o);
}

static int write_histogram(const char *dir, const struct point_result *pr)
{
	char name[64], label[1024];
	double ns = timer_get()->ns_per_tick;
	unsigned int b;
	struct out o;
	FILE *f;

	snprintf(name, sizeof(name), "hist/point-%04d.csv", pr->pt->index);
	f = open_in(&o, dir, name);
	if (!f)
		return -1;
	matrix_point_label(pr->pt, label, sizeof(label));
	fprintf(f, "# %s\n# %d repetitions merged, %llu samples, ns per tick %.6f\n",
		label, pr->nreps, (unsigned long long)pr->latency.count, ns);
	fputs("low_ns,high_ns,count\n", f);
	for (b = 0; b < HIST_BUCKETS; b++)
		if (pr->latency.bucket[b])
			fprintf(f, "%.1f,%.1f,%llu\n", (double)hist_bucket_low(b) * ns,
				(double)hist_bucket_high(b) * ns,
				(unsigned long long)pr->latency.bucket[b]);
	return close_checked(&o);
}

int results_write_histograms(const char *dir, const struct run_record *rr)
{
	char path[4096];
	int p;

	snprintf(path, sizeof(path), "%s/hist", dir);
	if (outfile_mkdir(path))
		return -1;
	for (p = 0; p < rr->matrix->npoints; p++)
		if (rr->points[p].latency.count &&
		    write_histogram(dir, &rr->points[p]))
			return -1;
	return outfile_sync_dir(path);
}

static int write_notes(const char *dir, const struct point_result *pr)
{
	char name[64], label[1024];
	struct out o;
	FILE *f;
	int r;

	snprintf(name, sizeof(name), "history/point-%04d.txt", pr->pt->index);
	f = open_in(&o, dir, name);
	if (!f)
		return -1;
	matrix_point_label(pr->pt, label, sizeof(label));
	fprintf(f, "# %s\n", label);
	for (r = 0; r < pr->nreps; r++)
		if (pr->reps[r].notes)
			fprintf(f, "\n## repetition %d\n%s", r + 1, pr->reps[r].notes);
	return close_checked(&o);
}

int results_write_notes(const char *dir, const struct run_record *rr)
{
	char path[4096];
	bool made = false;
	int p, r;

	for (p = 0; p < rr->matrix->npoints; p++) {
		for (r = 0; r < rr->points[p].nreps && !rr->points[p].reps[r].notes; r++)
			;
		if (r == rr->points[p].nreps)
			continue;
		snprintf(path, sizeof(path), "%s/history", dir);
		if (!made && outfile_mkdir(path))
			return -1;
		made = true;
		if (write_notes(dir, &rr->points[p]))
			return -1;
	}
	return made ? outfile_sync_dir(path) : 0;
}

int results_write_profiles(const char *dir, const struct run_record *rr)
{
	char path[4096];
	bool made = false;
	int p;

	for (p = 0; p < rr->matrix->npoints; p++) {
		if (!rr->points[p].profile.samples)
			continue;
		made = true;
		if (profile_write(&rr->points[p].profile, dir, p))
			return -1;
	}
	snprintf(path, sizeof(path), "%s/profile", dir);
	return made ? outfile_sync_dir(path) : 0;
}

int results_write_summary_txt(const char *dir, const struct run_record *rr)
{
	struct out o;
	FILE *f = open_in(&o, dir, "summary.txt");

	if (!f)
		return -1;
	results_print_summary(f, rr);
	return close_checked(&o);
}
