// SPDX-License-Identifier: GPL-2.0-only
/* fabench variants: one figure of one run at one point; see variants.h. */
#include <math.h>
#include <stdlib.h>

#include "analysis/comparison.h"
#include "analysis/variants.h"
#include "bench/lib/timeunit.h"

const struct rs_point *variants_point(const struct variants *v, int r,
				      const struct rs_point *p)
{
	return resultset_find(&v->run[r].rs, p->key);
}

/* The samples of name at run r's point of p; n = 0 when none. */
static double *samples(const struct variants *v, int r, const struct rs_point *p,
		       const char *name, size_t *n)
{
	const struct resultset *rs = &v->run[r].rs;
	const struct rs_point *q = variants_point(v, r, p);
	double *val;

	*n = 0;
	if (!q || !q->ok)
		return NULL;
	val = malloc((q->nreps + 1) * sizeof(*val));
	if (!val)
		abort();
	*n = resultset_samples(rs, q, resultset_metric(rs, name), val);
	return val;
}

/* Sum and count of the numeric samples. */
static size_t sum_of(const struct variants *v, int r, const struct rs_point *p,
		     const char *name, double *sum)
{
	size_t i, n;
	double *val = samples(v, r, p, name, &n);

	*sum = 0;
	for (i = 0; i < n; i++)
		*sum += val[i];
	free(val);
	return n;
}

bool variants_sum(const struct variants *v, int r, const struct rs_point *p,
		  const char *name, double *sum)
{
	return sum_of(v, r, p, name, sum) > 0;
}

bool variants_same(const struct variants *v, int r, const struct rs_point *p,
		   const char *name, double *value)
{
	size_t i, n;
	double *val = samples(v, r, p, name, &n);
	bool same = n > 0;

	for (i = 1; i < n && same; i++)
		same = val[i] == val[0];
	if (same)
		*value = val[0];
	free(val);
	return same;
}

bool variants_mean(const struct variants *v, int r, const struct rs_point *p,
		   const char *name, double *mean)
{
	size_t n = sum_of(v, r, p, name, mean);

	if (!n)
		return false;
	*mean /= (double)n;
	return true;
}

const char *variants_num(double x, char *buf, size_t len)
{
	double a = fabs(x);

	if (a >= 100 || x == 0)
		snprintf(buf, len, "%.0f", x);
	else if (a >= 10)
		snprintf(buf, len, "%.1f", x);
	else
		snprintf(buf, len, "%.2f", x);
	return buf;
}

bool variants_ratio(const struct variants *v, int ref, int r, const struct rs_point *p,
		    const char *name, double *ratio, double *pval)
{
	const struct resultset *b = &v->run[ref].rs;
	const struct rs_point *pb = variants_point(v, ref, p);
	const struct rs_point *pr = variants_point(v, r, p);
	int m = resultset_metric(b, name);
	struct metric_cmp c;

	if (m < 0 || !pb || !pr || !pb->ok || !pr->ok ||
	    compare_metric(b, pb, &v->run[r].rs, pr, m, &c) ||
	    !c.base.n || !c.other.n || c.base.mean == 0)
		return false;
	*ratio = c.other.mean / c.base.mean;
	*pval = c.p;
	return true;
}

bool variants_differs(const struct variants *v, int ref, int r, const struct rs_point *p,
		      const char *name, double *ratio)
{
	const struct resultset *b = &v->run[ref].rs;
	const struct rs_metric_decl *d = resultset_decl(b, p, name);
	double pval;

	if (!variants_ratio(v, ref, r, p, name, ratio, &pval) || !(pval < SIGNIFICANT_P))
		return false;
	if (b->icount && v->run[r].rs.icount && d && timeunit_is_instructions(d->unit))
		return fabs(*ratio - 1) * 100 >= ICOUNT_FLOOR_PCT;
	return true;
}
