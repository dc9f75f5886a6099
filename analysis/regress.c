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
#include <string.h>

#include "analysis/comparison.h"
#include "analysis/noise.h"
#include "analysis/regress.h"
#include "analysis/significance.h"
#include "bench/lib/timeunit.h"

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
	int per_run;		/* c compares run medians, one per run, not samples */
};

/* Runs of one config, loaded: the baselines, the currents, the --noise runs. */
struct runs {
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

/* Metric name at the point of pb in run rs, summarized; -1 if it has none. */
static int run_stats(const struct resultset *rs, const struct rs_point *pb, const char *name,
		     struct summary_stats *out)
{
	const struct rs_point *p = cmp_match(rs, pb);
	double *v;
	size_t n;

	if (!p || !p->nreps)
		return -1;
	v = malloc(p->nreps * sizeof(*v));
	if (!v)
		abort();
	n = resultset_samples(rs, p, resultset_metric(rs, name), v);
	stats_summarize(v, n, out);
	free(v);
	return n ? 0 : -1;
}

static double run_mean(const struct resultset *rs, const struct rs_point *pb, const char *name)
{
	struct summary_stats st;

	return run_stats(rs, pb, name, &st) ? NAN : st.mean;
}

/* The median: one repetition that stalled does not move a run's value. */
static double run_median(const struct resultset *rs, const struct rs_point *pb, const char *name)
{
	struct summary_stats st;

	return run_stats(rs, pb, name, &st) ? NAN : st.median;
}

/* The noise floor of name at pb from the noise runs: NAN from fewer than 2. */
static void learn_floor(const struct rs_point *pb, const char *name,
			const struct runs *nz, struct gated *g)
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

/* The run medians of name at pb into v, one per run that has it; how many. */
static size_t run_medians(const struct runs *r, const struct rs_point *pb, const char *name,
			  double *v)
{
	size_t n = 0;
	int i;

	for (i = 0; i < r->n; i++) {
		v[n] = run_median(&r->rs[i], pb, name);
		n += !isnan(v[n]);
	}
	return n;
}

/*
 * Several runs a side: c compares the run medians of name at pb, one value
 * per run, so that what varies from run to run is in the test.
 */
static void compare_run_medians(const struct runs *base, const struct runs *cur,
			      const struct rs_point *pb, const char *name,
			      struct metric_cmp *c)
{
	double *vb = malloc(((size_t)base->n + 1) * sizeof(*vb));
	double *vc = malloc(((size_t)cur->n + 1) * sizeof(*vc));
	enum direction dir = c->dir;
	int headline = c->headline;

	if (!vb || !vc)
		abort();
	compare_values_ranks(vb, run_medians(base, pb, name, vb),
			     vc, run_medians(cur, pb, name, vc), NULL, c);
	c->dir = dir;
	c->headline = headline;
	free(vb);
	free(vc);
}

/* Every run of r under QEMU icount. */
static int all_icount(const struct runs *r)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (!r->rs[i].icount)
			return 0;
	return 1;
}

/* Both sides under QEMU icount, and name counts instructions there. */
static int counts_instructions(const struct runs *base, const struct rs_point *pb,
			       const struct runs *cur, const struct rs_point *pc,
			       const char *name)
{
	const struct rs_metric_decl *db = metric_decl(&base->rs[0], pb, name);
	const struct rs_metric_decl *dc = metric_decl(&cur->rs[0], pc, name);

	return all_icount(base) && all_icount(cur) && db && dc &&
	       timeunit_is_instructions(db->unit) && timeunit_is_instructions(dc->unit);
}

static void add_gated(const struct rs_point *pb, const char *name,
		      const struct metric_cmp *c, const struct thresholds *th,
		      const struct runs *nz, int per_run, int instructions,
		      struct tally *t)
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
			     .limit = threshold_for(th, name), .per_run = per_run };
	if (instructions)
		g->limit = fmin(g->limit, ICOUNT_FLOOR_PCT);
	g->testable = c->base.n >= MIN_SAMPLES && c->other.n >= MIN_SAMPLES &&
		      !isnan(c->change_pct) && !isnan(c->p) && c->p_min < SIGNIFICANT_P;
	/* the robust spread: one outlying repetition does not hide a shift */
	g->noisy = c->base.robust_cv > NOISE_FACTOR * g->limit ||
		   c->other.robust_cv > NOISE_FACTOR * g->limit;
	learn_floor(pb, name, nz, g);
	t->learned += !isnan(g->floor);
	t->compared++;
}

static void check_metric(const struct runs *base, const struct rs_point *pb,
			 const struct runs *cur, const struct rs_point *pc,
			 int m, const struct thresholds *th, const struct runs *nz,
			 struct tally *t)
{
	const struct resultset *b = &base->rs[0];
	const char *name = b->metric[m];
	const struct rs_point *pj;
	struct metric_cmp c;
	int j;

	if (compare_metric_ranks(b, pb, &cur->rs[0], pc, m, &c) || cmp_gate(&c) == GATE_NONE)
		return;
	if (cmp_gate(&c) == GATE_ZERO) {
		/* every current run's count */
		for (j = 0; j < cur->n; j++) {
			pj = j ? cmp_match(&cur->rs[j], pb) : pc;
			if (pj && (!j || !compare_metric_ranks(b, pb, &cur->rs[j], pj, m, &c)))
				check_zero(pb, name, &c, t);
		}
		return;
	}
	if (cmp_gate(&c) == GATE_CHANGE) {
		if (c.base.n >= MIN_SAMPLES && c.other.n >= MIN_SAMPLES)
			check_change(pb, name, &c, t);
		return;
	}
	if (base->n > 1 || cur->n > 1)
		compare_run_medians(base, cur, pb, name, &c);
	if (c.base.n && c.other.n)
		add_gated(pb, name, &c, th, nz, base->n > 1 || cur->n > 1,
			  counts_instructions(base, pb, cur, pc, name), t);
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

/* What n counts: samples (nothing said), or runs. */
static const char *units(const struct gated *g)
{
	return g->per_run ? " runs" : "";
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
	printf("untestable: %s %s %+.1f%% n=%zu/%zu%s: ", g->label, g->name, c->change_pct,
	       c->base.n, c->other.n, units(g));
	if (small)
		printf("n too small for significance (smallest p = %.2g)\n", c->p_min);
	else
		printf("fewer than %d %s a side\n", MIN_SAMPLES, g->per_run ? "runs" : "samples");
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
			printf("unchanged: %s %s %+.1f%% p=%.3g n=%zu/%zu%s (threshold %g%%%s)\n",
			       g->label, g->name, c->change_pct, c->p, c->base.n, c->other.n,
			       units(g), g->limit, g->significant ? ", significant but within it" : "");
		return;
	}
	if (!isnan(g->floor) && fabs(c->change_pct) <= g->floor) {
		t->within_noise++;
		if (o->verbose)
			printf("within the noise: %s %s %+.1f%% p=%.3g n=%zu/%zu%s (noise floor "
			       "%.1f%% learned from %d runs, threshold %g%%)\n", g->label,
			       g->name, c->change_pct, c->p, c->base.n, c->other.n, units(g), g->floor,
			       g->floor_runs, g->limit);
		return;
	}
	if (worse > 0) {
		t->regressions++;
	} else {
		t->improvements++;
		what = "improvement";
	}
	printf("%s: %s %s %+.1f%% p=%.3g n=%zu/%zu%s (threshold %g%%, ", what,
	       g->label, g->name, c->change_pct, c->p, c->base.n, c->other.n, units(g),
	       g->limit);
	if (!isnan(g->floor))
		printf("noise floor %.1f%% learned from %d runs, ", g->floor, g->floor_runs);
	printf("%s%s)\n", c->test, c->exact ? " exact" : "");
}

/* The method, then one line for everything not shown one by one. */
static void summary(const struct tally *t, int nbase, int ncur, const struct regress_opts *o)
{
	int gated = (int)t->ng;

	if (o->no_correction)
		printf("significance: uncorrected (--no-correction), p < %.2g each, "
		       "over %d gated comparisons; Mann-Whitney U, exact to n=%d, ",
		       SIGNIFICANT_P, t->family, MW_EXACT_MAX_N);
	else
		printf("significance: Benjamini-Hochberg FDR %g %% over %d gated comparisons; "
		       "Mann-Whitney U, exact to n=%d, ", SIGNIFICANT_P * 100, t->family,
		       MW_EXACT_MAX_N);
	/* what the samples are: only several runs put the run-to-run drift in the test */
	if (nbase > 1 || ncur > 1)
		printf("on the medians of %d baseline and %d current runs\n", nbase, ncur);
	else
		printf("on the repetitions of one run a side (blind to drift between runs)\n");
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

static enum regress_status regress(const struct runs *base, const struct runs *cur,
				   const struct thresholds *th, const struct runs *nz,
				   const struct regress_opts *o)
{
	const struct resultset *b = &base->rs[0];
	const struct rs_point *pc;
	struct tally t = { 0 };
	size_t k;
	int i, m;

	for (i = 0; i < b->npoints; i++) {
		pc = cmp_match(&cur->rs[0], &b->point[i]);
		if (!pc)
			continue;
		for (m = 0; m < b->nmetrics; m++)
			check_metric(base, &b->point[i], cur, pc, m, th, nz, &t);
	}
	decide(&t, o);
	for (k = 0; k < t.ng; k++)
		report(&t.g[k], o, &t);
	free(t.g);
	summary(&t, base->n, cur->n, o);
	printf("regress: %d regression%s, %d correctness failure%s, %d improvement%s, "
	       "%d changed, %d metrics compared at %d points\n",
	       t.regressions, t.regressions == 1 ? "" : "s", t.failures,
	       t.failures == 1 ? "" : "s", t.improvements, t.improvements == 1 ? "" : "s",
	       t.changed, t.compared, cmp_common_points(b, &cur->rs[0]));
	return t.regressions || t.failures ? REGRESS_FOUND : REGRESS_NONE;
}

/*
 * The n runs of option what in dirs, each loaded and of ref's config (the
 * first baseline, ref_dir; NULL: the first of dirs); -1 after one line on
 * stderr.
 */
static int load_runs(const char *what, const char *const *dirs, int n,
		     const struct resultset *ref, const char *ref_dir, struct runs *out)
{
	out->n = 0;
	out->rs = calloc((size_t)n + 1, sizeof(*out->rs));
	if (!out->rs)
		abort();
	for (; out->n < n; out->n++) {
		if (resultset_load(dirs[out->n], &out->rs[out->n]))
			return -1;
		if (strcmp(what, "--noise"))
			metric_decls_note(stderr, &out->rs[out->n]);
		if (!ref) {
			ref = &out->rs[0];
			ref_dir = dirs[0];
		} else if (!cmp_common_points(ref, &out->rs[out->n])) {
			fprintf(stderr, "fabench: %s %s/samples.csv: no point in common with %s: "
				"runs of different configs\n", what, dirs[out->n], ref_dir);
			out->n++;
			return -1;
		}
	}
	return 0;
}

static void free_runs(struct runs *r)
{
	while (r->n)
		resultset_free(&r->rs[--r->n]);
	free(r->rs);
}

enum regress_status regress_runs(const struct regress_opts *o, const struct thresholds *th)
{
	enum regress_status ret = REGRESS_BAD_INPUT;
	struct runs base = { 0 }, cur = { 0 }, nz = { 0 };

	if (o->nnoise == 1) {
		fprintf(stderr, "fabench: --noise %s: a noise floor needs 2 or more runs "
			"(--noise DIR --noise DIR...)\n", o->noise[0]);
		return REGRESS_BAD_INPUT;
	}
	if (!load_runs("--baseline", o->baseline, o->nbaseline, NULL, NULL, &base) &&
	    !load_runs("--noise", o->noise, o->nnoise, &base.rs[0], o->baseline[0], &nz) &&
	    !load_runs("--current", o->current, o->ncurrent, &base.rs[0], o->baseline[0], &cur))
		ret = regress(&base, &cur, th, &nz, o);
	free_runs(&cur);
	free_runs(&nz);
	free_runs(&base);
	return ret;
}
