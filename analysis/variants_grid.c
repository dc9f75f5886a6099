// SPDX-License-Identifier: GPL-2.0-only
/*
 * fabench variants: a table of the base run's points of one workload (rows,
 * named by the axes that vary among them, in samples.csv's order) by runs
 * (columns).  Columns that do not fit
 * 80 columns go to a further block of the same rows; a point a run could
 * not measure shows a footnote mark, and the footnote its status, so a
 * reason is never mistaken for a number.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/variants.h"

#define CELL 48		/* longest cell text kept */
#define MAX_NOTES 26
#define MIN_CELL 6
#define MAX_HEAD 16

struct grid {
	const struct variants *v;
	const struct var_grid *g;
	const struct resultset *rs;	/* the base run */
	int nrows;
	const struct rs_point **row;
	int nax, *ax, *axw;		/* shown axes; rs->naxes is the section */
	int labelw, cellw;
	char (*cell)[CELL];		/* nrows x runs */
	const char *note[MAX_NOTES];
	int nnotes;
};

static const char *section_of(const struct resultset *rs, const struct rs_point *p)
{
	return p->axis_val[rs->naxes];
}

static bool selected(const struct grid *t, const struct rs_point *p)
{
	return !strcmp(p->workload, t->g->workload);
}

/*
 * What a row shows for axis a.  wp_range only means something for uffd-wp
 * points: the other modes carry its default.
 */
const char *variants_axis_text(const struct resultset *rs, const struct rs_point *p, int a)
{
	int u;

	if (a == rs->naxes)
		return section_of(rs, p);
	if (!strcmp(rs->axis_name[a], "wp_range"))
		for (u = 0; u < rs->naxes; u++)
			if (!strcmp(rs->axis_name[u], "uffd") && strcmp(p->axis_val[u], "wp"))
				return "-";
	return p->axis_val[a][0] ? p->axis_val[a] : "-";
}

static const char *axis_head(const struct grid *t, int a)
{
	if (a == t->rs->naxes)
		return "section";
	if (!strcmp(t->rs->axis_name[a], "fault_around_bytes"))
		return "fa_bytes";
	return t->rs->axis_name[a];
}

/*
 * Two different values among the rows that have one: a parameter of one
 * workload only ("-" in the others' rows) tells nothing apart by itself.
 */
static bool varies(const struct grid *t, int a)
{
	const char *first = NULL, *s;
	int i;

	for (i = 0; i < t->nrows; i++) {
		s = variants_axis_text(t->rs, t->row[i], a);
		if (!strcmp(s, "-"))
			continue;
		if (!first)
			first = s;
		else if (strcmp(first, s))
			return true;
	}
	return false;
}

static bool shown(const struct grid *t, int a)
{
	int i;

	for (i = 0; i < t->nax; i++)
		if (t->ax[i] == a)
			return true;
	return false;
}

static void add_axis(struct grid *t, int a)
{
	if (a >= 0 && !shown(t, a) && varies(t, a))
		t->ax[t->nax++] = a;
}

/* Rows i and j show the same values on the axes picked so far. */
static bool same_row(const struct grid *t, int i, int j)
{
	int k;

	for (k = 0; k < t->nax; k++)
		if (strcmp(variants_axis_text(t->rs, t->row[i], t->ax[k]),
			   variants_axis_text(t->rs, t->row[j], t->ax[k])))
			return false;
	return true;
}

static bool rows_distinct(const struct grid *t)
{
	int i, j;

	for (i = 0; i < t->nrows; i++)
		for (j = i + 1; j < t->nrows; j++)
			if (same_row(t, i, j))
				return false;
	return true;
}

/*
 * The axes that vary, in samples.csv's order; the section first only
 * where two rows differ in nothing else (two sections of one workload
 * with the same parameters), and alone for a single point.
 */
static void pick_axes(struct grid *t)
{
	int a;

	t->ax = calloc((size_t)t->rs->naxes + 2, sizeof(int));
	t->axw = calloc((size_t)t->rs->naxes + 2, sizeof(int));
	if (!t->ax || !t->axw)
		abort();
	for (a = 0; a < t->rs->naxes; a++)
		add_axis(t, a);
	if (t->nax && rows_distinct(t))
		return;
	memmove(t->ax + 1, t->ax, (size_t)t->nax * sizeof(int));
	t->ax[0] = t->rs->naxes;
	t->nax++;
}

static int grid_open(struct grid *t, const struct variants *v, const struct var_grid *g)
{
	int i;

	memset(t, 0, sizeof(*t));
	t->v = v;
	t->g = g;
	t->rs = &v->run[v->base].rs;
	t->row = calloc((size_t)t->rs->npoints + 1, sizeof(*t->row));
	if (!t->row)
		abort();
	for (i = 0; i < t->rs->npoints; i++)
		if (selected(t, &t->rs->point[i]))
			t->row[t->nrows++] = &t->rs->point[i];
	pick_axes(t);
	return t->nrows;
}

static void grid_close(struct grid *t)
{
	free(t->row);
	free(t->ax);
	free(t->axw);
	free(t->cell);
}

void variants_point_name(const struct variants *v, const char *workload,
			 const struct rs_point *p, char *buf, size_t len)
{
	const struct var_grid g = { .workload = workload };
	struct grid t;
	size_t at = 0;
	int i;

	grid_open(&t, v, &g);
	buf[0] = 0;
	for (i = 0; i < t.nax && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s=%s", i ? " " : "",
				       axis_head(&t, t.ax[i]), variants_axis_text(t.rs, p, t.ax[i]));
	grid_close(&t);
}

/* The footnote number of status, added if new; 0 when out of marks. */
static int note_of(struct grid *t, const char *status)
{
	int i;

	for (i = 0; i < t->nnotes; i++)
		if (!strcmp(t->note[i], status))
			return i + 1;
	if (t->nnotes == MAX_NOTES)
		return 0;
	t->note[t->nnotes++] = status;
	return t->nnotes;
}

static void fill_cell(struct grid *t, int i, int r, char *buf)
{
	const struct rs_point *q = variants_point(t->v, r, t->row[i]);
	const char *what;
	int k;

	if (!q) {
		snprintf(buf, CELL, "-");
	} else if (!q->ok) {
		what = q->status && !strncmp(q->status, "unsupported", 11) ? "n/a" : "fail";
		k = note_of(t, q->status ? q->status : "no status");
		if (k)
			snprintf(buf, CELL, "%s[%d]", what, k);
		else
			snprintf(buf, CELL, "%s", what);
	} else if (!t->g->cell(t->v, r, t->row[i], t->g->arg, buf, CELL)) {
		snprintf(buf, CELL, "-");
	}
}

/* The header's two lines of a name: broken after a '-' when too long. */
static void name_part(const char *name, int w, int line, char *buf, size_t len)
{
	int n = (int)strlen(name), k;

	if (n <= w) {
		snprintf(buf, len, "%s", line ? "" : name);
		return;
	}
	for (k = w; k > 0 && !strchr("-_", name[k - 1]); k--)
		;
	if (!k)
		k = w;
	if (!line)
		snprintf(buf, len, "%.*s", k, name);
	else if (n - k <= w)
		snprintf(buf, len, "%s", name + k);
	else
		snprintf(buf, len, "%.*s~", w - 1, name + k);
}

/* The narrowest column a name fits in on at most two header lines. */
static int name_width(const char *name)
{
	int n = (int)strlen(name), best = n, k, w;

	for (k = 1; k < n; k++) {
		if (!strchr("-_", name[k - 1]))
			continue;
		w = k > n - k ? k : n - k;
		best = w < best ? w : best;
	}
	return best;
}

/* Whole names on one header line, where every run still fits beside the rows. */
static void one_line_names(struct grid *t)
{
	int r, w = t->cellw, n = t->v->n;

	for (r = 0; r < n; r++)
		if ((int)strlen(t->v->run[r].name) > w)
			w = (int)strlen(t->v->run[r].name);
	if (w <= MAX_HEAD && t->labelw + n * (w + 1) <= VAR_COLS)
		t->cellw = w;
}

static void measure(struct grid *t)
{
	int i, r, len, n = t->v->n;

	t->cell = calloc((size_t)t->nrows * (size_t)n + 1, sizeof(*t->cell));
	if (!t->cell)
		abort();
	t->cellw = MIN_CELL;
	for (r = 0; r < n; r++) {
		len = name_width(t->v->run[r].name);
		t->cellw = len > t->cellw ? len : t->cellw;
	}
	if (t->cellw > MAX_HEAD)	/* names this long are cut */
		t->cellw = MAX_HEAD;
	for (i = 0; i < t->nrows; i++)
		for (r = 0; r < n; r++) {
			fill_cell(t, i, r, t->cell[i * n + r]);
			len = (int)strlen(t->cell[i * n + r]);
			t->cellw = len > t->cellw ? len : t->cellw;
		}
	for (i = 0; i < t->nax; i++) {
		t->axw[i] = (int)strlen(axis_head(t, t->ax[i]));
		for (r = 0; r < t->nrows; r++) {
			len = (int)strlen(variants_axis_text(t->rs, t->row[r], t->ax[i]));
			t->axw[i] = len > t->axw[i] ? len : t->axw[i];
		}
		t->labelw += t->axw[i] + (i ? 1 : 0);
	}
	one_line_names(t);
	/* at least one run's column beside the row names */
	if (t->labelw > VAR_COLS - 1 - t->cellw)
		t->labelw = VAR_COLS - 1 - t->cellw;
}

/* The row names' part of a line, cut to labelw; p NULL: the axes' names. */
static void label(FILE *out, const struct grid *t, const struct rs_point *p)
{
	char full[512];
	size_t at = 0;
	int i;

	for (i = 0; i < t->nax && at < sizeof(full); i++)
		at += (size_t)snprintf(full + at, sizeof(full) - at, "%s%-*s", i ? " " : "",
				       t->axw[i], p ? variants_axis_text(t->rs, p, t->ax[i])
						    : axis_head(t, t->ax[i]));
	if ((int)strlen(full) > t->labelw)
		fprintf(out, "%.*s~", t->labelw - 1, full);
	else
		fprintf(out, "%-*s", t->labelw, full);
}

static void block_head(FILE *out, const struct grid *t, int from, int to)
{
	char buf[CELL * 2];
	bool two = false;
	int r;

	for (r = from; r < to; r++)
		two |= (int)strlen(t->v->run[r].name) > t->cellw;
	if (two) {
		fprintf(out, "%*s", t->labelw, "");
		for (r = from; r < to; r++) {
			name_part(t->v->run[r].name, t->cellw, 0, buf, sizeof(buf));
			fprintf(out, " %*s", t->cellw, buf);
		}
		fputc('\n', out);
	}
	/* no trailing blanks after the last name's second half */
	while (two && to > from) {
		name_part(t->v->run[to - 1].name, t->cellw, 1, buf, sizeof(buf));
		if (*buf)
			break;
		to--;
	}
	label(out, t, NULL);
	for (r = from; r < to; r++) {
		name_part(t->v->run[r].name, t->cellw, two, buf, sizeof(buf));
		fprintf(out, " %*s", t->cellw, two ? buf : t->v->run[r].name);
	}
	fputc('\n', out);
}

static void block(FILE *out, const struct grid *t, int from, int to)
{
	int i, r;

	block_head(out, t, from, to);
	for (i = 0; i < t->nrows; i++) {
		label(out, t, t->row[i]);
		for (r = from; r < to; r++)
			fprintf(out, " %*s", t->cellw, t->cell[i * t->v->n + r]);
		fputc('\n', out);
	}
}

int variants_grid(FILE *out, const struct variants *v, const struct var_grid *g)
{
	struct grid t;
	int per, r, k;

	if (!grid_open(&t, v, g)) {
		grid_close(&t);
		return 0;
	}
	measure(&t);
	per = (VAR_COLS - t.labelw) / (t.cellw + 1);
	per = per < 1 ? 1 : per;
	for (r = 0; r < v->n; r += per) {
		if (r)
			fputc('\n', out);
		block(out, &t, r, r + per < v->n ? r + per : v->n);
	}
	for (k = 0; k < t.nnotes; k++)
		variants_line(out, "  [%d] %s", k + 1, t.note[k]);
	k = t.nrows;
	grid_close(&t);
	return k;
}
