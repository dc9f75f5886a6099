// SPDX-License-Identifier: GPL-2.0-only
/*
 * fabench regress --baseline DIR --current DIR [--threshold metric=pct]...
 * Exit 0: no regression; 1: regressions, one line each; 2: bad input.
 * A change is a regression only with enough samples (3 a side), a
 * significant difference (p < 0.05) and a size over the metric's
 * threshold in the worse direction; a metric too noisy for its threshold
 * (CoeffVar over 3x it on either side) is reported as noisy instead.
 * What is gated is what the runs' meta.json declares: headline metrics
 * with a direction by threshold; correctness counts (better=zero) fail when
 * non-zero; a headline exact count (better=none, pages_per_fault) that
 * changed is shown, not gated; everything else is information.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bench/cli/commands.h"
#include "analysis/comparison.h"
#include "analysis/thresholds.h"

#define MIN_SAMPLES 3
#define NOISE_FACTOR 3
#define DEFAULT_THRESHOLDS "configs/thresholds.conf"

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

static int regress(const struct resultset *b, const struct resultset *cur,
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
	return t.regressions || t.failures ? 1 : 0;
}

static int regress_usage(void)
{
	fprintf(stderr, "usage: fabench regress --baseline DIR --current DIR "
		"[--thresholds FILE] [--threshold metric=pct]...\n");
	return EXIT_USAGE;
}

/*
 * configs/thresholds.conf of the working directory, else of the tree the
 * binary was built in (build/fabench), so regress agrees with itself
 * wherever it is run from.
 */
static int find_default(char *path, size_t len)
{
	char exe[4096], *slash;
	ssize_t n;

	snprintf(path, len, "%s", DEFAULT_THRESHOLDS);
	if (!access(path, R_OK))
		return 0;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	snprintf(path, len, "%s/../%s", exe, DEFAULT_THRESHOLDS);
	return access(path, R_OK);
}

/* The file given, else the shipped one, else the built-in default. */
static int load_thresholds(struct thresholds *th, const char *file)
{
	char path[8192];

	if (file)
		return thresholds_load(th, file);
	if (find_default(path, sizeof(path))) {
		fprintf(stderr, "fabench: note: no %s: every threshold is %g%%\n",
			DEFAULT_THRESHOLDS, th->fallback);
		return 0;
	}
	return thresholds_load(th, path);
}

static int run_regress(const char *base_dir, const char *cur_dir, struct thresholds *th)
{
	struct resultset b, cur;
	int ret = EXIT_USAGE;

	if (resultset_load(base_dir, &b))
		return EXIT_USAGE;
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

int cmd_regress(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "baseline", required_argument, NULL, 'b' },
		{ "current", required_argument, NULL, 'c' },
		{ "threshold", required_argument, NULL, 't' },
		{ "thresholds", required_argument, NULL, 'T' },
		{ 0 }
	};
	const char *base = NULL, *cur = NULL, *file = NULL;
	struct thresholds th;
	int c, ret;

	while ((c = getopt_long(argc, argv, "b:c:t:T:", opts, NULL)) != -1) {
		if (c == 'b')
			base = optarg;
		else if (c == 'c')
			cur = optarg;
		else if (c == 'T')
			file = optarg;
		else if (c != 't')
			return regress_usage();
	}
	if (!base || !cur || optind != argc)
		return regress_usage();
	thresholds_init(&th);
	ret = load_thresholds(&th, file) ? EXIT_USAGE : 0;
	/* a second pass: the command line wins whatever its order */
	optind = 1;
	while (!ret && (c = getopt_long(argc, argv, "b:c:t:T:", opts, NULL)) != -1)
		if (c == 't' && thresholds_override(&th, optarg))
			ret = EXIT_USAGE;
	if (!ret)
		ret = run_regress(base, cur, &th);
	thresholds_free(&th);
	if (ret != EXIT_USAGE && (ferror(stdout) || fflush(stdout)))
		ret = EXIT_USAGE;
	return ret;
}
