// SPDX-License-Identifier: GPL-2.0-only
/* The comparison of runs: text, csv and json tables; see compare.h. */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/compare.h"
#include "bench/lib/outfile.h"
#include "analysis/compare_plots.h"
#include "analysis/profile_table.h"
#include "analysis/comparison.h"
#include "analysis/significance.h"
#include "bench/lib/csv.h"

struct runs {
	int n;			/* run[0] is the base */
	struct resultset *run;
};

/*
 * The text table: 2 + name + 10 + 7 + 10 + 8 + 7 ("verdict") + 5 spaces
 * <= 80: the name column as wide as the longest metric name up to 31.
 */
#define W_METRIC_MAX 31
#define PROFILE_ROWS 10	/* functions per profiled point */
#define W_LABEL 78

/* The metric names of the text table, as shown. */
struct name_column {
	int w;
	char **shown;		/* indexed like the base's metrics */
};

static int load_runs(struct runs *r, int n, char *const *dirs)
{
	int i, common;

	r->run = calloc((size_t)n, sizeof(*r->run));
	if (!r->run)
		abort();
	for (r->n = 0; r->n < n; r->n++) {
		if (resultset_load(dirs[r->n], &r->run[r->n]))
			return -1;
		metric_decls_note(stderr, &r->run[r->n]);
	}
	for (i = 1; i < n; i++) {
		common = cmp_common_points(&r->run[0], &r->run[i]);
		if (!common) {
			fprintf(stderr, "fabench: %s/samples.csv: no point in common with %s: "
				"runs of different configs\n", dirs[i], dirs[0]);
			return -1;
		}
	}
	return 0;
}

static void free_runs(struct runs *r)
{
	int i;

	for (i = 0; i < r->n; i++)
		resultset_free(&r->run[i]);
	free(r->run);
}

/* s cut to w columns, the cut marked with '~'. */
static const char *abbrev(const char *s, int w, char *buf, size_t len)
{
	if ((int)strlen(s) <= w)
		return s;
	snprintf(buf, len, "%.*s~", w - 1, s);
	return buf;
}

static const char *marker(const struct metric_cmp *c)
{
	return c->p < SIGNIFICANT_P ? "*" : "";
}

/* The base point's match in every other run, or NULL. */
static int match_all(const struct runs *r, const struct rs_point *p,
		     const struct rs_point **q)
{
	int i;

	q[0] = p;
	for (i = 1; i < r->n; i++) {
		q[i] = cmp_match(&r->run[i], p);
		if (!q[i])
			return 0;
	}
	return 1;
}

static void text_row(const struct name_column *nc, int m, const struct metric_cmp *c)
{
	char chg[16];

	snprintf(chg, sizeof(chg), isnan(c->change_pct) ? "-" : "%+.1f%%%s",
		 c->change_pct, marker(c));
	printf("  %-*s %10.4g %6.1f%% %10.4g %8s%s%s\n", nc->w, nc->shown[m], c->base.mean,
	       c->base.coeff_var, c->other.mean, chg, *cmp_verdict(c) ? " " : "",
	       cmp_verdict(c));
}

/* "base DIR (kernel label)", the directory cut from the left to fit */
static void run_line(const char *what, const struct resultset *rs)
{
	char about[160];
	int room;
	size_t len = strlen(rs->dir);

	snprintf(about, sizeof(about), " (%s%s%s)", rs->kernel_release,
		 *rs->label ? " " : "", rs->label);
	room = 80 - 5 - (int)strlen(about);
	if (room < 20) {
		about[0] = '\0';
		room = 75;
	}
	if ((int)len <= room)
		printf("%-4s %s%s\n", what, rs->dir, about);
	else
		printf("%-4s ~%s%s\n", what, rs->dir + len - (size_t)(room - 1), about);
}

/* One block per other run keeps each line within 80 columns. */
static void text_block(const struct runs *r, int o, const struct name_column *nc)
{
	const struct resultset *b = &r->run[0];
	const struct rs_point *q[r->n];
	struct metric_cmp c;
	char buf[128];
	double small_p = 0;
	size_t small_n[2] = { 0 };
	int i, m;

	run_line("base", b);
	run_line("vs", &r->run[o]);
	printf("  %-*s %10s %7s %10s %8s %s\n", nc->w, "metric", "base", "cv",
	       "other", "change", "verdict");
	for (i = 0; i < b->npoints; i++) {
		if (!match_all(r, &b->point[i], q))
			continue;
		printf("%s\n", abbrev(b->point[i].label, W_LABEL, buf, sizeof(buf)));
		for (m = 0; m < b->nmetrics; m++)
			if (!compare_metric(b, q[0], &r->run[o], q[o], m, &c) &&
			    c.base.n && c.other.n) {
				text_row(nc, m, &c);
				if (!strcmp(c.test, "mann-whitney") && cmp_too_small(&c) &&
				    c.p_min > small_p) {
					small_p = c.p_min;
					small_n[0] = c.base.n;
					small_n[1] = c.other.n;
				}
			}
	}
	/* no "*" could be earned there: say so, not "same" by silence */
	if (small_p > 0)
		printf("Mann-Whitney rows at n=%zu/%zu: n too small for significance "
		       "(smallest p = %.2g)\n", small_n[0], small_n[1], small_p);
}

/* Geometric means over the shared points of each metric's means. */
static int geomeans(const struct runs *r, int m, double *gm)
{
	const struct resultset *b = &r->run[0];
	const struct rs_point *q[r->n];
	double *v = malloc(((size_t)b->npoints + 1) * sizeof(*v));
	struct metric_cmp c;
	int i, o, k = 0;
	size_t n;

	if (!v)
		abort();
	for (o = 0; o < r->n; o++) {
		n = 0;
		for (i = 0; i < b->npoints; i++)
			if (match_all(r, &b->point[i], q) &&
			    !compare_metric(b, q[0], &r->run[o], q[o], m, &c) &&
			    c.base.n && c.other.n && c.base.mean > 0 && c.other.mean > 0)
				v[n++] = c.other.mean;
		gm[o] = geometric_mean(v, n);
		if (!o)
			k = (int)n;
	}
	free(v);
	return k;
}

static void text_geomeans(const struct runs *r, int o, const struct name_column *nc)
{
	const struct resultset *b = &r->run[0];
	double gm[r->n];
	int m, k;

	printf("geometric mean over the points\n");
	printf("  %-*s %10s %7s %10s %8s\n", nc->w, "metric", "base", "points",
	       "other", "change");
	for (m = 0; m < b->nmetrics; m++) {
		k = geomeans(r, m, gm);
		if (k < 1 || isnan(gm[0]) || isnan(gm[o]))
			continue;
		printf("  %-*s %10.4g %7d %10.4g %+7.1f%%\n", nc->w, nc->shown[m], gm[0], k,
		       gm[o], (gm[o] - gm[0]) / gm[0] * 100);
	}
}

/* Every abbreviated metric name, in full. */
static void text_legend(const struct resultset *b, const struct name_column *nc)
{
	int m, first = 1;

	for (m = 0; m < b->nmetrics; m++) {
		if (!strcmp(nc->shown[m], b->metric[m]))
			continue;
		if (first)
			printf("abbreviated metric names\n");
		first = 0;
		if (2 + nc->w + 1 + (int)strlen(b->metric[m]) <= 80)
			printf("  %-*s %s\n", nc->w, nc->shown[m], b->metric[m]);
		else
			printf("  %s\n    %.76s\n", nc->shown[m], b->metric[m]);
	}
}

static int print_text(const struct runs *r)
{
	const struct resultset *b = &r->run[0];
	struct name_column nc;
	int o, m, ret = 0;

	nc.shown = calloc((size_t)b->nmetrics + 1, sizeof(*nc.shown));
	if (!nc.shown)
		abort();
	nc.w = cmp_name_column((const char *const *)b->metric, b->nmetrics,
			       W_METRIC_MAX, nc.shown);
	if (nc.w < 6)
		nc.w = 6;	/* "metric" */
	for (o = 1; o < r->n; o++) {
		if (o > 1)
			putchar('\n');
		text_block(r, o, &nc);
		text_geomeans(r, o, &nc);
		if (pf_run_changes(stdout, &r->run[0], &r->run[o], PROFILE_ROWS)) {
			ret = -1;
			break;
		}
	}
	text_legend(b, &nc);
	printf("* p < %.2g (Welch t-test; Mann-Whitney U for lat_* percentiles, exact to n=%d)\n",
	       SIGNIFICANT_P, MW_EXACT_MAX_N);
	for (m = 0; m < b->nmetrics; m++)
		free(nc.shown[m]);
	free(nc.shown);
	return ret;
}

static void csv_num(double v)
{
	if (isnan(v))
		fputs(",", stdout);
	else
		printf(",%.6g", v);
}

static void csv_header(const struct runs *r)
{
	int o;

	fputs("point,metric,direction,base_n,base_mean,base_coeff_var_pct", stdout);
	for (o = 1; o < r->n; o++)
		printf(",run%d_n,run%d_mean,run%d_change_pct,run%d_p,run%d_significant,run%d_verdict",
		       o, o, o, o, o, o);
	putchar('\n');
}

static const char *dir_name(enum direction d)
{
	return direction_name(d);
}

static void csv_metric_row(const struct runs *r, const struct rs_point **q, int m)
{
	const struct resultset *b = &r->run[0];
	struct metric_cmp c;
	int o;

	if (compare_metric(b, q[0], b, q[0], m, &c) || !c.base.n)
		return;
	csv_field(stdout, q[0]->label);
	printf(",%s,%s,%zu", b->metric[m], dir_name(c.dir), c.base.n);
	csv_num(c.base.mean);
	csv_num(c.base.coeff_var);
	for (o = 1; o < r->n; o++) {
		compare_metric(b, q[0], &r->run[o], q[o], m, &c);
		printf(",%zu", c.other.n);
		csv_num(c.other.n ? c.other.mean : NAN);
		csv_num(c.change_pct);
		csv_num(c.p);
		printf(",%d,%s", c.p < SIGNIFICANT_P, cmp_verdict(&c));
	}
	putchar('\n');
}

static void print_csv(const struct runs *r)
{
	const struct resultset *b = &r->run[0];
	const struct rs_point *q[r->n];
	double gm[r->n];
	int i, m, o, k;

	csv_header(r);
	for (i = 0; i < b->npoints; i++)
		if (match_all(r, &b->point[i], q))
			for (m = 0; m < b->nmetrics; m++)
				csv_metric_row(r, q, m);
	for (m = 0; m < b->nmetrics; m++) {
		k = geomeans(r, m, gm);
		if (k < 1 || isnan(gm[0]))
			continue;
		printf("geomean,%s,%s,%d", b->metric[m],
		       dir_name(metric_direction(b, NULL, b->metric[m])), k);
		csv_num(gm[0]);
		fputs(",", stdout);
		for (o = 1; o < r->n; o++) {
			printf(",%d", k);
			csv_num(gm[o]);
			csv_num((gm[o] - gm[0]) / gm[0] * 100);
			fputs(",,,", stdout);
		}
		putchar('\n');
	}
}

static json_t *jnum(double v)
{
	return isnan(v) || isinf(v) ? json_null() : json_real(v);
}

static json_t *json_run(const struct resultset *rs)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "dir", rs->dir, "kernel_release",
			 rs->kernel_release, "label", rs->label, "harness_revision",
			 rs->harness_revision);
}

static json_t *json_row(const struct runs *r, const struct rs_point **q, int m)
{
	const struct resultset *b = &r->run[0];
	json_t *row, *others = json_array();
	struct metric_cmp c;
	int o;

	for (o = 1; o < r->n; o++) {
		compare_metric(b, q[0], &r->run[o], q[o], m, &c);
		json_array_append_new(others, json_pack("{s:I, s:o, s:o, s:o, s:s, s:b, s:s}",
			"n", (json_int_t)c.other.n, "mean", jnum(c.other.n ? c.other.mean : NAN),
			"change_pct", jnum(c.change_pct), "p", jnum(c.p), "test", c.test,
			"significant", c.p < SIGNIFICANT_P, "verdict", cmp_verdict(&c)));
	}
	compare_metric(b, q[0], b, q[0], m, &c);
	row = json_pack("{s:s, s:s, s:s, s:{s:I, s:o, s:o}, s:o}", "point", q[0]->label,
			"metric", b->metric[m], "direction", dir_name(c.dir), "base",
			"n", (json_int_t)c.base.n, "mean", jnum(c.base.mean),
			"coeff_var_pct", jnum(c.base.coeff_var), "others", others);
	return row;
}

static json_t *json_geomeans(const struct runs *r)
{
	const struct resultset *b = &r->run[0];
	json_t *a = json_array(), *vals;
	double gm[r->n];
	int m, o, k;

	for (m = 0; m < b->nmetrics; m++) {
		k = geomeans(r, m, gm);
		if (k < 1 || isnan(gm[0]))
			continue;
		vals = json_array();
		for (o = 1; o < r->n; o++)
			json_array_append_new(vals, json_pack("{s:o, s:o}", "value", jnum(gm[o]),
					      "change_pct", jnum((gm[o] - gm[0]) / gm[0] * 100)));
		json_array_append_new(a, json_pack("{s:s, s:i, s:o, s:o}", "metric",
						   b->metric[m], "points", k, "base",
						   jnum(gm[0]), "others", vals));
	}
	return a;
}

static void print_json(const struct runs *r)
{
	const struct resultset *b = &r->run[0];
	const struct rs_point *q[r->n];
	json_t *root, *runs = json_array(), *rows = json_array();
	struct metric_cmp c;
	int i, m, o;

	for (o = 1; o < r->n; o++)
		json_array_append_new(runs, json_run(&r->run[o]));
	for (i = 0; i < b->npoints; i++)
		if (match_all(r, &b->point[i], q))
			for (m = 0; m < b->nmetrics; m++)
				if (!compare_metric(b, q[0], b, q[0], m, &c) && c.base.n)
					json_array_append_new(rows, json_row(r, q, m));
	root = json_pack("{s:o, s:o, s:f, s:o, s:o}", "base", json_run(b), "others", runs,
			 "significance_p", SIGNIFICANT_P, "rows", rows,
			 "geomean", json_geomeans(r));
	json_dumpf(root, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(root);
}

/*
 * The text renderings follow the table in text output; csv and json stay
 * machine-readable, so there they go to DIR/plots.txt.
 */
static int write_plots(const struct runs *r, const char *dir, enum compare_format fmt)
{
	char path[4096];
	FILE *out = stdout;
	int ret;

	if (fmt != COMPARE_TEXT) {
		snprintf(path, sizeof(path), "%s/plots.txt", dir);
		if (outfile_mkdir(dir))
			return 1;
		out = outfile_open(path);
		if (!out)
			return 1;
	} else {
		putchar('\n');
	}
	ret = compare_plots(dir, r->run, r->n, out) ? 1 : 0;
	if (out != stdout && outfile_close(out, path))
		ret = 1;
	return ret;
}

int compare_format_parse(const char *s, enum compare_format *f)
{
	if (!strcmp(s, "text"))
		*f = COMPARE_TEXT;
	else if (!strcmp(s, "csv"))
		*f = COMPARE_CSV;
	else if (!strcmp(s, "json"))
		*f = COMPARE_JSON;
	else
		return -1;
	return 0;
}

enum compare_status compare_runs(const struct compare_request *req)
{
	enum compare_status ret = COMPARE_OK;
	struct runs r = { 0 };

	if (load_runs(&r, req->ndirs, req->dirs))
		ret = COMPARE_BAD_INPUT;
	else if (req->format == COMPARE_TEXT)
		ret = print_text(&r) ? COMPARE_BAD_INPUT : COMPARE_OK;
	else if (req->format == COMPARE_CSV)
		print_csv(&r);
	else
		print_json(&r);
	if (!ret && req->plots && write_plots(&r, req->plots, req->format))
		ret = COMPARE_FAILED;
	free_runs(&r);
	return ret;
}
