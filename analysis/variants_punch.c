// SPDX-License-Identifier: GPL-2.0-only
/*
 * fabench variants: the cost of a hole punch on each kernel, against the
 * baseline, and what removing shmem_fallocate's pre-unmap does: the
 * preunmap-removal kernel against fa-wp (the same fault-around policy with
 * the pre-unmap kept), or stock when fa-wp was not run.
 */
#include <string.h>

#include "analysis/variants.h"

static const char *const lead[] = { "mapped", "uffd", "fault_around_bytes", NULL };

static bool punch_cell(const struct variants *v, int r, const struct rs_point *p,
		       void *arg, char *buf, size_t len)
{
	char num[32], ratio[32] = "";
	double us;

	(void)arg;
	if (!variants_mean(v, r, p, "punch_us", &us))
		return false;
	if (r != v->base && variants_ratio(v, v->base, r, p, "punch_us", ratio + 1,
					   sizeof(ratio) - 1))
		ratio[0] = ' ';
	snprintf(buf, len, "%s%s", variants_num(us, num, sizeof(num)), ratio);
	return true;
}

/* Correctness: nothing of the hole left mapped, nothing outside it changed. */
static void punch_checks(FILE *out, const struct variants *v, const struct var_grid *g)
{
	const struct resultset *b = &v->run[v->base].rs;
	const char *const checks[] = { "mapped_pages_after", "punch_data_errors" };
	char name[256];
	double sum;
	int bad = 0, r, i, c;

	for (r = 0; r < v->n; r++)
		for (i = 0; i < b->npoints; i++)
			for (c = 0; c < 2; c++) {
				const struct rs_point *p = &b->point[i];

				if (strncmp(p->axis_val[b->naxes], "punch_hole", 10) ||
				    !variants_sum(v, r, p, checks[c], &sum) || sum == 0)
					continue;
				variants_point_name(v, g, p, true, name, sizeof(name));
				variants_line(out, "%s: NOT 0 (%.0f) in %s at %s", checks[c], sum,
					      v->run[r].name, name);
				bad++;
			}
	if (!bad)
		fprintf(out, "mapped_pages_after: 0 in every run at every point (ok)\n");
}

/* "pre-unmap removed vs kept (A / B):" and the ratio at each point. */
static void preunmap_lines(FILE *out, const struct variants *v, const struct var_grid *g)
{
	const struct resultset *b = &v->run[v->base].rs;
	int removed = variants_find(v, "preunmap-removal");
	int kept = variants_find(v, "fa-wp");
	char name[256], ratio[32];
	int i, n = 0;

	if (kept < 0)
		kept = variants_find(v, "stock");
	if (removed < 0 || kept < 0)
		return;
	variants_line(out, "pre-unmap removed vs kept (%s / %s), punch_us:",
		      v->run[removed].name, v->run[kept].name);
	for (i = 0; i < b->npoints; i++) {
		const struct rs_point *p = &b->point[i];

		if (strncmp(p->axis_val[b->naxes], "punch_hole", 10))
			continue;
		/* a point either run could not measure is in the table's notes */
		if (!variants_ratio(v, kept, removed, p, "punch_us", ratio, sizeof(ratio)))
			continue;
		variants_point_name(v, g, p, true, name, sizeof(name));
		variants_line(out, "  %s at %s", ratio, name);
		n++;
	}
	if (!n)
		fprintf(out, "  no point measured in both runs\n");
}

void variants_punch(FILE *out, const struct variants *v)
{
	const struct var_grid g = { .prefix = "punch_hole", .lead = lead, .cell = punch_cell };
	variants_title(out, v, "Punch hole: punch_us (mean)", true);
	if (!variants_count(v, g.prefix)) {
		fprintf(out, "  no punch_hole points in these runs\n\n");
		return;
	}
	variants_line(out, "  xN: over %s, *: p < 0.05 (Welch)", v->run[v->base].name);
	variants_grid(out, v, &g);
	punch_checks(out, v, &g);
	preunmap_lines(out, v, &g);
	fputc('\n', out);
}
