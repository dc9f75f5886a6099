// SPDX-License-Identifier: GPL-2.0-only
/*
 * fabench variants: a workload's verdict table.  The metrics it declares
 * with a mark (wp_sequence: lost "L", spurious "S", dropped "d") are
 * counts judged per point; one table shows them all, a row per point
 * without fault_around_bytes, a column per run, and in each cell one
 * letter per fault_around_bytes value: the mark of the first marked count
 * that is not 0 over the repetitions, "." where all are 0, "?" where the
 * run did not measure the point.  So "sequence x variant x
 * fault_around_bytes" fits an 80-column mail; where the runs' names do
 * not, the columns are numbered and a key line names them.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/variants.h"
#include "bench/lib/textwrap.h"

#define MAX_MARKED 8
#define MAX_FOLD 8
#define MAX_ROWS 256
#define FOLD_AXIS "fault_around_bytes"

struct verdicts {
	const struct variants *v;
	const struct resultset *rs;	/* the base run */
	const char *workload;
	const struct rs_metric_decl *marked[MAX_MARKED];
	int nmarked;
	int fold;			/* the folded axis, -1: none varies */
	const char *fold_val[MAX_FOLD];
	int nfold;
	bool shown[64];			/* row axes: those that vary, but the folded */
	bool numbered;			/* run names too wide: columns 1..n and a key */
	int col[64], ncols;		/* the shown axes, the one of most values first */
	bool all_rows;			/* else the rows with a letter other than '.' */
	int nclean;			/* rows left out */
	/* rows x folded values: the base run's point, or NULL */
	const struct rs_point *cell[MAX_ROWS][MAX_FOLD];
	int nrows;
};

static bool of_workload(const struct verdicts *t, const struct rs_point *p)
{
	return !strcmp(p->workload, t->workload);
}

static bool axis_varies(const struct verdicts *t, int a)
{
	const char *first = NULL, *s;
	int i;

	for (i = 0; i < t->rs->npoints; i++) {
		if (!of_workload(t, &t->rs->point[i]))
			continue;
		s = variants_axis_text(t->rs, &t->rs->point[i], a);
		if (!first)
			first = s;
		else if (strcmp(first, s))
			return true;
	}
	return false;
}

static int distinct(const struct verdicts *t, int a)
{
	const struct rs_point *p, *q;
	int i, j, n = 0;

	for (i = 0; i < t->rs->npoints; i++) {
		p = &t->rs->point[i];
		if (!of_workload(t, p))
			continue;
		for (j = 0; j < i; j++) {
			q = &t->rs->point[j];
			if (of_workload(t, q) && !strcmp(variants_axis_text(t->rs, p, a),
							 variants_axis_text(t->rs, q, a)))
				break;
		}
		n += j == i;
	}
	return n;
}

/*
 * The row axes, the one with the most values first; of as many, the later
 * column of samples.csv first: a workload's own parameter (sequence)
 * comes after those it shares with others (mode).
 */
static void order_columns(struct verdicts *t)
{
	int a, i, n[64] = { 0 };

	for (a = t->rs->naxes; a >= 0; a--)
		if (t->shown[a]) {
			n[a] = distinct(t, a);
			for (i = t->ncols++; i > 0 && n[t->col[i - 1]] < n[a]; i--)
				t->col[i] = t->col[i - 1];
			t->col[i] = a;
		}
}

static int fold_index(struct verdicts *t, const char *val)
{
	int k;

	for (k = 0; k < t->nfold; k++)
		if (!strcmp(t->fold_val[k], val))
			return k;
	if (t->nfold == MAX_FOLD)
		return -1;
	t->fold_val[t->nfold] = val;
	return t->nfold++;
}

/* Same row: every shown axis has the same value. */
static bool same_row(const struct verdicts *t, const struct rs_point *a, const struct rs_point *b)
{
	int x;

	for (x = 0; x <= t->rs->naxes; x++)
		if (t->shown[x] && strcmp(variants_axis_text(t->rs, a, x),
					  variants_axis_text(t->rs, b, x)))
			return false;
	return true;
}

static void place(struct verdicts *t, const struct rs_point *p)
{
	int row, k = t->fold < 0 ? 0 : fold_index(t, p->axis_val[t->fold]);
	const struct rs_point *any;
	int j;

	if (k < 0)
		return;
	for (row = 0; row < t->nrows; row++) {
		for (j = 0, any = NULL; j < MAX_FOLD && !any; j++)
			any = t->cell[row][j];
		if (any && same_row(t, any, p))
			break;
	}
	if (row == t->nrows) {
		if (t->nrows == MAX_ROWS)
			return;
		t->nrows++;
	}
	t->cell[row][k] = p;
}

static void find_marked(struct verdicts *t)
{
	const struct rs_metric_decl *d;
	int m;

	for (m = 0; m < t->rs->nmetrics && t->nmarked < MAX_MARKED; m++) {
		d = variants_decl(t->v, t->workload, t->rs->metric[m]);
		if (d && d->mark && *d->mark)
			t->marked[t->nmarked++] = d;
	}
}

static char letter(const struct verdicts *t, int r, const struct rs_point *p)
{
	const struct rs_point *q = p ? variants_point(t->v, r, p) : NULL;
	double sum;
	int i;

	if (!q || !q->ok)
		return '?';
	for (i = 0; i < t->nmarked; i++)
		if (variants_sum(t->v, r, p, t->marked[i]->name, &sum) && sum != 0)
			return t->marked[i]->mark[0];
	return '.';
}

static bool row_clean(const struct verdicts *t, int row)
{
	int r, k;

	for (r = 0; r < t->v->n; r++)
		for (k = 0; k < (t->nfold ? t->nfold : 1); k++)
			if (letter(t, r, t->cell[row][k]) != '.')
				return false;
	return true;
}

static void legend(FILE *out, const struct verdicts *t)
{
	char *text;
	size_t len;
	FILE *f = open_memstream(&text, &len);
	int i;

	if (!f)
		abort();
	fprintf(f, "%s: verdicts", t->workload);
	if (t->fold >= 0) {
		fprintf(f, ", a letter per %s", FOLD_AXIS);
		for (i = 0; i < t->nfold; i++)
			fprintf(f, "%s%s", i ? "/" : " ", t->fold_val[i]);
	}
	fprintf(f, ":");
	for (i = 0; i < t->nmarked; i++)
		fprintf(f, " %s %s (%s),", t->marked[i]->mark, t->marked[i]->name,
			t->marked[i]->label);
	fprintf(f, " . none of them, ? not measured (the run's summary says why)");
	fclose(f);
	textwrap(out, 0, text, 2);
	free(text);
}

static void col_head(const struct verdicts *t, int r, char *buf, size_t len)
{
	if (t->numbered)
		snprintf(buf, len, "%d", r + 1);
	else
		snprintf(buf, len, "%s", t->v->run[r].name);
}

/* run r's column: its head, or its letters where they are more */
static int col_width(const struct verdicts *t, int r)
{
	char head[256];
	int n;

	col_head(t, r, head, sizeof(head));
	n = (int)strlen(head);
	return n > t->nfold ? n : t->nfold;
}

/* Whether the runs' names fit in a line beside the row axes (widths w). */
static void choose_heads(struct verdicts *t, const int *w)
{
	int c, r, width = 0;

	for (c = 0; c < t->ncols; c++)
		width += w[c] + 2;
	for (r = 0; r < t->v->n; r++)
		width += col_width(t, r) + (r ? 2 : 0);
	t->numbered = width > VAR_COLS;
}

static void key(FILE *out, const struct verdicts *t)
{
	char *text;
	size_t len;
	FILE *f = open_memstream(&text, &len);
	int r;

	if (!f)
		abort();
	fprintf(f, "runs:");
	for (r = 0; r < t->v->n; r++)
		fprintf(f, " %d %s%s", r + 1, t->v->run[r].name, r + 1 < t->v->n ? "," : "");
	fclose(f);
	textwrap(out, 0, text, 2);
	free(text);
}

static void print(FILE *out, struct verdicts *t)
{
	int w[64] = { 0 }, c, x, r, row, k, cw;
	char line[1024], cells[MAX_FOLD + 1], head[256];
	const struct rs_point *any;
	size_t at;

	for (c = 0; c < t->ncols; c++) {
		x = t->col[c];
		w[c] = (int)strlen(x == t->rs->naxes ? "section" : t->rs->axis_name[x]);
		for (row = 0; row < t->nrows; row++)
			for (k = 0; k < MAX_FOLD; k++)
				if (t->cell[row][k]) {
					cw = (int)strlen(variants_axis_text(t->rs, t->cell[row][k], x));
					w[c] = cw > w[c] ? cw : w[c];
				}
	}
	choose_heads(t, w);
	if (t->numbered)
		key(out, t);
	for (at = 0, c = 0; c < t->ncols; c++) {
		x = t->col[c];
		at += (size_t)snprintf(line + at, sizeof(line) - at, "%-*s  ", w[c],
				       x == t->rs->naxes ? "section" : t->rs->axis_name[x]);
	}
	for (r = 0; r < t->v->n; r++) {
		col_head(t, r, head, sizeof(head));
		at += (size_t)snprintf(line + at, sizeof(line) - at, "%s%-*s", r ? "  " : "",
				       r + 1 < t->v->n ? col_width(t, r) : 0, head);
	}
	variants_line(out, "%s", line);
	for (row = 0; row < t->nrows; row++) {
		for (k = 0, any = NULL; k < MAX_FOLD && !any; k++)
			any = t->cell[row][k];
		if (!t->all_rows && row_clean(t, row)) {
			t->nclean++;
			continue;
		}
		for (at = 0, c = 0; c < t->ncols; c++)
			at += (size_t)snprintf(line + at, sizeof(line) - at, "%-*s  ", w[c],
					       variants_axis_text(t->rs, any, t->col[c]));
		for (r = 0; r < t->v->n; r++) {
			for (k = 0; k < (t->nfold ? t->nfold : 1); k++)
				cells[k] = letter(t, r, t->cell[row][k]);
			cells[k] = '\0';
			/* the last column unpadded: no trailing blanks */
			cw = r + 1 < t->v->n ? col_width(t, r) : 0;
			at += (size_t)snprintf(line + at, sizeof(line) - at, "%s%-*s", r ? "  " : "",
					       cw, cells);
		}
		variants_line(out, "%s", line);
	}
	if (t->nclean)
		variants_line(out, "and %d more row%s with every letter '.' in every run",
			      t->nclean, t->nclean > 1 ? "s" : "");
	fputc('\n', out);
}

int variants_verdicts(FILE *out, const struct variants *v, const char *workload, bool all_rows)
{
	struct verdicts *t = calloc(1, sizeof(*t));
	int a, i;

	if (!t)
		abort();
	t->v = v;
	t->rs = &v->run[v->base].rs;
	t->workload = workload;
	t->fold = -1;
	t->all_rows = all_rows;
	find_marked(t);
	if (!t->nmarked || t->rs->naxes >= 64) {
		free(t);
		return 0;
	}
	for (a = 0; a <= t->rs->naxes; a++) {
		t->shown[a] = axis_varies(t, a);
		if (a < t->rs->naxes && t->shown[a] && !strcmp(t->rs->axis_name[a], FOLD_AXIS)) {
			t->fold = a;
			t->shown[a] = false;
		}
	}
	order_columns(t);
	for (i = 0; i < t->rs->npoints; i++)
		if (of_workload(t, &t->rs->point[i]))
			place(t, &t->rs->point[i]);
	legend(out, t);
	print(out, t);
	free(t);
	return 1;
}
