// SPDX-License-Identifier: GPL-2.0-only
/*
 * Matrix expansion.  Within a section the last key varies fastest, so
 * points that differ only in uffd mode or timing sit next to each other;
 * sections run in file order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/harness/matrix.h"

#define MATRIX_MAX_POINTS 100000

/* The section's axes, then [run]'s, as one odometer. */
struct odometer {
	const struct config_key *key[CONFIG_MAX_PARAMS + RP_COUNT];
	int digit[CONFIG_MAX_PARAMS + RP_COUNT];
	int n;
};

static void odometer_init(struct odometer *o, const struct config *cfg,
			  const struct config_section *sec)
{
	size_t i, np = param_count(sec->params);

	memset(o, 0, sizeof(*o));
	for (i = 0; i < np; i++)
		o->key[o->n++] = &sec->keys[i];
	for (i = 0; i < RP_COUNT; i++)
		o->key[o->n++] = &cfg->run.keys[i];
}

/* Advance; false when every combination has been produced. */
static bool odometer_next(struct odometer *o)
{
	int i;

	for (i = o->n - 1; i >= 0; i--) {
		if (++o->digit[i] < o->key[i]->nvals)
			return true;
		o->digit[i] = 0;
	}
	return false;
}

static long section_points(const struct config *cfg, const struct config_section *sec)
{
	struct odometer o;
	long n = 1;
	int i;

	odometer_init(&o, cfg, sec);
	for (i = 0; i < o.n && n <= MATRIX_MAX_POINTS; i++)
		n *= o.key[i]->nvals;
	return n;
}

static void fill_point(struct matrix_point *pt, const struct odometer *o,
		       const struct config_section *sec)
{
	int i, np = (int)param_count(sec->params);

	pt->sec = sec;
	for (i = 0; i < np; i++)
		pt->vals[i] = o->key[i]->vals[o->digit[i]];
	for (i = 0; i < RP_COUNT; i++)
		pt->run[i] = o->key[np + i]->vals[o->digit[np + i]];
}

int matrix_expand(const struct config *cfg, struct matrix *m)
{
	struct odometer o;
	long total = 0;
	int s;

	memset(m, 0, sizeof(*m));
	for (s = 0; s < cfg->nsections; s++)
		total += section_points(cfg, &cfg->sections[s]);
	if (total > MATRIX_MAX_POINTS) {
		fprintf(stderr, "fabench: %s: matrix of more than %d points; expected fewer values per key\n",
			cfg->path, MATRIX_MAX_POINTS);
		return -1;
	}
	m->points = calloc((size_t)total, sizeof(*m->points));
	if (!m->points)
		return -1;
	for (s = 0; s < cfg->nsections; s++) {
		odometer_init(&o, cfg, &cfg->sections[s]);
		do {
			m->points[m->npoints].index = m->npoints;
			fill_point(&m->points[m->npoints++], &o, &cfg->sections[s]);
		} while (odometer_next(&o));
	}
	return 0;
}

void matrix_free(struct matrix *m)
{
	free(m->points);
	m->points = NULL;
	m->npoints = 0;
}

void matrix_point_label(const struct matrix_point *pt, char *buf, size_t len)
{
	const struct param_desc *pd = pt->sec->params;
	size_t off = (size_t)snprintf(buf, len, "%s", pt->sec->name);
	int i;

	for (i = 0; pd[i].name && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, " %s=%s", pd[i].name,
					pt->vals[i].text);
	for (i = 0; run_params[i].name && off < len; i++)
		if (!(run_params[i].flags & PF_SCALAR))
			off += (size_t)snprintf(buf + off, len - off, " %s=%s",
						run_params[i].name, pt->run[i].text);
}

void matrix_point_axes(const struct config *cfg, const struct matrix_point *pt,
		       char *buf, size_t len)
{
	const struct config_section *sec = pt->sec;
	size_t off = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; sec->params[i].name && off < len; i++)
		if (sec->keys[i].nvals > 1)
			off += (size_t)snprintf(buf + off, len - off, " %s=%s",
						sec->params[i].name, pt->vals[i].text);
	for (i = 0; run_params[i].name && off < len; i++)
		if (cfg->run.keys[i].nvals > 1)
			off += (size_t)snprintf(buf + off, len - off, " %s=%s",
						run_params[i].name, pt->run[i].text);
}
