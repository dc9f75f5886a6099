// SPDX-License-Identifier: GPL-2.0-only
/*
 * fabench mail: the runs, their setup and figures; the tables are in
 * mail_tables.c; see mail.h.
 */
#include <glob.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/mail_int.h"
#include "analysis/profile_table.h"
#include "analysis/report.h"
#include "bench/lib/textwrap.h"

static char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		abort();
	return d;
}

void mail_line(FILE *out, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (strlen(buf) > MAIL_COLS)
		fprintf(out, "%.*s~\n", MAIL_COLS - 1, buf);
	else
		fprintf(out, "%s\n", buf);
}

/* What resultset does not keep: the machine, the config, the date, the guest. */
static int load_setup(struct mail_run *r)
{
	char path[4096];
	json_error_t err;
	json_t *meta, *cpu, *vm, *build, *config;

	snprintf(path, sizeof(path), "%s/meta.json", r->rs.dir);
	meta = json_load_file(path, 0, &err);
	if (!meta) {
		fprintf(stderr, "fabench: %s:%d: %s\n", path, err.line, err.text);
		return -1;
	}
	cpu = json_object_get(meta, "cpu");
	build = json_object_get(meta, "build");
	config = json_object_get(meta, "config");
	vm = json_object_get(meta, "vm");
	r->model = xstrdup(json_string_value(json_object_get(cpu, "model")));
	r->cpus = (int)json_integer_value(json_object_get(cpu, "online"));
	r->page_size = (long)json_integer_value(json_object_get(build, "page_size"));
	r->config = xstrdup(json_string_value(json_object_get(config, "path")));
	r->started = xstrdup(json_string_value(json_object_get(meta, "started")));
	r->variant = xstrdup(json_string_value(json_object_get(vm, "kernel")));
	r->accel = xstrdup(json_string_value(json_object_get(vm, "accel")));
	json_decref(meta);
	return 0;
}


static int n_of(const struct resultset *rs)
{
	size_t n = 0;
	int i;

	for (i = 0; i < rs->npoints; i++)
		if (rs->point[i].ok && rs->point[i].nreps > n)
			n = rs->point[i].nreps;
	return (int)n;
}

struct mail *mail_load(int n, char **dirs)
{
	struct mail *m = calloc(1, sizeof(*m));
	int i;

	if (!m)
		abort();
	m->run = calloc((size_t)n, sizeof(*m->run));
	if (!m->run)
		abort();
	for (m->n = 0; m->n < n; m->n++) {
		struct mail_run *r = &m->run[m->n];

		if (resultset_load(dirs[m->n], &r->rs))
			goto bad;
		if (resultset_require_decls(&r->rs) || load_setup(r)) {
			resultset_free(&r->rs);
			goto bad;
		}
		r->reps = n_of(&r->rs);
	}
	for (i = 1; i < n; i++)
		if (!cmp_common_points(&m->run[0].rs, &m->run[i].rs)) {
			fprintf(stderr, "fabench: %s/samples.csv: no point in common with %s: "
				"runs of different configs\n", dirs[i], dirs[0]);
			goto bad;
		}
	/* kernel variants: more than two guest runs, each naming its variant */
	m->variants = n > 2;
	for (i = 0; i < n; i++)
		m->variants &= *m->run[i].variant != '\0';
	if (m->variants && variants_load(&m->var, n, dirs, NULL)) {
		variants_free(&m->var);
		m->variants = false;
		goto bad;
	}
	if (m->variants && m->var.n > MAIL_MAX_VARIANTS) {
		fprintf(stderr, "fabench: %d variant runs: at most %d fit in 80 columns\n",
			m->var.n, MAIL_MAX_VARIANTS);
		goto bad;
	}
	return m;
bad:
	mail_free(m);
	return NULL;
}

void mail_free(struct mail *m)
{
	int i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++) {
		struct mail_run *r = &m->run[i];

		resultset_free(&r->rs);
		free(r->model);
		free(r->config);
		free(r->started);
		free(r->variant);
		free(r->accel);
	}
	if (m->variants)
		variants_free(&m->var);
	free(m->run);
	free(m);
}

/* "base", "new", the variant, or "run N". */
const char *mail_run_name(const struct mail *m, int i, char *buf, size_t len)
{
	if (m->variants)
		snprintf(buf, len, "%s", m->var.run[i].name);
	else if (m->n == 1)
		snprintf(buf, len, "run");
	else if (m->n == 2)
		snprintf(buf, len, "%s", i ? "new" : "base");
	else
		snprintf(buf, len, i ? "run %d" : "base", i + 1);
	return buf;
}

/* "2026-12-02T06:33:33+0000" as "2026-12-02 06:33 UTC" */
static const char *date_of(const char *iso, char *buf, size_t len)
{
	const char *zone = strlen(iso) > 19 ? iso + 19 : "";

	if (strlen(iso) >= 16 && iso[10] == 'T')
		snprintf(buf, len, "%.10s %.5s%s%s", iso, iso + 11, *zone ? " " : "",
			 !strcmp(zone, "+0000") || !strcmp(zone, "Z") ? "UTC" : zone);
	else
		snprintf(buf, len, "%s", *iso ? iso : "date not recorded");
	return buf;
}

static void machine(const struct mail_run *r, char *buf, size_t len)
{
	char page[32], cpus[32];

	if (r->page_size <= 0)
		snprintf(page, sizeof(page), "page size not recorded");
	else if (r->page_size >= 1024 && !(r->page_size % 1024))
		snprintf(page, sizeof(page), "%ld KiB pages", r->page_size / 1024);
	else
		snprintf(page, sizeof(page), "%ld-byte pages", r->page_size);
	if (r->cpus > 0)
		snprintf(cpus, sizeof(cpus), "%d CPUs", r->cpus);
	else
		snprintf(cpus, sizeof(cpus), "CPUs not recorded");
	snprintf(buf, len, "%s, %s, %s%s%s%s", *r->model ? r->model : "CPU model not recorded",
		 cpus, page, *r->accel ? ", QEMU guest (" : "", r->accel, *r->accel ? ")" : "");
}

static void config(const struct mail_run *r, char *buf, size_t len)
{
	snprintf(buf, len, "config %s, n = %d, fabench %s", *r->config ? r->config : "not recorded",
		 r->reps, *r->rs.harness_revision ? r->rs.harness_revision : "not recorded");
}

/* The lines of what = machine or config: one when every run has the same. */
static void common(FILE *out, const struct mail *m, const int *order, const char *what,
		   void (*fn)(const struct mail_run *r, char *buf, size_t len))
{
	char first[512], buf[512], name[64], line[700];
	bool same = true;
	int i;

	fn(&m->run[0], first, sizeof(first));
	for (i = 1; i < m->n && same; i++) {
		fn(&m->run[i], buf, sizeof(buf));
		same = !strcmp(buf, first);
	}
	for (i = 0; i < (same ? 1 : m->n); i++) {
		fn(&m->run[order[i]], buf, sizeof(buf));
		if (same)
			snprintf(line, sizeof(line), "%s: %s", what, buf);
		else
			snprintf(line, sizeof(line), "%s of %s: %s", what,
				 mail_run_name(m, order[i], name, sizeof(name)), buf);
		textwrap(out, 0, line, 4);
	}
}

static void setup(FILE *out, const struct mail *m, const int *order)
{
	const struct mail_run *r;
	char name[64], date[64], line[700];
	int i;

	for (i = 0; i < m->n; i++) {
		r = &m->run[order[i]];
		mail_run_name(m, order[i], name, sizeof(name));
		snprintf(line, sizeof(line), "%s: kernel %s%s%s, %s", name, r->rs.kernel_release,
			 *r->rs.label && strcmp(r->rs.label, name) ? ", label " : "",
			 *r->rs.label && strcmp(r->rs.label, name) ? r->rs.label : "",
			 date_of(r->started, date, sizeof(date)));
		textwrap(out, 0, line, 4);
	}
	common(out, m, order, "machine", machine);
	common(out, m, order, "setup", config);
}

/* "  NAME" under its directory's line ("  in DIR/:"), written when it changes. */
static void path_line(FILE *out, const char *path, char *dir, size_t dlen)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) + 1 : 0, room = MAIL_COLS - 6;

	if (n != strlen(dir) || strncmp(dir, path, n)) {
		snprintf(dir, dlen, "%.*s", (int)n, path);
		/* a directory too long for a line keeps its end */
		if (!n)
			fprintf(out, "  in the current directory:\n");
		else if (n <= room)
			fprintf(out, "  in %s:\n", dir);
		else
			fprintf(out, "  in ~%s:\n", dir + n - (room - 1));
	}
	fprintf(out, "    %s\n", path + n);
}

/* The PNGs report (DIR/plots/) and compare --plots (a directory in DIR) wrote. */
static int figures_of(FILE *out, const char *dir, char *last, size_t llen)
{
	static const char *const pat[] = { "%s/*.png", "%s/*/*.png" };
	char p[4096];
	glob_t g;
	size_t i, k;
	int n = 0;

	for (k = 0; k < sizeof(pat) / sizeof(pat[0]); k++) {
		snprintf(p, sizeof(p), pat[k], dir);
		if (glob(p, 0, NULL, &g))
			continue;
		for (i = 0; i < g.gl_pathc; i++, n++)
			path_line(out, g.gl_pathv[i], last, llen);
		globfree(&g);
	}
	return n;
}

static void figures(FILE *out, const struct mail *m, char *const *attach, int nattach)
{
	char last[4096] = "";
	int i, n = 0;

	fprintf(out, "Figures to attach\n");
	for (i = 0; i < nattach; i++)
		path_line(out, attach[i], last, sizeof(last));
	if (nattach)
		return;
	for (i = 0; i < m->n; i++)
		n += figures_of(out, m->run[i].rs.dir, last, sizeof(last));
	if (n)
		return;
	fprintf(out, "  none yet: fabench report DIR draws DIR/plots/*.png; fabench compare\n");
	fprintf(out, "  BASE NEW --plots BASE/compare draws the comparison's\n");
}

int mail_print(FILE *out, const struct mail *m, char *const *attach, int nattach)
{
	int *order = calloc((size_t)m->n, sizeof(*order));
	int i, k, ret = 0;

	if (!order)
		abort();
	if (m->variants)
		mail_line(out, "fabench: %d kernel variants of one config, baseline %s", m->n,
			  m->var.run[m->var.base].name);
	else if (m->n == 1)
		mail_line(out, "fabench: one run");
	else
		mail_line(out, "fabench: %d runs of one config, the first is the base", m->n);
	fputc('\n', out);
	/* the baseline first */
	order[0] = m->variants ? m->var.base : 0;
	for (i = 0, k = 1; i < m->n; i++)
		if (i != order[0])
			order[k++] = i;
	setup(out, m, order);
	fputc('\n', out);
	if (m->variants) {
		mail_variants(out, m);
	} else if (m->n == 1) {
		mail_single(out, m);
		/* where the time went (profile = on), the functions that differ most first */
		ret = report_profiles(out, &m->run[0].rs);
	} else {
		for (i = 1; i < m->n && !ret; i++) {
			mail_compare(out, m, i);
			ret = pf_run_changes(out, &m->run[0].rs, &m->run[i].rs, MAIL_PROFILE_ROWS);
		}
	}
	figures(out, m, attach, nattach);
	free(order);
	return ret;
}
