// SPDX-License-Identifier: GPL-2.0-only
/* Series colours; see palette.h. */
#include <string.h>

#include "analysis/palette.h"

/* Okabe, Ito: Color Universal Design (2008), black moved last */
static const char *const colours[PALETTE_SIZE] = {
	"#0072B2",	/* blue */
	"#E69F00",	/* orange */
	"#009E73",	/* bluish green */
	"#CC79A7",	/* reddish purple */
	"#56B4E9",	/* sky blue */
	"#D55E00",	/* vermillion */
	"#F0E442",	/* yellow */
	"#000000",	/* black */
};

const char *palette_colour(int i)
{
	if (i < 0)
		i = 0;
	return colours[i % PALETTE_SIZE];
}

int palette_index(const struct resultset *rs, const char *axis, const char *value)
{
	const char *v, *seen;
	int i, j, rank = 0, t;

	/* the harness's list: the same colour in every run and figure */
	for (t = 0; t < rs->ntables; t++)
		for (i = 0; i < rs->table[t].n; i++) {
			const struct rs_metric_decl *d = &rs->table[t].decl[i];

			if (!strcmp(d->series, axis))
				for (j = 0; j < d->nseries_values; j++)
					if (!strcmp(d->series_values[j], value))
						return j;
		}
	/* older results: the rank of its first appearance */
	for (i = 0; i < rs->npoints; i++) {
		v = resultset_point_value(rs, &rs->point[i], axis);
		if (!v[0])
			continue;
		if (!strcmp(v, value))
			return rank;
		/* count each distinct value once: is it new at point i? */
		for (j = 0; j < i; j++) {
			seen = resultset_point_value(rs, &rs->point[j], axis);
			if (!strcmp(seen, v))
				break;
		}
		if (j == i)
			rank++;
	}
	return rank;
}
