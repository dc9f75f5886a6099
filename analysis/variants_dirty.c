// SPDX-License-Identifier: GPL-2.0-only
/*
 * fabench variants: dirty tracking on each kernel, per method: tracked
 * pages/s against the baseline (a time: indicative under TCG), and the
 * missed and false-positive pages, which are counts and exact.
 */
#include <string.h>

#include "analysis/variants.h"

static const char *const lead[] = { "fault_around_bytes", NULL };

static bool rate_cell(const struct variants *v, int r, const struct rs_point *p,
		      void *arg, char *buf, size_t len)
{
	char n[32], ratio[32] = "";
	double rate;

	(void)arg;
	if (!variants_mean(v, r, p, "tracked_pages_per_sec", &rate))
		return false;
	if (r != v->base && variants_ratio(v, v->base, r, p, "tracked_pages_per_sec",
					   ratio + 1, sizeof(ratio) - 1))
		ratio[0] = ' ';
	snprintf(buf, len, "%s%s", variants_num(rate, n, sizeof(n)), ratio);
	return true;
}

/* Counts the missed pages it shows into *arg. */
static bool check_cell(const struct variants *v, int r, const struct rs_point *p,
		       void *arg, char *buf, size_t len)
{
	char m[32] = "-", f[32] = "-";
	double missed, fp;
	bool has_m = variants_sum(v, r, p, "missed", &missed);
	bool has_f = variants_sum(v, r, p, "false_positive", &fp);

	if (!has_m && !has_f)
		return false;
	if (has_m) {
		*(double *)arg += missed;
		snprintf(m, sizeof(m), "%.0f", missed);
	}
	if (has_f)
		snprintf(f, sizeof(f), "%.0f", fp);
	snprintf(buf, len, "%s/%s", m, f);
	return true;
}

void variants_dirty(FILE *out, const struct variants *v)
{
	struct var_grid g = { .prefix = "dirty_", .lead = lead, .show_section = true,
			      .section_name = "method", .cell = rate_cell };
	double missed = 0;
	variants_title(out, v, "Dirty tracking: pages/s (mean)", true);
	if (!variants_count(v, g.prefix)) {
		fprintf(out, "  no dirty-tracking points in these runs\n");
		return;
	}
	variants_line(out, "  xN: over %s, *: p < 0.05 (Welch)", v->run[v->base].name);
	variants_grid(out, v, &g);
	fputc('\n', out);
	variants_title(out, v, "Dirty tracking: missed / false_positive pages (sums)", false);
	g.cell = check_cell;
	g.arg = &missed;
	variants_grid(out, v, &g);
	fprintf(out, "%s\n", missed > 0 ? "missed > 0: CORRECTNESS FAILURE (writes not reported)"
					 : "missed: 0 in every run (ok)");
}
