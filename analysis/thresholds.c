// SPDX-License-Identifier: GPL-2.0-only
/* Regression thresholds; see thresholds.h. */
#include <errno.h>
#include <math.h>
#include <fnmatch.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/thresholds.h"

#define DEFAULT_PCT 10

void thresholds_init(struct thresholds *t)
{
	memset(t, 0, sizeof(*t));
	t->fallback = DEFAULT_PCT;
}

void thresholds_free(struct thresholds *t)
{
	int i;

	for (i = 0; i < t->n; i++)
		free(t->glob[i]);
	thresholds_init(t);
}

static int parse_pct(const char *s, double *pct)
{
	char *end;

	errno = 0;
	*pct = strtod(s, &end);
	while (*end == ' ' || *end == '%')
		end++;
	return end == s || *end || errno || !(*pct >= 0) || isinf(*pct) ? -1 : 0;
}

/* Later entries are looked up first: an override sits in front. */
static int add(struct thresholds *t, const char *glob, double pct, int front)
{
	char *g;

	if (!strcmp(glob, "default")) {
		t->fallback = pct;
		return 0;
	}
	if (t->n == THRESHOLDS_MAX)
		return -1;
	g = strdup(glob);
	if (!g)
		abort();
	if (front) {
		memmove(t->glob + 1, t->glob, (size_t)t->n * sizeof(t->glob[0]));
		memmove(t->pct + 1, t->pct, (size_t)t->n * sizeof(t->pct[0]));
		t->glob[0] = g;
		t->pct[0] = pct;
	} else {
		t->glob[t->n] = g;
		t->pct[t->n] = pct;
	}
	t->n++;
	return 0;
}

struct load_ctx {
	struct thresholds *t;
	const char *path;
	FILE *f;
	int line;			/* the line inih read last */
	int section_line;		/* of the last [section] header */
	int glob_line[THRESHOLDS_MAX];	/* where each of t->glob was set */
	int default_line;
	int bad;
};

/*
 * fgets for inih, counting lines (inih's handler is not told the line).
 * Leading blanks are removed: inih would take an indented line for the
 * continuation of the key before it.
 */
static char *read_line(char *str, int num, void *stream)
{
	struct load_ctx *c = stream;
	size_t skip;

	if (c->bad || !fgets(str, num, c->f))
		return NULL;
	c->line++;
	skip = strspn(str, " \t");
	memmove(str, str + skip, strlen(str + skip) + 1);
	if (*str == '[')
		c->section_line = c->line;
	return str;
}

static int ini_cb(void *user, const char *section, const char *name,
		  const char *value)
{
	struct load_ctx *c = user;
	double pct;
	int i;

	if (!section[0]) {
		fprintf(stderr, "fabench: %s:%d: '%s' outside any section; expected [thresholds] first\n",
			c->path, c->line, name);
		c->bad = 1;
		return 0;
	}
	if (strcmp(section, "thresholds")) {
		fprintf(stderr, "fabench: %s:%d: unknown section [%s]; expected [thresholds]\n",
			c->path, c->section_line, section);
		c->bad = 1;
		return 0;
	}
	if (parse_pct(value, &pct)) {
		fprintf(stderr, "fabench: %s:%d: %s = %s: expected a percentage\n",
			c->path, c->line, name, value);
		c->bad = 1;
		return 0;
	}
	for (i = 0; i < c->t->n; i++)
		if (!strcmp(c->t->glob[i], name))
			break;
	if (i < c->t->n || (!strcmp(name, "default") && c->default_line)) {
		fprintf(stderr, "fabench: %s:%d: %s set twice (first on line %d)\n", c->path,
			c->line, name, i < c->t->n ? c->glob_line[i] : c->default_line);
		c->bad = 1;
		return 0;
	}
	if (!strcmp(name, "default"))
		c->default_line = c->line;
	else if (c->t->n < THRESHOLDS_MAX)
		c->glob_line[c->t->n] = c->line;
	if (add(c->t, name, pct, 0)) {
		fprintf(stderr, "fabench: %s: more than %d thresholds\n", c->path,
			THRESHOLDS_MAX);
		c->bad = 1;
		return 0;
	}
	return 1;
}

int thresholds_load(struct thresholds *t, const char *path)
{
	struct load_ctx c = { .t = t, .path = path };
	int ret, err;

	c.f = fopen(path, "r");
	if (!c.f) {
		fprintf(stderr, "fabench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	ret = ini_parse_stream(read_line, &c, ini_cb, &c);
	/* a read error (a directory: EISDIR) is not the end of the file */
	err = ferror(c.f) ? errno : 0;
	fclose(c.f);
	if (c.bad)
		return -1;
	if (err) {
		fprintf(stderr, "fabench: %s: %s\n", path, strerror(err));
		return -1;
	}
	if (ret > 0) {
		fprintf(stderr, "fabench: %s:%d: expected 'metric_glob = percent'\n", path, ret);
		return -1;
	}
	return 0;
}

int thresholds_override(struct thresholds *t, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char glob[256];
	double pct;

	if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(glob) || parse_pct(eq + 1, &pct)) {
		fprintf(stderr, "fabench: --threshold %s: expected metric=percent\n", arg);
		return -1;
	}
	snprintf(glob, sizeof(glob), "%.*s", (int)(eq - arg), arg);
	if (add(t, glob, pct, 1)) {
		fprintf(stderr, "fabench: --threshold %s: too many thresholds\n", arg);
		return -1;
	}
	return 0;
}

/* The first matching glob in file order, overrides before them. */
double threshold_for(const struct thresholds *t, const char *metric)
{
	int i;

	for (i = 0; i < t->n; i++)
		if (!fnmatch(t->glob[i], metric, 0))
			return t->pct[i];
	return t->fallback;
}

/*
 * configs/thresholds.conf of the working directory, else of the tree the
 * binary was built in (build/fabench), so regress agrees with itself
 * wherever it is run from.
 */
static int find_shipped(char *path, size_t len)
{
	char exe[4096], *slash;
	ssize_t n;

	snprintf(path, len, "%s", THRESHOLDS_SHIPPED);
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
	snprintf(path, len, "%s/../%s", exe, THRESHOLDS_SHIPPED);
	return access(path, R_OK);
}

int thresholds_load_or_shipped(struct thresholds *t, const char *file)
{
	char path[8192];

	if (file)
		return thresholds_load(t, file);
	if (find_shipped(path, sizeof(path))) {
		fprintf(stderr, "fabench: note: no %s: every threshold is %g%%\n",
			THRESHOLDS_SHIPPED, t->fallback);
		return 0;
	}
	return thresholds_load(t, path);
}
