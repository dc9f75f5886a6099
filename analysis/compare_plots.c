// SPDX-License-Identifier: GPL-2.0-only
/*
 * Runs side by side (see compare_plots.h): the renderer of bar panels, and
 * compare's figures, one per headline metric: a bar per run at each shared
 * point, min-max whiskers, each other run's %change and '*' where
 * compare's test says p < 0.05.
 */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/compare_plots.h"
#include "analysis/comparison.h"
#include "analysis/direction.h"
#include "analysis/palette.h"
#include "analysis/plot.h"
#include "bench/lib/outfile.h"
#include "bench/lib/textwrap.h"
#include "bench/lib/timeunit.h"

#define WIDTH 800		/* pixels: readable as attached, no scaling */
#define HEAD 110		/* the title, subtitle and legend */
#define PANEL_H 330
#define TEXT_ROWS 20

/* snprintf into buf, a text cut short where it does not fit. */
static void __attribute__((format(printf, 3, 4))) put(char *buf, size_t len,
						       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

struct rp_panel *rp_panel_add(struct rp_figure *f)
{
	struct rp_panel *p;
	int i;

	f->panel = realloc(f->panel, (size_t)(f->npanels + 1) * sizeof(*f->panel));
	if (!f->panel)
		abort();
	p = &f->panel[f->npanels++];
	memset(p, 0, sizeof(*p));
	p->bar = calloc((size_t)RP_MAX_CATS * (size_t)f->nseries + 1, sizeof(*p->bar));
	if (!p->bar)
		abort();
	for (i = 0; i < RP_MAX_CATS * f->nseries; i++)
		p->bar[i].y = p->bar[i].lo = p->bar[i].hi = NAN;
	return p;
}

void rp_figure_free(struct rp_figure *f)
{
	int i;

	for (i = 0; i < f->npanels; i++)
		free(f->panel[i].bar);
	free(f->panel);
	f->panel = NULL;
	f->npanels = 0;
}

/*
 * s into out with a newline for the space before each word that would pass
 * width columns; the number of lines.
 */
static int wrap(const char *s, int width, char *out, size_t len)
{
	int lines = 1, col = 0, w;
	size_t at = 0;

	while (*s && at + 1 < len) {
		if (*s == '\n') {
			out[at++] = *s++;
			lines++;
			col = 0;
			continue;
		}
		if (*s == ' ' && col) {
			w = (int)strcspn(s + 1, "\n ");
			if (col + 1 + w > width) {
				out[at++] = '\n';
				lines++;
				col = 0;
				s++;
				continue;
			}
		}
		out[at++] = *s++;
		col++;
	}
	out[at] = 0;
	return lines;
}

/* Lines of s ("a\nb": 2). */
static int lines_of(const char *s)
{
	int n = 1;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* s for a double-quoted gnuplot string, a newline as "\n". */
static void gp_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static void dat_num(FILE *f, double v)
{
	if (isnan(v) || isinf(v))
		fputs(" NaN", f);
	else
		fprintf(f, " %.6g", v);
}

/* One index block per panel: point, label, then value low high mark per run. */
static int write_dat(const struct rp_figure *f, const char *name, int from, int to)
{
	char path[4096], q[RP_TEXT * 2];
	const struct rp_bar *b;
	int p, k, s;
	FILE *d;

	snprintf(path, sizeof(path), "%s/%s.dat", f->dir, name);
	d = outfile_open(path);
	if (!d)
		return -1;
	fprintf(d, "# %s\n# %s\n# series:", f->title, f->subtitle);
	for (s = 0; s < f->nseries; s++)
		fprintf(d, " \"%s\"", plot_quote(f->series[s], q, sizeof(q)));
	fprintf(d, "\n# columns: point, label, then value low high mark of each series\n");
	for (p = from; p < to; p++) {
		const struct rp_panel *pn = &f->panel[p];

		if (p > from)
			fputs("\n\n", d);
		fprintf(d, "# panel %d: %s (%s)\n", p - from + 1, pn->title, pn->ylabel);
		for (k = 0; k < pn->ncat; k++) {
			fprintf(d, "%d ", k + 1);
			gp_string(d, pn->cat[k]);
			for (s = 0; s < f->nseries; s++) {
				b = &pn->bar[k * f->nseries + s];
				dat_num(d, b->y);
				dat_num(d, b->lo);
				dat_num(d, b->hi);
				fprintf(d, " \"%s\"", plot_quote(b->mark, q, sizeof(q)));
			}
			fputc('\n', d);
		}
	}
	return outfile_close(d, path);
}

/* Lines a panel needs beyond one title line and one tick label line. */
static int panel_extra(const struct rp_panel *pn)
{
	char t[RP_TEXT * 3];
	int k, most = 1;

	for (k = 0; k < pn->ncat; k++)
		if (lines_of(pn->cat[k]) > most)
			most = lines_of(pn->cat[k]);
	return most - 1 + wrap(pn->title, 95, t, sizeof(t)) - 1;
}

/* The panel's axes: ticks by point, log scales, the 1 line of ratios. */
static void panel_axes(FILE *g, const struct rp_panel *pn, bool text)
{
	char t[RP_TEXT * 3];
	int k, most = 1;

	for (k = 0; k < pn->ncat && !text; k++)
		if (lines_of(pn->cat[k]) > most)
			most = lines_of(pn->cat[k]);
	if (!text)
		fprintf(g, "set bmargin %d\nset xlabel offset 0,%d\n", most + 3, 1 - most);
	if (text) {
		/* 80 columns have no room for a y label beside the ticks: under the title */
		char both[RP_TEXT * 3];

		put(both, sizeof(both), "%s; y: %s", pn->title, pn->ylabel);
		wrap(both, 78, t, sizeof(t));
	} else {
		wrap(pn->title, 95, t, sizeof(t));
	}
	fputs("set title ", g);
	gp_string(g, t);
	if (text) {
		fputs("\nunset ylabel", g);
	} else {
		fputs("\nset ylabel ", g);
		gp_string(g, pn->ylabel);
	}
	fputs("\nset xlabel ", g);
	gp_string(g, text ? "point (numbered above)" : pn->xlabel);
	fprintf(g, "\nset xrange [0.5:%d.5]\nset xtics (", pn->ncat);
	for (k = 0; k < pn->ncat; k++) {
		if (k)
			fputs(", ", g);
		if (text)
			fprintf(g, "\"%d\" %d", k + 1, k + 1);
		else
			gp_string(g, pn->cat[k]);
		if (!text)
			fprintf(g, " %d", k + 1);
	}
	fputs(")\nunset logscale y\nset yrange [*:*]\n", g);
	if (pn->ratio)
		fputs("set logscale y 2\n", g);
	else if (pn->logy)
		fputs("set logscale y 10\n", g);
}

/* The highest whisker or bar of a panel; 0 when none. */
static double panel_top(const struct rp_figure *f, const struct rp_panel *pn)
{
	double top = 0;
	int i;

	for (i = 0; i < pn->ncat * f->nseries; i++) {
		if (pn->bar[i].hi > top)
			top = pn->bar[i].hi;
		if (pn->bar[i].y > top)
			top = pn->bar[i].y;
	}
	return top;
}

/* Marks stand upright over narrow bars (many in a panel), so they do not overlap. */
static bool marks_upright(const struct rp_figure *f, const struct rp_panel *pn)
{
	return pn->ncat * f->nseries > 16;
}

/* The lowest whisker or bar of a panel above 0; INFINITY when none. */
static double panel_bottom(const struct rp_figure *f, const struct rp_panel *pn)
{
	double least = INFINITY;
	int i;

	for (i = 0; i < pn->ncat * f->nseries; i++) {
		if (pn->bar[i].lo > 0 && pn->bar[i].lo < least)
			least = pn->bar[i].lo;
		if (pn->bar[i].y > 0 && pn->bar[i].y < least)
			least = pn->bar[i].y;
	}
	return least;
}

/* The base of the bars: 1 for ratios, below the least value on log10, else 0. */
static double bar_base(const struct rp_figure *f, const struct rp_panel *pn)
{
	double least = panel_bottom(f, pn);

	if (pn->ratio)
		return 1;
	if (!pn->logy)
		return 0;
	/* a bar at the least value keeps some height */
	return isinf(least) ? 1 : pow(10, floor(log10(least * 0.99)));
}

static void panel_plot(FILE *g, const struct rp_figure *f, int p, int idx, const char *dat,
		       bool text)
{
	const struct rp_panel *pn = &f->panel[p];
	double w = 0.8 / f->nseries, off, base = bar_base(f, pn), bottom = panel_bottom(f, pn);
	char q[RP_TEXT * 2];
	int s, c;

	panel_axes(g, pn, text);
	if (pn->ratio && !isinf(bottom))
		/*
		 * ratios on log2 around 1; above the highest, room for its mark
		 * (an upright one is about five times as tall as a line)
		 */
		fprintf(g, "set yrange [%g:%g]\n", fmin(bottom, 1) / 1.4,
			fmax(panel_top(f, pn), 1) * (marks_upright(f, pn) ? 2.8 : 1.6));
	else if (pn->logy)
		fprintf(g, "set yrange [%g:%g]\n", base, panel_top(f, pn) * 4);
	else if (!pn->ratio && panel_top(f, pn) > 0)
		/* room above the highest bar for its mark */
		fprintf(g, "set yrange [0:%g]\n", panel_top(f, pn) * 1.18);
	else if (!pn->ratio)
		fputs("set yrange [0:1]\n", g);
	fputs("plot", g);
	for (s = 0; s < f->nseries; s++) {
		off = (s - (f->nseries - 1) / 2.0) * w;
		c = 3 + 4 * s;
		plot_quote(f->series[s], q, sizeof(q));
		if (text) {
			fprintf(g, "%s \"%s\" index %d using ($1%+g):%d with points pt \"%c\" "
				"title \"%s\"", s ? "," : "", dat, idx, off, c, 'A' + s % 26, q);
			continue;
		}
		fprintf(g, "%s \\\n \"%s\" index %d using ($1%+g):%d:($1%+g):($1%+g):(%g):%d "
			"with boxxyerror fc rgb \"%s\" title \"%s\"", s ? "," : "", dat, idx,
			off, c, off - w / 2, off + w / 2, base, c, f->colour[s], q);
		/* whiskers as capped vectors from low to high */
		fprintf(g, ", \\\n \"\" index %d using ($1%+g):%d:(0):(column(%d) - column(%d)) "
			"with vectors heads size screen 0.006,90 lc rgb \"black\" notitle",
			idx, off, c + 1, c + 2, c + 1);
		/*
		 * narrow bars: their marks upright, so they do not overlap; else,
		 * where two or more series carry marks (the base has none), every
		 * other series' a line higher, as neighbours' may be as tall
		 */
		fprintf(g, ", \\\n \"\" index %d using ($1%+g):(column(%d) > column(%d) ? "
			"column(%d) : column(%d)):%d with labels %s font \",8\" notitle",
			idx, off, c + 2, c, c + 2, c, c + 3,
			marks_upright(f, pn) ? "rotate by 90 left offset 0,0.4" :
			s % 2 && f->nseries > 2 ? "offset 0,1.5" : "offset 0,0.7");
	}
	if (pn->ratio && !text)
		fputs(", 1 with lines lc rgb \"gray40\" dt 2 notitle", g);
	fputc('\n', g);
}

/* The title and the subtitle, wrapped to the canvas; the lines. */
static int head_text(const struct rp_figure *f, char *buf, size_t len)
{
	char sub[RP_TEXT * 4];
	int n = wrap(f->subtitle, 82, sub, sizeof(sub));

	snprintf(buf, len, "%s\n%s", f->title, sub);
	return n + 1;
}

static int write_gp(const struct rp_figure *f, const char *name, int from, int to)
{
	char path[4096], dat[512], head[RP_TEXT * 6];
	int p, t, n = to - from, height = 0, hl = head_text(f, head, sizeof(head));
	FILE *g;

	snprintf(path, sizeof(path), "%s/%s.gp", f->dir, name);
	put(dat, sizeof(dat), "%s.dat", name);
	g = outfile_open(path);
	if (!g)
		return -1;
	for (p = from; p < to; p++)
		height += PANEL_H + 14 * panel_extra(&f->panel[p]);
	height += HEAD + 16 * hl;
	fprintf(g, "# fabench figure: edit and run 'gnuplot %s.gp' here\n", name);
	fputs("set style fill solid 0.85 border rgb \"black\"\nset grid ytics\n"
	      "set lmargin 10\nset rmargin 3\n", g);
	for (t = 0; t < 2; t++) {
		fprintf(g, "set terminal %s size %d,%d noenhanced font \",11\"\n",
			t ? "svg" : "pngcairo", WIDTH, height);
		fprintf(g, "set output \"%s.%s\"\nset multiplot layout %d,1 title ", name,
			t ? "svg" : "png", n);
		gp_string(g, head);
		fputc('\n', g);
		for (p = from; p < to; p++) {
			/* one legend, above the first panel: the colours are the same */
			fputs(p == from ? "set key outside top center horizontal\n" : "unset key\n", g);
			panel_plot(g, f, p, p - from, dat, false);
		}
		fputs("unset multiplot\nset output\n", g);
	}
	fprintf(g, "set terminal dumb size 80,%d noenhanced\nset output \"%s.txt\"\n"
		"unset key\nset bmargin\nset tmargin\nset lmargin\nset rmargin\n"
		"set format y \"%%g\"\n", TEXT_ROWS, name);
	for (p = from; p < to; p++)
		panel_plot(g, f, p, p - from, dat, true);
	fputs("set output\n", g);
	return outfile_close(g, path);
}

/* Each panel's numbered points, for the text version's numbered ticks. */
static void text_points(const struct rp_figure *f, int from, int to, FILE *out)
{
	char line[RP_TEXT], *nl;
	int p, k;

	for (p = from; p < to; p++) {
		textwrap(out, 0, f->panel[p].title, 2);
		for (k = 0; k < f->panel[p].ncat; k++) {
			snprintf(line, sizeof(line), "%s", f->panel[p].cat[k]);
			while ((nl = strchr(line, '\n')))
				*nl = ' ';
			fprintf(out, "  %2d %.73s\n", k + 1, line);
		}
	}
}

static int render_file(const struct rp_figure *f, const char *name, int from, int to,
		       FILE *out)
{
	char script[600], line[RP_TEXT * 8];
	size_t at;
	int rc, s;

	if (write_dat(f, name, from, to) || write_gp(f, name, from, to))
		return -1;
	snprintf(script, sizeof(script), "%s.gp", name);
	rc = plot_gnuplot(f->dir, script);
	if (rc) {
		fprintf(out, "figure %s: gnuplot failed (exit %d); see %s%s.gp\n", name, rc,
			f->shown, name);
		return -1;
	}
	if (plot_check_outputs(f->dir, name))
		return -1;
	put(line, sizeof(line), "figure %s: %s%s.{png,svg}", name, f->shown, name);
	textwrap(out, 0, line, 2);
	textwrap(out, 0, f->title, 2);
	textwrap(out, 0, f->subtitle, 2);
	at = (size_t)snprintf(line, sizeof(line), "text version: points as letters:");
	for (s = 0; s < f->nseries && at < sizeof(line); s++)
		at += (size_t)snprintf(line + at, sizeof(line) - at, " %c %s%s", 'A' + s % 26,
				       f->series[s], s + 1 < f->nseries ? "," : "");
	textwrap(out, 0, line, 2);
	text_points(f, from, to, out);
	plot_text(f->dir, name, out);
	return 0;
}

int rp_render(const struct rp_figure *f, FILE *out)
{
	char name[512];
	int from, part = 1, ret = 0;

	for (from = 0; from < f->npanels; from += RP_MAX_PANELS, part++) {
		if (part > 1)
			snprintf(name, sizeof(name), "%s-%d", f->name, part);
		else
			snprintf(name, sizeof(name), "%s", f->name);
		if (render_file(f, name, from, from + RP_MAX_PANELS < f->npanels ?
				from + RP_MAX_PANELS : f->npanels, out))
			ret = -1;
	}
	return ret;
}

static const char *axis_value(const struct resultset *rs __attribute__((unused)),
			      const struct rs_point *p, int a)
{
	return p->axis_val[a][0] ? p->axis_val[a] : "-";
}

static bool axis_varies(const struct resultset *rs, const struct rs_point *const *pt, int n,
			int a, const char *(*text)(const struct resultset *,
						   const struct rs_point *, int))
{
	int i;

	for (i = 1; i < n; i++)
		if (strcmp(text(rs, pt[0], a), text(rs, pt[i], a)))
			return true;
	return false;
}

void rp_point_labels(const struct resultset *rs, const struct rs_point *const *pt, int n,
		     const struct rs_point *const *all, int nall,
		     const char *(*text)(const struct resultset *, const struct rs_point *, int),
		     struct rp_panel *pn, char *fixed, size_t flen)
{
	char (*cat)[RP_TEXT] = pn->cat, *xlabel = pn->xlabel;
	size_t xat = 0, fat = 0, xlen = sizeof(pn->xlabel);
	bool any = false, dup = false;
	int a, i, j;

	if (!text)
		text = axis_value;
	xlabel[0] = fixed[0] = 0;
	for (i = 0; i < n; i++)
		cat[i][0] = 0;
	for (a = 0; a < rs->naxes; a++) {
		const char *v = text(rs, pt[0], a);

		/* a single point: named by what tells it from the figure's others */
		if (n > 1 ? !axis_varies(rs, pt, n, a, text) : !axis_varies(rs, all, nall, a, text)) {
			if (strcmp(v, "-") && fat < flen && axis_varies(rs, all, nall, a, text))
				fat += (size_t)snprintf(fixed + fat, flen - fat, "%s%s=%s",
							fat ? " " : "", rs->axis_name[a], v);
			continue;
		}
		any = true;
		if (xat < xlen)
			xat += (size_t)snprintf(xlabel + xat, xlen - xat, "%s%s",
						xat ? " / " : "", rs->axis_name[a]);
		for (i = 0; i < n; i++) {
			size_t at = strlen(cat[i]);

			snprintf(cat[i] + at, RP_TEXT - at, "%s%s", at ? "\n" : "",
				 text(rs, pt[i], a));
		}
	}
	for (i = 0; i < n && !dup; i++)
		for (j = i + 1; j < n && !dup; j++)
			dup = !strcmp(cat[i], cat[j]);
	if (any && !dup)
		return;
	/* two points alike but for their section: the section first */
	for (i = 0; i < n; i++) {
		char rest[RP_TEXT];

		snprintf(rest, sizeof(rest), "%s", cat[i]);
		put(cat[i], RP_TEXT, "%s%s%s", pt[i]->axis_val[rs->naxes], *rest ? "\n" : "",
			 rest);
	}
	{
		char rest[RP_TEXT];

		snprintf(rest, sizeof(rest), "%s", xlabel);
		put(xlabel, xlen, "section%s%s", *rest ? " / " : "", rest);
	}
}

void rp_machine(const char *dir, char *buf, size_t len)
{
	char path[4096];
	json_t *meta, *cpu;
	const char *model;

	buf[0] = 0;
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	meta = json_load_file(path, 0, NULL);
	if (!meta)
		return;
	cpu = json_object_get(meta, "cpu");
	model = json_string_value(json_object_get(cpu, "model"));
	snprintf(buf, len, "%s%s%s, %lld CPU%s",
		 json_string_value(json_object_get(json_object_get(meta, "uname"), "machine")) ?: "?",
		 model ? " " : "", model ? model : "",
		 (long long)json_integer_value(json_object_get(cpu, "online")),
		 json_integer_value(json_object_get(cpu, "online")) == 1 ? "" : "s");
	json_decref(meta);
}

/* Every run's match of base point p with a value of m, into q; or 0. */
static int match_runs(const struct resultset *run, int n, int m,
		      const struct rs_point *p, const struct rs_point **q)
{
	struct metric_cmp c;
	int o;

	q[0] = p;
	for (o = 1; o < n; o++) {
		q[o] = cmp_match(&run[o], p);
		if (!q[o] || compare_metric(run, p, &run[o], q[o], m, &c) ||
		    !c.base.n || !c.other.n)
			return 0;
	}
	return n > 1 || (!compare_metric(run, p, run, p, m, &c) && c.base.n);
}

/* Whether field(run[o]) is set and differs in every run. */
static bool distinct(const struct resultset *run, int n, size_t off)
{
	int i, j;

	for (i = 0; i < n; i++) {
		const char *a = *(char *const *)((const char *)&run[i] + off);

		if (!*a)
			return false;
		for (j = 0; j < i; j++)
			if (!strcmp(a, *(char *const *)((const char *)&run[j] + off)))
				return false;
	}
	return true;
}

/*
 * A run's legend name: its label where the labels tell the runs apart,
 * else its kernel where those do, else its number; "(base)" after the base.
 */
static void run_name(const struct resultset *run, int n, int o, char *buf, size_t len)
{
	const char *base = o || !strcmp(run[o].label, "base") ? "" : " (base)";

	if (distinct(run, n, offsetof(struct resultset, label)))
		put(buf, len, "%s%s", run[o].label, base);
	else if (distinct(run, n, offsetof(struct resultset, kernel_release)))
		put(buf, len, "%s%s", run[o].kernel_release, base);
	else if (o)
		put(buf, len, "run %d %s", o, run[o].label);
	else
		put(buf, len, "base %s", run[o].label);
}

/* Kernels (each once), the base's machine, the repetitions, the whiskers, TCG. */
static void subtitle(const struct resultset *run, int n, int m, const struct rs_metric_decl *d,
		     char *buf, size_t len)
{
	char mach[256];
	size_t at = 0, lo = SIZE_MAX, hi = 0;
	int o, j, i, tcg = 0;

	for (o = 0; o < n && at < len; o++) {
		for (j = 0; j < o; j++)
			if (!strcmp(run[j].kernel_release, run[o].kernel_release))
				break;
		if (j == o)
			at += (size_t)snprintf(buf + at, len - at, "%s%s", o ? ", " : "",
					       run[o].kernel_release);
	}
	for (o = 0; o < n; o++)
		for (i = 0; i < run[o].npoints; i++) {
			double v[run[o].point[i].nreps + 1];
			size_t k = resultset_samples(&run[o], &run[o].point[i],
						     resultset_metric(&run[o], run[0].metric[m]), v);

			if (!k)
				continue;
			lo = k < lo ? k : lo;
			hi = k > hi ? k : hi;
		}
	rp_machine(run[0].dir, mach, sizeof(mach));
	if (at < len && lo <= hi) {
		if (lo == hi)
			at += (size_t)snprintf(buf + at, len - at, "; %s; n = %zu", mach, lo);
		else
			at += (size_t)snprintf(buf + at, len - at, "; %s; n = %zu-%zu", mach, lo, hi);
	}
	if (at < len)
		at += (size_t)snprintf(buf + at, len - at, "; whiskers: min-max of the repetitions");
	for (o = 0; o < n; o++)
		tcg |= run[o].tcg;
	/* a count is exact in a guest; a time there is the emulator's */
	if (tcg && at < len && (!d || timeunit_is_time(d->unit)))
		snprintf(buf + at, len - at, "; indicative: TCG (times emulated)");
}

/* The bars of point q (one match per run) into category k of pn. */
static void point_bars(const struct resultset *run, int n, int m, const struct rs_point **q,
		       struct rp_panel *pn, int k)
{
	struct metric_cmp c;
	struct rp_bar *b;
	int o;

	for (o = 0; o < n; o++) {
		b = &pn->bar[k * n + o];
		compare_metric(run, q[0], &run[o], q[o], m, &c);
		b->y = c.other.mean;
		b->lo = c.other.min;
		b->hi = c.other.max;
		if (o && !isnan(c.change_pct))
			snprintf(b->mark, sizeof(b->mark), "%+.1f%%%s", c.change_pct,
				 c.p < SIGNIFICANT_P ? "*" : "");
	}
}

/* Panels of at most RP_MAX_CATS shared points, in the base's order. */
static int metric_panels(struct rp_figure *f, const struct resultset *run, int n, int m,
			 const struct rs_metric_decl *d)
{
	const struct rs_point **pts = calloc((size_t)run[0].npoints + 1, sizeof(*pts));
	const struct rs_point *q[n];
	char fixed[RP_TEXT * 2];
	struct rp_panel *pn;
	int i, k, total = 0, from, per;
	double least = INFINITY, most = 0;

	if (!pts)
		abort();
	for (i = 0; i < run[0].npoints; i++) {
		const struct rs_metric_decl *pd = resultset_decl(&run[0], &run[0].point[i],
								 run[0].metric[m]);

		/* a name two workloads use: the points where it is a headline */
		if (pd && pd->headline && match_runs(run, n, m, &run[0].point[i], q))
			pts[total++] = &run[0].point[i];
	}
	/* as many panels as needed, as evenly filled as they can be */
	per = (total + RP_MAX_CATS - 1) / RP_MAX_CATS;
	per = per ? (total + per - 1) / per : 1;
	for (from = 0; from < total; from += per) {
		int cats = total - from < per ? total - from : per;

		pn = rp_panel_add(f);
		pn->ncat = cats;
		rp_point_labels(&run[0], pts + from, cats, pts, total, NULL, pn, fixed,
				sizeof(fixed));
		snprintf(pn->ylabel, sizeof(pn->ylabel), "%s, mean",
			 d && *d->unit ? d->unit : run[0].metric[m]);
		if (total > per)
			put(pn->title, sizeof(pn->title), "%s, points %d-%d of %d%s%s",
				 d ? d->shown : run[0].metric[m], from + 1, from + cats, total,
				 *fixed ? " at " : "", fixed);
		else
			put(pn->title, sizeof(pn->title), "%s%s%s", d ? d->shown : run[0].metric[m],
				 *fixed ? " at " : "", fixed);
		for (k = 0; k < cats; k++) {
			match_runs(run, n, m, pts[from + k], q);
			point_bars(run, n, m, q, pn, k);
		}
		for (k = 0; k < cats * n; k++) {
			if (pn->bar[k].y > 0 && pn->bar[k].y < least)
				least = pn->bar[k].y;
			if (pn->bar[k].y > most)
				most = pn->bar[k].y;
		}
		pn->logy = least > 0 && most >= 10 * least;
	}
	free(pts);
	return total;
}

static void metric_plot(const char *dir, const char *shown, const struct resultset *run,
			int n, int m, FILE *out)
{
	const struct rs_metric_decl *d = metric_decl(&run[0], NULL, run[0].metric[m]);
	char (*series)[RP_TEXT] = calloc((size_t)n, sizeof(*series));
	const char **colour = calloc((size_t)n, sizeof(*colour));
	struct rp_figure f = {
		.dir = dir, .name = run[0].metric[m], .shown = shown, .nseries = n,
		.series = series, .colour = colour,
	};
	int o;

	if (!series || !colour)
		abort();
	for (o = 0; o < n; o++) {
		run_name(run, n, o, series[o], sizeof(series[o]));
		colour[o] = palette_colour(o);
	}
	snprintf(f.title, sizeof(f.title), "%s%s%s: the runs side by side, %%change over base "
		 "(* p < %.2g)", d && *d->label ? d->label : run[0].metric[m],
		 d && *d->unit ? ", " : "", d && *d->unit ? d->unit : "", SIGNIFICANT_P);
	subtitle(run, n, m, d, f.subtitle, sizeof(f.subtitle));
	if (!metric_panels(&f, run, n, m, d)) {
		fprintf(out, "figure %s: skipped: no point with values in every run\n\n", f.name);
	} else {
		rp_render(&f, out);
		fputc('\n', out);
	}
	rp_figure_free(&f);
	free(series);
	free(colour);
}

int compare_plots(const char *dir, const struct resultset *run, int nrun, FILE *out)
{
	char shown[4096];
	int *headline = calloc((size_t)run[0].nmetrics + 1, sizeof(*headline));
	int i, n;

	if (!plot_available()) {
		fprintf(stderr, "fabench: --plots: unsupported: gnuplot not found\n");
		free(headline);
		return -1;
	}
	if (mkdir(dir, 0777) && errno != EEXIST) {
		fprintf(stderr, "fabench: --plots: mkdir %s: %s\n", dir, strerror(errno));
		free(headline);
		return -1;
	}
	if (!headline)
		abort();
	snprintf(shown, sizeof(shown), "%s/", dir);
	/*
	 * the headline metrics the base run declares, but the correctness
	 * counts: their verdict is in the table, a bar of zeros says nothing
	 */
	n = metric_headlines(&run[0], headline);
	if (!n)
		metric_decls_note(out, &run[0]);
	for (i = 0; i < n; i++)
		if (metric_direction(&run[0], NULL, run[0].metric[headline[i]]) != DIR_ZERO)
			metric_plot(dir, shown, run, nrun, headline[i], out);
	free(headline);
	return 0;
}
