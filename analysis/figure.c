// SPDX-License-Identifier: GPL-2.0-only
/* What report's figures share; see figure.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/figure.h"
#include "analysis/palette.h"

static int declares(const struct figure *fg, const struct rs_point *p)
{
	int i;

	for (i = 0; i < fg->nwl; i++)
		if (!strcmp(fg->wl[i], p->workload))
			return 1;
	return 0;
}

static int base_selects(const struct resultset *rs, const struct figure *fg,
			const struct rs_point *p)
{
	return declares(fg, p) && p->ok &&
	       (!fg->section || !strcmp(fg->section, p->axis_val[rs->naxes]));
}

int fig_selects(const struct resultset *rs, const struct figure *fg,
		const struct rs_point *p)
{
	return base_selects(rs, fg, p) && resultset_decl_keeps(rs, fg->m[0], p);
}

/* Whether axis a takes more than one value over fg's points. */
static int varies(const struct resultset *rs, const struct figure *fg, int a)
{
	const char *first = NULL;
	int i;

	for (i = 0; i < rs->npoints; i++) {
		const struct rs_point *p = &rs->point[i];

		if (!fig_selects(rs, fg, p) || !*p->axis_val[a])
			continue;
		if (!first)
			first = p->axis_val[a];
		else if (strcmp(first, p->axis_val[a]))
			return 1;
	}
	return 0;
}

static int only_axis(const struct figure *fg, const char *name)
{
	const char *only = fg->m[0]->only;
	size_t n = strcspn(only, "=");

	return n && strlen(name) == n && !strncmp(only, name, n);
}

static int numeric(const char *s)
{
	char *end;

	strtod(s, &end);
	return end != s && !*end;
}

/* Whether every point of fg has a value of axis a. */
static int everywhere(const struct resultset *rs, const struct figure *fg, int a)
{
	int i;

	for (i = 0; i < rs->npoints; i++)
		if (!*rs->point[i].axis_val[a] && fig_selects(rs, fg, &rs->point[i]))
			return 0;
	return 1;
}

static void group(const struct resultset *rs, const struct figure *fg, const struct rs_point *p,
		  int shared, char *buf, size_t len, char *names, size_t nlen)
{
	size_t at = 0, nat = 0;
	int a;

	buf[0] = 0;
	if (names)
		names[0] = 0;
	for (a = 0; a < rs->naxes; a++) {
		const char *name = rs->axis_name[a];

		if (!strcmp(name, fg->m[0]->series) || (fg->x && !strcmp(name, fg->x)) ||
		    only_axis(fg, name) || !varies(rs, fg, a) || (shared && !everywhere(rs, fg, a)))
			continue;
		if (!*p->axis_val[a])
			continue;
		/* a number says nothing without its axis: "writers=2", but "memfd" */
		if (at < len)
			at += (size_t)snprintf(buf + at, len - at, "%s%s%s%s", at ? " " : "",
					       numeric(p->axis_val[a]) ? name : "",
					       numeric(p->axis_val[a]) ? "=" : "", p->axis_val[a]);
		if (names && nat < nlen)
			nat += (size_t)snprintf(names + nat, nlen - nat, "%s%s", nat ? ", " : "",
						name);
	}
	/* several sections on one figure (a series per workload): the section */
	if (!buf[0] && !fg->section && strcmp(fg->m[0]->series, "section") &&
	    strcmp(fg->m[0]->series, "workload") && varies(rs, fg, rs->naxes)) {
		snprintf(buf, len, "%s", p->axis_val[rs->naxes]);
		if (names)
			snprintf(names, nlen, "section");
	}
}

void fig_group(const struct resultset *rs, const struct figure *fg,
	       const struct rs_point *p, char *buf, size_t len, char *names, size_t nlen)
{
	group(rs, fg, p, 0, buf, len, names, nlen);
}

void fig_group_shared(const struct resultset *rs, const struct figure *fg,
		      const struct rs_point *p, char *buf, size_t len, char *names,
		      size_t nlen)
{
	const char *series = fig_series(rs, fg, p);
	char other[256];
	int i;

	group(rs, fg, p, 1, buf, len, names, nlen);
	for (i = 0; i < rs->npoints; i++) {
		const struct rs_point *q = &rs->point[i];

		if (q == p || !fig_selects(rs, fg, q) || strcmp(fig_series(rs, fg, q), series))
			continue;
		group(rs, fg, q, 1, other, sizeof(other), NULL, 0);
		if (!strcmp(other, buf)) {	/* not enough: every axis then */
			group(rs, fg, p, 0, buf, len, names, nlen);
			return;
		}
	}
}

const char *fig_series(const struct resultset *rs, const struct figure *fg,
		       const struct rs_point *p)
{
	const char *v = *fg->m[0]->series ? resultset_point_value(rs, p, fg->m[0]->series) : "";

	return *v ? v : fg->m[0]->label;
}

const char *fig_colour(const struct resultset *rs, const struct figure *fg,
		       const struct rs_point *p)
{
	if (!*fg->m[0]->series)
		return palette_colour(0);
	return palette_colour(palette_index(rs, fg->m[0]->series, fig_series(rs, fg, p)));
}

int fig_stats(const struct resultset *rs, const struct rs_point *p, int m,
	      struct fig_stats *st)
{
	double *v = calloc(p->nreps + 1, sizeof(*v));
	size_t i, n;

	if (!v)
		abort();
	n = resultset_samples(rs, p, m, v);
	st->n = 0;
	st->mean = 0;
	for (i = 0; i < n; i++) {
		if (isnan(v[i]))
			continue;
		if (!st->n || v[i] < st->min)
			st->min = v[i];
		if (!st->n || v[i] > st->max)
			st->max = v[i];
		st->mean += v[i];
		st->n++;
	}
	free(v);
	if (!st->n)
		return -1;
	st->mean /= st->n;
	return 0;
}

void fig_subtitle(const struct fig_ctx *c, const struct figure *fg, int whiskers,
		  char *buf, size_t len)
{
	int i, lo = 0, hi = 0;
	size_t at;

	for (i = 0; i < c->rs->npoints; i++) {
		const struct rs_point *p = &c->rs->point[i];

		if (!fig_selects(c->rs, fg, p))
			continue;
		if (!hi || (int)p->nreps < lo)
			lo = (int)p->nreps;
		if ((int)p->nreps > hi)
			hi = (int)p->nreps;
	}
	at = (size_t)snprintf(buf, len, "%s%s, n=", c->sfx, c->tcg);
	if (lo == hi && at < len)
		at += (size_t)snprintf(buf + at, len - at, "%d", hi);
	else if (at < len)
		at += (size_t)snprintf(buf + at, len - at, "%d-%d", lo, hi);
	if (at < len)
		snprintf(buf + at, len - at, " repetitions%s", whiskers ?
			 "\nwhiskers: min-max of the repetitions" : "");
}

void fig_name(char *buf, size_t len, const char *base, const char *suffix, int k)
{
	size_t at = (size_t)snprintf(buf, len, "%s", base);

	if (suffix && *suffix && at < len)
		at += (size_t)snprintf(buf + at, len - at, "-%s", suffix);
	if (k > 0 && at < len)
		snprintf(buf + at, len - at, "-%d", k + 1);
}

void fig_skipped(FILE *out, const char *name, const char *why)
{
	if (strlen("plot : skipped: ") + strlen(name) + strlen(why) <= 80)
		fprintf(out, "plot %s: skipped: %s\n\n", name, why);
	else
		fprintf(out, "plot %s: skipped:\n  %.76s\n\n", name, why);
}
