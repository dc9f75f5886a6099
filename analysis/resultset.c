// SPDX-License-Identifier: GPL-2.0-only
/* A result directory read back; see resultset.h. */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "analysis/resultset.h"
#include "bench/lib/timeunit.h"

/* The newest meta.json layout this reader knows. */
#define FORMAT_VERSION 2

struct csv {
	const char *path;
	char *pos, *end;
	int line;		/* first line of the record just read */
	int next_line;
	char **f;
	int nf, cap;
};

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p)
		abort();
	return p;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		abort();
	return d;
}

/* One error line: "fabench: FILE[:LINE]: what". Returns -1. */
static int __attribute__((format(printf, 3, 4)))
fail(const char *path, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fabench: %s", path);
	if (line)
		fprintf(stderr, ":%d", line);
	fputs(": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	size_t cap = 65536, n = 0, got;
	char *buf;

	if (!f) {
		fail(path, 0, "%s", strerror(errno));
		return NULL;
	}
	buf = xrealloc(NULL, cap);
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap)
			buf = xrealloc(buf, cap *= 2);
	}
	if (ferror(f)) {
		fail(path, 0, "read error");
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

static void csv_push(struct csv *c, char *field)
{
	if (c->nf == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->f = xrealloc(c->f, (size_t)c->cap * sizeof(*c->f));
	}
	c->f[c->nf++] = field;
}

/* A quoted field from r (at the quote), unquoted in place from w. */
static char *csv_quoted(struct csv *c, char *r, char **w)
{
	for (r++;; ) {
		if (r >= c->end) {
			fail(c->path, c->line, "unterminated quoted field (file truncated?)");
			return NULL;
		}
		if (*r == '"') {
			if (r + 1 < c->end && r[1] == '"') {
				*(*w)++ = '"';
				r += 2;
				continue;
			}
			return r + 1;
		}
		if (*r == '\n')
			c->next_line++;
		*(*w)++ = *r++;
	}
}

/*
 * The next record's fields into c->f, NUL-terminated in place: 1 when one
 * was read, 0 at the end, -1 on an error.  The writer ends every record
 * with a newline, so a last line without one is a truncated file.
 */
static int csv_record(struct csv *c)
{
	char *r = c->pos, *w, *start, sep;

	c->nf = 0;
	if (r >= c->end)
		return 0;
	c->line = c->next_line;
	do {
		start = w = r;
		if (r < c->end && *r == '"') {
			r = csv_quoted(c, r, &w);
			if (!r)
				return -1;
			if (r < c->end && *r != ',' && *r != '\n')
				return fail(c->path, c->line, "text after a closing quote");
		} else {
			while (r < c->end && *r != ',' && *r != '\n')
				r++;
			w = r;
		}
		if (r >= c->end)
			return fail(c->path, c->line,
				    "no newline at the end of the last line: file truncated");
		sep = *r++;
		*w = '\0';
		csv_push(c, start);
	} while (sep == ',');
	c->next_line++;
	c->pos = r;
	return 1;
}

static const char *json_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static int enum_index(const char *s, const char *const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

/*
 * One declaration {"name", "unit", "label", "better", "headline", "plot",
 * "plot_x", "plot_xlabel", "series", "only", "note", "log_y",
 * "series_values", "mark"}; the last seven may be missing (format_version 2 before
 * they were added).  Under icount a time's unit and name say what it
 * counts (ns_per_page in ns -> ins_per_page in ins).
 */
static int load_decl(const char *path, json_t *o, struct rs_metric_decl *d, int icount)
{
	char ins[64], shown[256];

	static const char *const better[] = { "none", "lower", "higher", "zero" };
	static const char *const plot[] = { "none", "bars", "line" };
	json_t *sv = json_object_get(o, "series_values");
	size_t i;
	int b, pl;

	if (!json_is_object(o) || !json_is_string(json_object_get(o, "name")))
		return fail(path, 0, "metrics: expected objects with a \"name\"");
	d->name = xstrdup(json_str(o, "name"));
	d->unit = xstrdup(json_str(o, "unit"));
	d->shown = xstrdup(icount && timeunit_rename(d->name, d->unit, shown, sizeof(shown)) ?
			   shown : d->name);
	if (icount && timeunit_instructions(d->unit, ins, sizeof(ins))) {
		free(d->unit);
		d->unit = xstrdup(ins);
	}
	d->label = xstrdup(json_str(o, "label"));
	d->plot_x = xstrdup(json_str(o, "plot_x"));
	d->plot_xlabel = xstrdup(json_str(o, "plot_xlabel"));
	d->series = xstrdup(json_str(o, "series"));
	d->only = xstrdup(json_str(o, "only"));
	d->note = xstrdup(json_str(o, "note"));
	d->mark = xstrdup(json_str(o, "mark"));
	d->log_y = json_is_true(json_object_get(o, "log_y"));
	/* missing in results before colours were fixed per value: NULL */
	if (json_is_array(sv)) {
		d->series_values = xrealloc(NULL, (json_array_size(sv) + 1) * sizeof(char *));
		for (i = 0; i < json_array_size(sv); i++)
			if (json_is_string(json_array_get(sv, i)))
				d->series_values[d->nseries_values++] =
					xstrdup(json_string_value(json_array_get(sv, i)));
	}
	d->headline = json_is_true(json_object_get(o, "headline"));
	b = enum_index(json_str(o, "better"), better, 4);
	pl = enum_index(json_str(o, "plot"), plot, 3);
	if (b < 0 || pl < 0)
		return fail(path, 0, "metrics: %s: expected better none|lower|higher|zero "
			    "and plot none|bars|line", d->name);
	d->better = (enum rs_better)b;
	d->plot = (enum rs_plot)pl;
	return 0;
}

/* meta.json "metrics": {"<workload>" or "*": [declaration, ...], ...} */
static int load_decls(const char *path, json_t *metrics, struct resultset *rs)
{
	struct rs_decl_table *t;
	const char *wl;
	json_t *arr;
	size_t i;

	if (!metrics)
		return 0;
	if (!json_is_object(metrics))
		return fail(path, 0, "metrics: expected an object of workload tables");
	json_object_foreach(metrics, wl, arr) {
		if (!json_is_array(arr))
			return fail(path, 0, "metrics: %s: expected an array", wl);
		rs->table = xrealloc(rs->table, ((size_t)rs->ntables + 1) * sizeof(*t));
		t = &rs->table[rs->ntables++];
		t->workload = xstrdup(wl);
		t->n = 0;
		t->decl = xrealloc(NULL, (json_array_size(arr) + 1) * sizeof(*t->decl));
		memset(t->decl, 0, (json_array_size(arr) + 1) * sizeof(*t->decl));
		for (i = 0; i < json_array_size(arr); i++) {
			t->n++;
			if (load_decl(path, json_array_get(arr, i), &t->decl[i], rs->icount))
				return -1;
		}
	}
	return 0;
}

static int load_meta(const char *dir, struct resultset *rs)
{
	char path[4096];
	json_error_t err;
	json_t *root, *fv;

	snprintf(path, sizeof(path), "%s/meta.json", dir);
	if (access(path, F_OK))
		return fail(path, 0, "%s: not a fabench result directory?", strerror(errno));
	root = json_load_file(path, 0, &err);
	if (!root)
		return fail(path, err.line > 0 ? err.line : 0, "%s", err.text);
	fv = json_object_get(root, "format_version");
	if (!json_is_integer(fv)) {
		json_decref(root);
		return fail(path, 0, "no integer format_version");
	}
	rs->format_version = (int)json_integer_value(fv);
	if (rs->format_version > FORMAT_VERSION)
		fprintf(stderr, "fabench: warning: %s: format_version %d is newer than %d; "
			"reading what is known\n", path, rs->format_version, FORMAT_VERSION);
	rs->kernel_release = xstrdup(json_str(json_object_get(root, "uname"), "release"));
	rs->label = xstrdup(json_str(root, "label"));
	rs->tcg = !strcmp(json_str(json_object_get(root, "vm"), "accel"), "tcg");
	rs->icount = !strcmp(json_str(json_object_get(root, "vm"), "accel"), "icount");
	rs->harness_revision = xstrdup(json_str(root, "harness_revision"));
	if (load_decls(path, json_object_get(root, "metrics"), rs)) {
		json_decref(root);
		return -1;
	}
	json_decref(root);
	return 0;
}

/* Column positions of samples.csv's header. */
struct layout {
	int ncols;
	int point, section, workload, rep, status;
	int first_axis;		/* the axes run from here to rep - 1 */
};

static int find_col(const struct csv *c, const char *name)
{
	int i;

	for (i = 0; i < c->nf; i++)
		if (!strcmp(c->f[i], name))
			return i;
	return -1;
}

/*
 * Column and section names become file names (report's figures) and
 * gnuplot strings: letters, digits, '_', '.', '-' only, never "." or "..".
 */
static bool plain_name(const char *s)
{
	if (!*s || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") ==
	       strlen(s);
}

static int read_header(struct csv *c, struct resultset *rs, struct layout *l)
{
	static const char *const need[] = { "section", "rep", "status" };
	int i, wl, got = csv_record(c);

	if (got < 0)
		return -1;
	if (!got)
		return fail(c->path, 0, "empty: expected a header line");
	for (i = 0; i < 3; i++)
		if (find_col(c, need[i]) < 0)
			return fail(c->path, 1, "no '%s' column in the header", need[i]);
	l->ncols = c->nf;
	l->section = find_col(c, "section");
	l->point = find_col(c, "point");
	l->rep = find_col(c, "rep");
	l->status = find_col(c, "status");
	wl = find_col(c, "workload");
	l->workload = wl;
	l->first_axis = (wl > l->section ? wl : l->section) + 1;
	if (l->rep < l->first_axis || l->status < l->rep)
		return fail(c->path, 1, "expected point,section,workload,<parameters>,rep,status,<metrics>");
	for (i = 0; i < c->nf; i++)
		if (!plain_name(c->f[i]))
			return fail(c->path, 1, "column %d '%s': expected a name of letters, "
				    "digits, '_', '.' and '-'", i + 1, c->f[i]);
	rs->naxes = l->rep - l->first_axis;
	rs->axis_name = xrealloc(NULL, ((size_t)rs->naxes + 1) * sizeof(char *));
	for (i = 0; i < rs->naxes; i++)
		rs->axis_name[i] = xstrdup(c->f[l->first_axis + i]);
	rs->nmetrics = l->ncols - l->status - 1;
	rs->metric = xrealloc(NULL, ((size_t)rs->nmetrics + 1) * sizeof(char *));
	for (i = 0; i < rs->nmetrics; i++)
		rs->metric[i] = xstrdup(c->f[l->status + 1 + i]);
	return 0;
}

/* The identity of a row: section, then name=value of every set axis. */
static char *row_key(const struct csv *c, const struct resultset *rs, const struct layout *l)
{
	size_t len = strlen(c->f[l->section]) + 1, at;
	char *key;
	int i;

	for (i = 0; i < rs->naxes; i++)
		len += strlen(rs->axis_name[i]) + strlen(c->f[l->first_axis + i]) + 2;
	key = xrealloc(NULL, len);
	at = (size_t)sprintf(key, "%s", c->f[l->section]);
	for (i = 0; i < rs->naxes; i++)
		if (c->f[l->first_axis + i][0])
			at += (size_t)sprintf(key + at, "\x1f%s=%s", rs->axis_name[i],
					      c->f[l->first_axis + i]);
	return key;
}

static struct rs_point *point_for(struct resultset *rs, const struct csv *c,
				  const struct layout *l)
{
	char *key = row_key(c, rs, l);
	struct rs_point *p;
	int i;

	for (i = rs->npoints - 1; i >= 0; i--)
		if (!strcmp(rs->point[i].key, key)) {
			free(key);
			return &rs->point[i];
		}
	rs->point = xrealloc(rs->point, ((size_t)rs->npoints + 1) * sizeof(*p));
	p = &rs->point[rs->npoints++];
	memset(p, 0, sizeof(*p));
	p->key = key;
	p->index = l->point >= 0 ? atoi(c->f[l->point]) : -1;
	p->ok = !strcmp(c->f[l->status], "ok");
	p->axis_val = xrealloc(NULL, ((size_t)rs->naxes + 1) * sizeof(char *));
	p->axis_val[rs->naxes] = xstrdup(c->f[l->section]);	/* kept for the label */
	p->workload = xstrdup(l->workload >= 0 ? c->f[l->workload] : c->f[l->section]);
	for (i = 0; i < rs->naxes; i++)
		p->axis_val[i] = xstrdup(c->f[l->first_axis + i]);
	return p;
}

/*
 * A metric cell: a number, empty, or why there is none.  The writer puts
 * a metric's reason in the cell as is ("unsupported: no PMU", but also
 * "no faults", "readers = 0"), so text starting with a letter is a reason;
 * what starts like a number must be one, or the file is corrupt.
 */
static int parse_cell(const struct csv *c, const struct resultset *rs, int m,
		      const char *s, double *v)
{
	char *end;

	*v = NAN;
	if (!*s || (isalpha((unsigned char)*s) && strncasecmp(s, "nan", 3) &&
		    strncasecmp(s, "inf", 3)))
		return 0;
	errno = 0;
	*v = strtod(s, &end);
	if (end == s || *end || errno == EINVAL)
		return fail(c->path, c->line, "%s: expected a number or 'unsupported: ...', got '%s'",
			    rs->metric[m], s);
	/* no writer prints 1e999: %g of an overflow is "inf" */
	if (errno == ERANGE && isinf(*v))
		return fail(c->path, c->line, "%s: '%s' is out of range", rs->metric[m], s);
	return 0;
}

static int read_row(struct csv *c, struct resultset *rs, const struct layout *l)
{
	struct rs_point *p;
	double *row;
	int m;

	if (c->nf != l->ncols)
		return fail(c->path, c->line, "%d fields, expected %d as in the header "
			    "(truncated or corrupt?)", c->nf, l->ncols);
	if (!plain_name(c->f[l->section]))
		return fail(c->path, c->line, "section '%s': expected a name of letters, "
			    "digits, '_', '.' and '-'", c->f[l->section]);
	p = point_for(rs, c, l);
	if (strcmp(c->f[l->status], "ok")) {
		p->ok = 0;
		if (!p->status)
			p->status = xstrdup(c->f[l->status]);
		return 0;
	}
	p->val = xrealloc(p->val, (p->nreps + 1) * ((size_t)rs->nmetrics + 1) * sizeof(double));
	row = p->val + p->nreps * (size_t)rs->nmetrics;
	for (m = 0; m < rs->nmetrics; m++)
		if (parse_cell(c, rs, m, c->f[l->status + 1 + m], &row[m]))
			return -1;
	p->nreps++;
	return 0;
}

int resultset_axis_varies(const struct resultset *rs, const struct rs_point *p, int a)
{
	int i;

	for (i = 0; i < rs->npoints; i++)
		if (!strcmp(rs->point[i].axis_val[rs->naxes], p->axis_val[rs->naxes]) &&
		    strcmp(rs->point[i].axis_val[a], p->axis_val[a]))
			return 1;
	return 0;
}

/* "section v1/v2": only the values telling the section's points apart. */
static void make_labels(struct resultset *rs)
{
	struct rs_point *p;
	size_t at;
	int i, a;
	char sep;

	for (i = 0; i < rs->npoints; i++) {
		p = &rs->point[i];
		/* an empty value is "-" in the label but absent from the key */
		p->label = xrealloc(NULL, strlen(p->key) + 2 * (size_t)rs->naxes + 2);
		at = (size_t)sprintf(p->label, "%s", p->axis_val[rs->naxes]);
		sep = ' ';
		for (a = 0; a < rs->naxes; a++) {
			if (!resultset_axis_varies(rs, p, a))
				continue;
			at += (size_t)sprintf(p->label + at, "%c%s", sep,
					      p->axis_val[a][0] ? p->axis_val[a] : "-");
			sep = '/';
		}
	}
}

static int load_samples(const char *dir, struct resultset *rs)
{
	struct csv c = { .next_line = 1 };
	struct layout l = { 0 };
	char path[4096], *buf;
	size_t len;
	int ret;

	snprintf(path, sizeof(path), "%s/samples.csv", dir);
	buf = slurp(path, &len);
	if (!buf)
		return -1;
	c.path = path;
	c.pos = buf;
	c.end = buf + len;
	ret = read_header(&c, rs, &l);
	while (!ret && (ret = csv_record(&c)) > 0)
		ret = read_row(&c, rs, &l);
	if (!ret && !rs->npoints)
		ret = fail(path, 0, "no samples after the header");
	free(c.f);
	free(buf);
	return ret;
}

int resultset_load(const char *dir, struct resultset *rs)
{
	memset(rs, 0, sizeof(*rs));
	rs->dir = xstrdup(dir);
	if (load_meta(dir, rs) || load_samples(dir, rs)) {
		resultset_free(rs);
		return -1;
	}
	make_labels(rs);
	return 0;
}

void resultset_free(struct resultset *rs)
{
	int i, a;

	for (i = 0; i < rs->npoints; i++) {
		for (a = 0; a <= rs->naxes; a++)
			free(rs->point[i].axis_val[a]);
		free(rs->point[i].axis_val);
		free(rs->point[i].key);
		free(rs->point[i].label);
		free(rs->point[i].val);
		free(rs->point[i].status);
		free(rs->point[i].workload);
	}
	for (i = 0; i < rs->ntables; i++) {
		for (a = 0; a < rs->table[i].n; a++) {
			free(rs->table[i].decl[a].name);
			free(rs->table[i].decl[a].shown);
			free(rs->table[i].decl[a].unit);
			free(rs->table[i].decl[a].label);
			free(rs->table[i].decl[a].plot_x);
			free(rs->table[i].decl[a].plot_xlabel);
			free(rs->table[i].decl[a].series);
			free(rs->table[i].decl[a].only);
			free(rs->table[i].decl[a].note);
			free(rs->table[i].decl[a].mark);
			for (int v = 0; v < rs->table[i].decl[a].nseries_values; v++)
				free(rs->table[i].decl[a].series_values[v]);
			free(rs->table[i].decl[a].series_values);
		}
		free(rs->table[i].decl);
		free(rs->table[i].workload);
	}
	free(rs->table);
	for (i = 0; i < rs->naxes; i++)
		free(rs->axis_name[i]);
	for (i = 0; i < rs->nmetrics; i++)
		free(rs->metric[i]);
	free(rs->axis_name);
	free(rs->metric);
	free(rs->point);
	free(rs->dir);
	free(rs->kernel_release);
	free(rs->label);
	free(rs->harness_revision);
	memset(rs, 0, sizeof(*rs));
}

const struct rs_point *resultset_find(const struct resultset *rs, const char *key)
{
	int i;

	for (i = 0; i < rs->npoints; i++)
		if (!strcmp(rs->point[i].key, key))
			return &rs->point[i];
	return NULL;
}

/* The first column of that name: "pages" is both a parameter and a metric. */
/* "timing=throughput": whether p has it ("" matches every point) */
static bool only_matches(const struct resultset *rs, const char *only,
			 const struct rs_point *p)
{
	const char *eq = strchr(only, '=');
	char axis[64];

	if (!*only || !eq || (size_t)(eq - only) >= sizeof(axis))
		return true;
	snprintf(axis, sizeof(axis), "%.*s", (int)(eq - only), only);
	return !strcmp(resultset_point_value(rs, p, axis), eq + 1);
}

bool resultset_decl_keeps(const struct resultset *rs, const struct rs_metric_decl *d,
			  const struct rs_point *p)
{
	int i;

	if (!d || only_matches(rs, d->only, p))
		return true;
	for (i = 0; i < rs->npoints; i++)
		if (rs->point[i].ok && !strcmp(rs->point[i].workload, p->workload) &&
		    !strcmp(rs->point[i].axis_val[rs->naxes], p->axis_val[rs->naxes]) &&
		    only_matches(rs, d->only, &rs->point[i]))
			return false;
	return true;
}

int resultset_metric(const struct resultset *rs, const char *name)
{
	int i;

	for (i = 0; i < rs->nmetrics; i++)
		if (!strcmp(rs->metric[i], name))
			return i;
	return -1;
}

size_t resultset_samples(const struct resultset *rs, const struct rs_point *p,
			 int metric, double *out)
{
	size_t r, n = 0;
	double v;

	if (metric < 0 || metric >= rs->nmetrics)
		return 0;
	for (r = 0; r < p->nreps; r++) {
		v = p->val[r * (size_t)rs->nmetrics + (size_t)metric];
		if (!isnan(v))
			out[n++] = v;
	}
	return n;
}

static const struct rs_decl_table *find_table(const struct resultset *rs, const char *workload)
{
	int i;

	for (i = 0; i < rs->ntables; i++)
		if (!strcmp(rs->table[i].workload, workload))
			return &rs->table[i];
	return NULL;
}

const struct rs_metric_decl *resultset_decl_by_workload(const struct resultset *rs,
							const char *workload,
							const char *metric)
{
	const struct rs_decl_table *t = workload ? find_table(rs, workload) : NULL;
	int i;

	for (i = 0; t && i < t->n; i++)
		if (!strcmp(t->decl[i].name, metric))
			return &t->decl[i];
	t = find_table(rs, "*");
	for (i = 0; t && i < t->n; i++)
		if (!fnmatch(t->decl[i].name, metric, 0))
			return &t->decl[i];
	return NULL;
}

const struct rs_metric_decl *resultset_decl(const struct resultset *rs,
					    const struct rs_point *p, const char *metric)
{
	return resultset_decl_by_workload(rs, p ? p->workload : NULL, metric);
}

int resultset_axis(const struct resultset *rs, const char *name)
{
	int a;

	for (a = 0; a < rs->naxes; a++)
		if (!strcmp(rs->axis_name[a], name))
			return a;
	return -1;
}

const char *resultset_point_value(const struct resultset *rs, const struct rs_point *p,
				  const char *axis)
{
	int a;

	if (!strcmp(axis, "workload"))
		return p->workload;
	if (!strcmp(axis, "section"))
		return p->axis_val[rs->naxes];
	a = resultset_axis(rs, axis);
	return a >= 0 ? p->axis_val[a] : "";
}

int resultset_require_decls(const struct resultset *rs)
{
	if (rs->ntables)
		return 0;
	if (rs->format_version < 2)
		fprintf(stderr, "fabench: %s/meta.json: no metric declarations (format_version %d): "
			"run with a newer fabench\n", rs->dir, rs->format_version);
	else
		fprintf(stderr, "fabench: %s/meta.json: no metric declarations: expected a "
			"\"metrics\" object of workload tables\n", rs->dir);
	return -1;
}
