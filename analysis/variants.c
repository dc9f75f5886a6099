// SPDX-License-Identifier: GPL-2.0-only
/*
 * The runs of fabench variants, loaded and checked, and the report: the
 * runs, then one table per workload in the order the base run measured
 * them; see variants.h.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/comparison.h"
#include "analysis/variants.h"

static char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		abort();
	return d;
}

static const char *jstr(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(o, a);

	if (b)
		v = json_object_get(v, b);
	return json_string_value(v);
}

/*
 * What resultset does not keep: the guest's variant and accelerator.  A
 * run outside a guest has no "vm" object; it was not emulated.
 */
static int load_vm(struct var_run *r)
{
	char path[4096];
	json_error_t err;
	json_t *meta, *vm;
	const char *arch;

	snprintf(path, sizeof(path), "%s/meta.json", r->rs.dir);
	meta = json_load_file(path, 0, &err);
	if (!meta) {
		fprintf(stderr, "fabench: %s:%d: %s\n", path, err.line, err.text);
		return -1;
	}
	vm = json_object_get(meta, "vm");
	arch = jstr(vm, "arch", NULL);
	r->arch = xstrdup(arch ? arch : jstr(meta, "uname", "machine"));
	r->kernel = xstrdup(jstr(vm, "kernel", NULL));
	if (json_is_object(vm)) {
		r->accel = xstrdup(jstr(vm, "accel", NULL) ?: "?");
		r->accel_reason = xstrdup(jstr(vm, "accel_reason", NULL));
		r->times = xstrdup(jstr(vm, "times", NULL));
	} else {
		r->accel = xstrdup("native");
		/* a string here is meta_vm's "unsupported: ..." */
		r->accel_reason = xstrdup(json_string_value(vm) ?: "not in a guest");
		r->times = xstrdup("");
	}
	json_decref(meta);
	return 0;
}


static const char *raw_name(const struct resultset *rs)
{
	return *rs->label ? rs->label : rs->kernel_release;
}

/* The label, else the kernel release; "#N" for the Nth run of a name. */
static void name_run(struct variants *v, int i)
{
	const char *name = raw_name(&v->run[i].rs);
	char buf[256];
	int j, dup = 0;

	for (j = 0; j < i; j++)
		dup += !strcmp(raw_name(&v->run[j].rs), name);
	if (dup)
		snprintf(buf, sizeof(buf), "%s#%d", name, dup + 1);
	else
		snprintf(buf, sizeof(buf), "%s", name);
	v->run[i].name = xstrdup(buf);
}

/* Every point of a in b: the same config measured, point by point. */
static int same_points(const struct resultset *a, const struct resultset *b)
{
	int i;

	for (i = 0; i < a->npoints; i++)
		if (!resultset_find(b, a->point[i].key)) {
			fprintf(stderr, "fabench: %s/samples.csv: no point '%s' of %s: "
				"runs of different configs\n", b->dir, a->point[i].label, a->dir);
			return -1;
		}
	return 0;
}

static int check_configs(const struct variants *v)
{
	int i;

	for (i = 1; i < v->n; i++)
		if (same_points(&v->run[0].rs, &v->run[i].rs) ||
		    same_points(&v->run[i].rs, &v->run[0].rs))
			return -1;
	return 0;
}

int variants_find(const struct variants *v, const char *want)
{
	int i;

	for (i = 0; i < v->n; i++)
		if (!strcmp(v->run[i].kernel, want))
			return i;
	for (i = 0; i < v->n; i++)
		if (!strcmp(v->run[i].name, want))
			return i;
	return -1;
}

static int pick_baseline(struct variants *v, const char *baseline)
{
	int i;

	v->base = variants_find(v, baseline ? baseline : "stock");
	if (v->base >= 0 || !baseline) {
		v->base = v->base < 0 ? 0 : v->base;
		return 0;
	}
	fprintf(stderr, "fabench: --baseline %s: no such run; the runs are:", baseline);
	for (i = 0; i < v->n; i++)
		fprintf(stderr, " %s", v->run[i].name);
	fputc('\n', stderr);
	return -1;
}

int variants_load(struct variants *v, int n, char **dirs, const char *baseline)
{
	memset(v, 0, sizeof(*v));
	v->run = calloc((size_t)n, sizeof(*v->run));
	if (!v->run)
		abort();
	for (v->n = 0; v->n < n; v->n++) {
		struct var_run *r = &v->run[v->n];

		if (resultset_load(dirs[v->n], &r->rs))
			return -1;
		if (resultset_require_decls(&r->rs) || load_vm(r)) {
			resultset_free(&r->rs);
			return -1;
		}
		name_run(v, v->n);
		v->tcg |= !strcmp(r->accel, "tcg");
	}
	if (check_configs(v))
		return -1;
	return pick_baseline(v, baseline);
}

void variants_free(struct variants *v)
{
	int i;

	for (i = 0; i < v->n; i++) {
		struct var_run *r = &v->run[i];

		resultset_free(&r->rs);
		free(r->name);
		free(r->kernel);
		free(r->arch);
		free(r->accel);
		free(r->accel_reason);
		free(r->times);
	}
	free(v->run);
	memset(v, 0, sizeof(*v));
}

/* Whether an earlier point of rs than i measured i's workload. */
static bool seen_before(const struct resultset *rs, int i)
{
	int j;

	for (j = 0; j < i; j++)
		if (!strcmp(rs->point[j].workload, rs->point[i].workload))
			return true;
	return false;
}

void variants_print(FILE *out, const struct variants *v)
{
	const struct resultset *b = &v->run[v->base].rs;
	int i;

	variants_header(out, v);
	for (i = 0; i < b->npoints; i++)
		if (!seen_before(b, i))
			variants_workload(out, v, b->point[i].workload);
}
