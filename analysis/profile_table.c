// SPDX-License-Identifier: GPL-2.0-only
/* Profiles as tables; see profile_table.h. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/comparison.h"
#include "analysis/profile_table.h"

#define HEADER "function,self_pct,children_pct,self_samples,children_samples"

static int bad(const char *path, int line, const char *what)
{
	fprintf(stderr, "fabench: %s:%d: %s\n", path, line, what);
	return -1;
}

/* "name,self,children,n,n": 0, or -1 if it is not that */
static int parse_row(char *line, struct pf_func *f)
{
	char *c1 = strchr(line, ','), *end;

	if (!c1 || c1 == line)
		return -1;
	*c1 = '\0';
	f->self = strtod(c1 + 1, &end);
	if (*end != ',' || !isfinite(f->self) || f->self < 0 || f->self > 100)
		return -1;
	f->children = strtod(end + 1, &end);
	if (*end != ',' || !isfinite(f->children) || f->children < f->self || f->children > 100)
		return -1;
	f->name = strdup(line);
	return f->name ? 0 : -1;
}

int pf_load(const char *dir, int index, struct pf_point *pp)
{
	char path[4200], *line = NULL;
	unsigned long long s, u, l, per;
	size_t cap = 0;
	struct pf_func *grown;
	int no = 0, ret = 0;
	FILE *f;

	memset(pp, 0, sizeof(*pp));
	snprintf(path, sizeof(path), "%s/profile/point-%04d.csv", dir, index);
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? 1 : bad(path, 0, strerror(errno));
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\r\n")] = '\0';
		no++;
		if (no == 1) {
			if (sscanf(line, "# samples %llu user %llu lost %llu period_ns %llu",
				   &s, &u, &l, &per) != 4) {
				ret = bad(path, no, "expected '# samples N user N lost N period_ns N'");
				break;
			}
			pp->samples = (double)s;
			pp->user = (double)u;
			pp->lost = (double)l;
			pp->period_ns = (double)per;
			continue;
		}
		if (no == 2) {
			if (strcmp(line, HEADER)) {
				ret = bad(path, no, "expected the header " HEADER);
				break;
			}
			continue;
		}
		grown = realloc(pp->f, ((size_t)pp->n + 1) * sizeof(*grown));
		if (!grown)
			abort();
		pp->f = grown;
		if (parse_row(line, &pp->f[pp->n])) {
			ret = bad(path, no, "expected function,self_pct,children_pct,self_samples,"
				  "children_samples with 0 <= self_pct <= children_pct <= 100");
			break;
		}
		pp->n++;
	}
	if (!ret && no < 2)
		ret = bad(path, no, "expected the '# samples' line and the header");
	free(line);
	fclose(f);
	if (ret)
		pf_free(pp);
	return ret;
}

void pf_free(struct pf_point *pp)
{
	int i;

	for (i = 0; i < pp->n; i++)
		free(pp->f[i].name);
	free(pp->f);
	memset(pp, 0, sizeof(*pp));
}

static const struct pf_func *lookup(const struct pf_point *pp, const char *name)
{
	int i;

	for (i = 0; i < pp->n; i++)
		if (!strcmp(pp->f[i].name, name))
			return &pp->f[i];
	return NULL;
}

struct row {
	const char *name;
	double key;		/* the order: spread, or a change */
};

static int by_key(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* The union of each point's top functions (by children), at most top of each. */
static int candidates(const struct pf_point *pp, int n, int top, struct row *r, int max)
{
	int i, k, j, nr = 0;

	for (i = 0; i < n; i++) {
		for (k = 0; k < pp[i].n && k < top; k++) {
			for (j = 0; j < nr && strcmp(r[j].name, pp[i].f[k].name); j++)
				;
			if (j == nr && nr < max)
				r[nr++] = (struct row){ .name = pp[i].f[k].name };
		}
	}
	return nr;
}

#define TOP 12
#define MAX_ROWS (4 * TOP)

void pf_table(FILE *out, const char *const *labels, const struct pf_point *pp, int n, int rows)
{
	struct row r[MAX_ROWS * 2];
	const struct pf_func *fn;
	double lo[2], hi[2], v[2];
	int nr, i, k, j;

	nr = candidates(pp, n, TOP, r, MAX_ROWS * 2);
	for (i = 0; i < nr; i++) {
		lo[0] = lo[1] = INFINITY;
		hi[0] = hi[1] = 0;
		for (k = 0; k < n; k++) {
			fn = lookup(&pp[k], r[i].name);
			v[0] = fn ? fn->children : 0;
			v[1] = fn ? fn->self : 0;
			for (j = 0; j < 2; j++) {
				lo[j] = v[j] < lo[j] ? v[j] : lo[j];
				hi[j] = v[j] > hi[j] ? v[j] : hi[j];
			}
		}
		/* one point: by its own share; more: by how far apart, children or self */
		r[i].key = n > 1 ? fmax(hi[0] - lo[0], hi[1] - lo[1]) : hi[0];
	}
	qsort(r, (size_t)nr, sizeof(r[0]), by_key);
	fprintf(out, "  %-30.30s", "function (children/self %)");
	for (k = 0; k < n; k++)
		fprintf(out, " %12.12s", labels[k]);
	fputc('\n', out);
	for (i = 0; i < nr && i < rows; i++) {
		fprintf(out, "  %-30.30s", r[i].name);
		for (k = 0; k < n; k++) {
			fn = lookup(&pp[k], r[i].name);
			if (fn)
				fprintf(out, " %6.1f/%5.1f", fn->children, fn->self);
			else
				fprintf(out, " %12s", "-");
		}
		fputc('\n', out);
	}
}

void pf_changes(FILE *out, const struct pf_point *a, const struct pf_point *b, int rows)
{
	const struct pf_point both[2] = { *a, *b };
	const struct pf_func *fa, *fb;
	double ca, cb;
	struct row r[MAX_ROWS];
	int nr, i;

	nr = candidates(both, 2, TOP, r, MAX_ROWS);
	fprintf(out, "  %-26s %-24s %s\n", "function", "children % (change)", "self %");
	for (i = 0; i < nr; i++) {
		fa = lookup(a, r[i].name);
		fb = lookup(b, r[i].name);
		r[i].key = fabs((fb ? fb->children : 0) - (fa ? fa->children : 0));
	}
	qsort(r, (size_t)nr, sizeof(r[0]), by_key);
	for (i = 0; i < nr && i < rows; i++) {
		fa = lookup(a, r[i].name);
		fb = lookup(b, r[i].name);
		ca = fa ? fa->children : 0;
		cb = fb ? fb->children : 0;
		fprintf(out, "  %-26.26s %5.1f -> %5.1f (%+6.1f)  %5.1f -> %5.1f\n",
			r[i].name, ca, cb, cb - ca, fa ? fa->self : 0, fb ? fb->self : 0);
	}
}

int pf_run_changes(FILE *out, const struct resultset *a, const struct resultset *b, int rows)
{
	const struct rs_point *q;
	struct pf_point pa, pb;
	int i, ka, kb, shown = 0;

	for (i = 0; i < a->npoints; i++) {
		q = a->point[i].index >= 0 ? cmp_match(b, &a->point[i]) : NULL;
		if (!q || q->index < 0)
			continue;
		ka = pf_load(a->dir, a->point[i].index, &pa);
		kb = ka ? 1 : pf_load(b->dir, q->index, &pb);
		if (ka < 0 || kb < 0) {
			if (!ka)
				pf_free(&pa);
			return -1;
		}
		if (!ka && !kb) {
			fprintf(out, "profile %.50s%s: %.0f -> %.0f samples\n", a->point[i].label,
				strlen(a->point[i].label) > 50 ? "~" : "", pa.samples, pb.samples);
			pf_changes(out, &pa, &pb, rows);
			pf_free(&pb);
			shown++;
		}
		if (!ka)
			pf_free(&pa);
	}
	/*
	 * Not tested: two runs of one config here (fault_read wp, 2300 and
	 * 1277 samples) moved exc_page_fault's share by 8 points, three times
	 * its binomial error; the samples of a run are not independent draws.
	 */
	if (shown)
		fprintf(out, "(shares of sampled stacks move between runs of one config by several\n"
			" points: read only large changes, and repeat the runs)\n");
	return 0;
}
