// SPDX-License-Identifier: GPL-2.0-only
/*
 * Regressions between a baseline and a current run; see regress.h.
 * What is gated is what the runs' meta.json declares: headline metrics
 * with a direction by threshold, after the tests of all of them are
 * corrected together; correctness counts (better=zero) fail when non-zero;
 * a headline exact count (better=none, pages_per_fault) that changed is
 * shown, not gated; everything else (latency percentiles of the same
 * samples, counters, ratios) is information and never an alarm.  With
 * --noise runs, a gated change no larger than the largest change of the
 * mean between any two of them (their A/A noise) is within the noise.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "analysis/comparison.h"
#include "analysis/noise.h"
#include "analysis/regress.h"
#include "analysis/significance.h"

#define MIN_SAMPLES 3
#define NOISE_FACTOR 3

/* One headline metric with a direction at one point. */
struct gated {
	const char *label, *name;
	struct metric_cmp c;
	double limit;
	double floor;		/* learned from the noise runs; NAN: none (the threshold) */
	int floor_runs;		/* how many noise runs it was learned from */
	int testable;		/* enough samples for the test to reach SIGNIFICANT_P */
	int noisy;
	int significant;	/* rejected by the (corrected) test */
};

/* The --noise runs, loaded. */
struct regress_noise {
	struct resultset *rs;
	int n;
};

struct tally {
	int regressions, improvements, failures, changed, noisy, untestable, unchanged;
	int within_noise, learned;	/* within the learned floor; gated with one */
	int compared, family;
	double small_lo, small_hi;	/* smallest p of the untestable ones, range */
	int few;			/* untestable with fewer than MIN_SAMPLES only */
	struct gated *g;
	size_t ng, cap;
};

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

/* The mean of metric name at the point of pb in run rs; NAN if it has none. */
static double run_mean(const struct resultset *rs, const struct rs_point *pb, const char *name)
{
	const struct rs_point *p = cmp_match(rs, pb);
	double *v, sum = 0;
	size_t i, n;

	if (!p || !p->nreps)
		return NAN;
	v = malloc(p->nreps * sizeof(*v));
	if (!v)
		abort();
	n = resultset_samples(rs, p, resultset_metric(rs, name), v);
	for (i = 0; i < n; i++)
		sum += v[i];
	free(v);
	return n ? sum / (double)n : NAN;
}

/* The noise floor of name at pb from the noise runs: NAN from fewer than 2. */
static void learn_floor(const struct rs_point *pb, const char *name,
			const struct regress_noise *nz, struct gated *g)
{
	double *mean;
	int i;

	g->floor = NAN;
	if (!nz->n)
		return;
	mean = malloc((size_t)nz->n * sizeof(*mean));
	if (!mean)
		abort();
	for (i = 0; i < nz->n; i++) {
		mean[i] = run_mean(&nz->rs[i], pb, name);
		g->floor_runs += !isnan(mean[i]);
	}
	g->floor = noise_floor_pct(mean, (size_t)nz->n);
	free(mean);
}

static void add_gated(const struct rs_point *pb, const char *name,
		      const struct metric_cmp *c, const struct thresholds *th,
		      const struct regress_noise *nz, struct tally *t)
{
	struct gated *g;

	if (t->ng == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->g = realloc(t->g, t->cap * sizeof(*t->g));
		if (!t->g)
			abort();
	}
	g = &t->g[t->ng++];
	*g = (struct gated){ .label = pb->label, .name = name, .c = *c,
			     .limit = threshold_for(th, name) };
	g->testable = c->base.n >= MIN_SAMPLES && c->other.n >= MIN_SAMPLES &&
		      !isnan(c->change_pct) && !isnan(c->p) && c->p_min < SIGNIFICANT_P;
	/* the robust spread: one outlying repetition does not hide a shift */
	g->noisy = c->base.robust_cv > NOISE_FACTOR * g->limit ||
		   c->other.robust_cv > NOISE_FACTOR * g->limit;
	learn_floor(pb, name, nz, g);
	t->learned += !isnan(g->floor);
	t->compared++;
}

static void check_metric(const struct resultset *b, const struct rs_point *pb,
			 const struct resultset *cur, const struct rs_point *pc,
			 int m, const struct thresholds *th, const struct regress_noise *nz,
			 struct tally *t)
{
	const char *name = b->metric[m];
	struct metric_cmp c;

	if (compare_metric_ranks(b, pb, cur, pc, m, &c) || cmp_gate(&c) == GATE_NONE)
		return;
	if (cmp_gate(&c) == GATE_ZERO) {
		check_zero(pb, name, &c, t);
		return;
	}
	if (cmp_gate(&c) == GATE_CHANGE) {
		if (c.base.n >= MIN_SAMPLES && c.other.n >= MIN_SAMPLES)
			check_change(pb, name, &c, t);
		return;
	}
	if (c.base.n && c.other.n)
		add_gated(pb, name, &c, th, nz, t);
}

/* The family: every testable comparison, corrected together (or not). */
static void decide(struct tally *t, const struct regress_opts *o)
{
	double *p = malloc((t->ng + 1) * sizeof(*p));
	int *rej = malloc((t->ng + 1) * sizeof(*rej));
	size_t i, n = 0;

	if (!p || !rej)
		abort();
	for (i = 0; i < t->ng; i++)
		if (t->g[i].testable)
			p[n++] = t->g[i].c.p;
	if (o->no_correction)
		for (i = 0; i < n; i++)
			rej[i] = p[i] < SIGNIFICANT_P;
	else
		benjamini_hochberg(p, n, SIGNIFICANT_P, rej);
	for (i = 0, n = 0; i < t->ng; i++)
		if (t->g[i].testable)
			t->g[i].significant = rej[n++];
	t->family = (int)n;
	free(p);
	free(rej);
}

static void untestable(const struct gated *g, const struct regress_opts *o, struct tally *t)
{
	const struct metric_cmp *c = &g->c;
	int small = !(c->p_min < SIGNIFICANT_P);

	t->untestable++;
	if (small) {
		if (!t->small_hi || c->p_min < t->small_lo)
			t->small_lo = c->p_min;
		if (c->p_min > t->small_hi)
			t->small_hi = c->p_min;
	} else {
		t->few++;
	}
	if (!o->verbose)
		return;
	printf("untestable: %s %s %+.1f%% n=%zu/%zu: ", g->label, g->name, c->change_pct,
	       c->base.n, c->other.n);
	if (small)
		printf("n too small for significance (smallest p = %.2g)\n", c->p_min);
	else
		printf("fewer than %d samples a side\n", MIN_SAMPLES);
}

static void report(const struct gated *g, const struct regress_opts *o, struct tally *t)
{
	const struct metric_cmp *c = &g->c;
	double worse = c->dir == DIR_LOWER ? c->change_pct : -c->change_pct;
	const char *what = "regression";

	if (!g->testable) {
		untestable(g, o, t);
		return;
	}
	if (g->noisy) {
		t->noisy++;
		if (o->verbose)
			printf("noisy: %s %s robust cv %.1f%%/%.1f%% over %gx the %g%% threshold, "
			       "change %+.1f%%\n", g->label, g->name, c->base.robust_cv,
			       c->other.robust_cv, (double)NOISE_FACTOR, g->limit, c->change_pct);
		return;
	}
	if (!g->significant || fabs(worse) <= g->limit) {
		t->unchanged++;
		if (o->verbose)
			printf("unchanged: %s %s %+.1f%% p=%.3g n=%zu/%zu (threshold %g%%%s)\n",
			       g->label, g->name, c->change_pct, c->p, c->base.n, c->other.n,
			       g->limit, g->significant ? ", significant but within it" : "");
		return;
	}
	if (!isnan(g->floor) && fabs(c->change_pct) <= g->floor) {
		t->within_noise++;
		if (o->verbose)
			printf("within the noise: %s %s %+.1f%% p=%.3g n=%zu/%zu (noise floor "
			       "%.1f%% learned from %d runs, threshold %g%%)\n", g->label,
			       g->name, c->change_pct, c->p, c->base.n, c->other.n, g->floor,
			       g->floor_runs, g->limit);
		return;
	}
	if (worse > 0) {
		t->regressions++;
	} else {
		t->improvements++;
		what = "improvement";
	}
	printf("%s: %s %s %+.1f%% p=%.3g n=%zu/%zu (threshold %g%%, ", what,
	       g->label, g->name, c->change_pct, c->p, c->base.n, c->other.n, g->limit);
	if (!isnan(g->floor))
		printf("noise floor %.1f%% learned from %d runs, ", g->floor, g->floor_runs);
	printf("%s%s)\n", c->test, c->exact ? " exact" : "");
}

/* The method, then one line for everything not shown one by one. */
static void summary(const struct tally *t, const struct regress_opts *o)
{
	int gated = (int)t->ng;

	if (o->no_correction)
		printf("significance: uncorrected (--no-correction), p < %.2g each, "
		       "over %d gated comparisons; Mann-Whitney U, exact to n=%d\n",
		       SIGNIFICANT_P, t->family, MW_EXACT_MAX_N);
	else
		printf("significance: Benjamini-Hochberg FDR %g %% over %d gated comparisons; "
		       "Mann-Whitney U, exact to n=%d\n", SIGNIFICANT_P * 100, t->family,
		       MW_EXACT_MAX_N);
	if (o->nnoise)
		printf("noise floor: learned from %d runs (%d of %d gated comparisons; "
		       "thresholds.conf where larger or not learned)\n", o->nnoise,
		       t->learned, gated);
	else
		printf("noise floor: thresholds.conf (no --noise runs)\n");
	printf("information: %d noisy, ", t->noisy);
	if (o->nnoise)
		printf("%d within the noise, ", t->within_noise);
	printf("%d unchanged, %d untestable", t->unchanged, t->untestable);
	if (t->untestable > t->few && t->small_lo == t->small_hi)
		printf(": n too small for significance (smallest p = %.2g)", t->small_lo);
	else if (t->untestable > t->few)
		printf(": n too small for significance (smallest p = %.2g to %.2g)",
		       t->small_lo, t->small_hi);
	else if (t->untestable)
		printf(": fewer than %d samples a side", MIN_SAMPLES);
	if (!o->verbose && (t->noisy || t->within_noise || t->unchanged || t->untestable))
		printf("; --verbose lists them");
	putchar('\n');
}

static enum regress_status regress(const struct resultset *b, const struct resultset *cur,
				   const struct thresholds *th, const struct regress_noise *nz,
				   const struct regress_opts *o)
{
	const struct rs_point *pc;
	struct tally t = { 0 };
	size_t k;
	int i, m;

	for (i = 0; i < b->npoints; i++) {
		pc = cmp_match(cur, &b->point[i]);
		if (!pc)
			continue;
		for (m = 0; m < b->nmetrics; m++)
			check_metric(b, &b->point[i], cur, pc, m, th, nz, &t);
	}
	decide(&t, o);
	for (k = 0; k < t.ng; k++)
		report(&t.g[k], o, &t);
	free(t.g);
	summary(&t, o);
	printf("regress: %d regression%s, %d correctness failure%s, %d improvement%s, "
	       "%d changed, %d metrics compared at %d points\n",
	       t.regressions, t.regressions == 1 ? "" : "s", t.failures,
	       t.failures == 1 ? "" : "s", t.improvements, t.improvements == 1 ? "" : "s",
	       t.changed, t.compared, cmp_common_points(b, cur));
	return t.regressions || t.failures ? REGRESS_FOUND : REGRESS_NONE;
}

/* The --noise runs: each loaded and of the baseline's config; -1 after one line. */
static int load_noise(const char *base_dir, const struct resultset *b,
		      const struct regress_opts *o, struct regress_noise *nz)
{
	nz->n = 0;
	nz->rs = calloc((size_t)o->nnoise + 1, sizeof(*nz->rs));
	if (!nz->rs)
		abort();
	for (; nz->n < o->nnoise; nz->n++) {
		if (resultset_load(o->noise[nz->n], &nz->rs[nz->n]))
			return -1;
		if (!cmp_common_points(b, &nz->rs[nz->n])) {
			fprintf(stderr, "fabench: --noise %s: no point in common with %s: "
				"runs of different configs\n", o->noise[nz->n], base_dir);
			nz->n++;
			return -1;
		}
	}
	return 0;
}

static void free_noise(struct regress_noise *nz)
{
	while (nz->n)
		resultset_free(&nz->rs[--nz->n]);
	free(nz->rs);
}

enum regress_status regress_runs(const char *base_dir, const char *cur_dir,
				 const struct thresholds *th, const struct regress_opts *o)
{
	enum regress_status ret = REGRESS_BAD_INPUT;
	struct regress_noise nz = { 0 };
	struct resultset b, cur;

	if (o->nnoise == 1) {
		fprintf(stderr, "fabench: --noise %s: a noise floor needs 2 or more runs "
			"(--noise DIR --noise DIR...)\n", o->noise[0]);
		return REGRESS_BAD_INPUT;
	}
	if (resultset_load(base_dir, &b))
		return REGRESS_BAD_INPUT;
	metric_decls_note(stderr, &b);
	if (load_noise(base_dir, &b, o, &nz)) {
		free_noise(&nz);
		resultset_free(&b);
		return REGRESS_BAD_INPUT;
	}
	if (!resultset_load(cur_dir, &cur)) {
		metric_decls_note(stderr, &cur);
		if (cmp_common_points(&b, &cur))
			ret = regress(&b, &cur, th, &nz, o);
		else
			fprintf(stderr, "fabench: %s/samples.csv: no point in common with %s: "
				"runs of different configs\n", cur_dir, base_dir);
		resultset_free(&cur);
	}
	free_noise(&nz);
	resultset_free(&b);
	return ret;
}
