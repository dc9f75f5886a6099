// SPDX-License-Identifier: GPL-2.0-only
/*
 * fabench variants: what fault-around did on each kernel, as pages per
 * fault and faults (counts: exact under TCG too), every fault_read point.
 */
#include "analysis/variants.h"

static bool ppf_cell(const struct variants *v, int r, const struct rs_point *p,
		     void *arg, char *buf, size_t len)
{
	double ppf, faults;

	(void)arg;
	if (!variants_mean(v, r, p, "pages_per_fault", &ppf))
		return false;
	if (variants_mean(v, r, p, "faults", &faults))
		snprintf(buf, len, "%.2f/%.0f", ppf, faults);
	else
		snprintf(buf, len, "%.2f/-", ppf);
	return true;
}

void variants_fault_around(FILE *out, const struct variants *v)
{
	static const char *const lead[] = { "uffd", "wp_range", "fault_around_bytes", NULL };
	const struct var_grid g = { .prefix = "fault_read", .lead = lead, .cell = ppf_cell };

	variants_title(out, v, "Fault-around: pages per fault / faults (means per repetition)",
		       false);
	if (!variants_grid(out, v, &g))
		fprintf(out, "  no fault_read points in these runs\n");
	fputc('\n', out);
}
