// SPDX-License-Identifier: GPL-2.0-only
/*
 * Regressions between a baseline and a current run; see regress.h.
 * What is gated is what the runs' meta.json declares: headline metrics
 * with a direction by threshold; correctness counts (better=zero) fail when
 * non-zero; a headline exact count (better=none, pages_per_fault) that
 * changed is shown, not gated; everything else is information.
 */
#include <math.h>
#include <stdio.h>

#include "analysis/comparison.h"
#include "analysis/regress.h"

#define MIN_SAMPLES 3
#define NOISE_FACTOR 3

struct tally {
	int regressions, failures, changed, noisy, compared;
};

static int is_regression(const struct metric_cmp *c, double threshold)
{
	double worse = c->dir == DIR_LOWER ? c->change_pct : -c->change_pct;

	return worse > threshold && c->p < SIGNIFICANT_P;
}

/* A correctness count (declared better=zero): any non-zero value fails. */
static void check_zero(const struct rs_point *pb, const char *name,
		       const struct metric_cmp *c, struct tally *t)
{
	if (!c->other.n)
		return;
	t->compared++;
	if (c->other.mean == 0)
		return;
	printf("failure: %s %s %g, a correctness count (must be 0; baseline %g)\n",
	       pb->label, name, c->other.mean, c->base.n ? c->base.mean : NAN);
	t->failures++;
}

/* A headline exact count (better=none): a change is shown, never gated. */
static void check_change(const struct rs_point *pb, const char *name,
			 const struct metric_cmp *c, struct tally *t)
{
	t->compared++;
	if (!cmp_changed(c))
		return;
	printf("changed: %s %s %g -> %g, an exact count: behaviour changed (not gated)\n",
	       pb->label, name, c->base.mean, c->other.mean);
	t->changed++;
}

static void check_metric(const struct resultset *b, const struct rs_point *pb,
			 const struct resultset *cur, const struct rs_point *pc,
			 int m, const struct thresholds *th, struct tally *t)
{
	const char *name = b->metric[m];
	struct metric_cmp c;
	double limit;

	if (compare_metric(b, pb, cur, pc, m, &c) || cmp_gate(&c) == GATE_NONE)
		return;
	if (cmp_gate(&c) == GATE_ZERO) {
		check_zero(pb, name, &c, t);
		return;
	}
	if (c.base.n < MIN_SAMPLES || c.other.n < MIN_SAMPLES)
		return;
	if (cmp_gate(&c) == GATE_CHANGE) {
		check_change(pb, name, &c, t);
		return;
	}
	if (isnan(c.change_pct))
		return;
	t->compared++;
	limit = threshold_for(th, name);
	if (c.base.coeff_var > NOISE_FACTOR * limit || c.other.coeff_var > NOISE_FACTOR * limit) {
		printf("noisy: %s %s cv %.1f%%/%.1f%% over %gx the %g%% threshold, change %+.1f%%\n",
		       pb->label, name, c.base.coeff_var, c.other.coeff_var,
		       (double)NOISE_FACTOR, limit, c.change_pct);
		t->noisy++;
		return;
	}
	if (!is_regression(&c, limit))
		return;
	printf("regression: %s %s %+.1f%% p=%.3g n=%zu/%zu (threshold %g%%, %s)\n",
	       pb->label, name, c.change_pct, c.p, c.base.n, c.other.n, limit, c.test);
	t->regressions++;
}

static enum regress_status regress(const struct resultset *b, const struct resultset *cur,
		   const struct thresholds *th)
{
	const struct rs_point *pc;
	struct tally t = { 0 };
	int i, m;

	for (i = 0; i < b->npoints; i++) {
		pc = cmp_match(cur, &b->point[i]);
		if (!pc)
			continue;
		for (m = 0; m < b->nmetrics; m++)
			check_metric(b, &b->point[i], cur, pc, m, th, &t);
	}
	printf("regress: %d regression%s, %d correctness failure%s, %d changed, %d noisy, "
	       "%d metrics compared at %d points\n",
	       t.regressions, t.regressions == 1 ? "" : "s", t.failures,
	       t.failures == 1 ? "" : "s", t.changed, t.noisy, t.compared,
	       cmp_common_points(b, cur));
	return t.regressions || t.failures ? REGRESS_FOUND : REGRESS_NONE;
}

enum regress_status regress_runs(const char *base_dir, const char *cur_dir,
				 const struct thresholds *th)
{
	enum regress_status ret = REGRESS_BAD_INPUT;
	struct resultset b, cur;

	if (resultset_load(base_dir, &b))
		return REGRESS_BAD_INPUT;
	metric_decls_note(stderr, &b);
	if (!resultset_load(cur_dir, &cur)) {
		metric_decls_note(stderr, &cur);
		if (cmp_common_points(&b, &cur))
			ret = regress(&b, &cur, th);
		else
			fprintf(stderr, "fabench: %s/samples.csv: no point in common with %s: "
				"runs of different configs\n", cur_dir, base_dir);
		resultset_free(&cur);
	}
	resultset_free(&b);
	return ret;
}
