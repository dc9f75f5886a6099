// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz harness of the result directory readers: analysis/resultset.c
 * (meta.json, samples.csv) and what `fabench report` reads with it
 * (meta.json's machine and probe, hist/point-NNNN.csv for the figures,
 * profile/point-NNNN.csv for the profile tables), and `fabench lkp-stats`
 * (LKP's parse) of the same directory.
 *
 * Input: one text of several files, each after a marker line
 * "==> NAME <==" (as `head` prints them).  NAME is one of a fixed list
 * (below); any other marker's lines are dropped, so nothing is written
 * outside the fresh temporary directory the files go to (removed after;
 * under $FUZZ_TMPDIR, else /dev/shm, else $TMPDIR or /tmp).
 * The figures get a plot directory that does not exist (and PATH no
 * gnuplot): their data files are never written, gnuplot never runs, and a
 * name in the input ("../x") cannot make a path outside it.
 */
#include <ctype.h>
#include <fcntl.h>
#include <ftw.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/lkp_stats.h"
#include "analysis/report.h"
#include "analysis/resultset.h"
#include "tests/fuzz/fuzz.h"

#define NOWHERE "/nonexistent-fabench-fuzz"
/* the points and metrics whose accessors are called */
#define MAX_CHECKED 64

static FILE *devnull;
static char tmproot[256];

/* summary.csv: no reader in analysis/ yet, but a run writes it */
static const char *const names[] = { "meta.json", "samples.csv", "summary.csv" };

/* Whether name is SUBDIR/point-NNNN.csv of the subdirectory subdir. */
static int point_file(const char *name, size_t len, const char *subdir)
{
	size_t d = strlen(subdir), i;

	if (len != d + strlen("/point-0000.csv") || memcmp(name, subdir, d) ||
	    memcmp(name + d, "/point-", 7) || memcmp(name + d + 11, ".csv", 4))
		return 0;
	for (i = d + 7; i < d + 11; i++)
		if (!isdigit((unsigned char)name[i]))
			return 0;
	return 1;
}

/* Whether name is one of names[], hist/point-NNNN.csv or profile/point-NNNN.csv. */
static int allowed(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (len == strlen(names[i]) && !memcmp(name, names[i], len))
			return 1;
	return point_file(name, len, "hist") || point_file(name, len, "profile");
}

static void write_all(int fd, const char *s, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, s, len);
		if (n <= 0) {
			perror("fuzz_resultdir: write");
			abort();
		}
		s += n;
		len -= (size_t)n;
	}
}

/* The marked files of data[len] into dir. */
static void split(const char *dir, const char *data, size_t len)
{
	const char *p = data, *end = data + len, *eol, *next;
	char name[32], path[600];
	int fd = -1;
	size_t n;

	for (; p < end; p = next) {
		eol = memchr(p, '\n', (size_t)(end - p));
		next = eol ? eol + 1 : end;
		n = (size_t)((eol ? eol : end) - p);
		if (n < 8 || memcmp(p, "==> ", 4) || memcmp(p + n - 4, " <==", 4)) {
			if (fd >= 0)
				write_all(fd, p, (size_t)(next - p));
			continue;
		}
		if (fd >= 0)
			close(fd);
		fd = -1;
		if (!allowed(p + 4, n - 8))
			continue;
		memcpy(name, p + 4, n - 8);	/* allowed: shorter than name */
		name[n - 8] = '\0';
		if (strchr(name, '/')) {	/* hist/ or profile/ */
			snprintf(path, sizeof(path), "%s/%.*s", dir, (int)(strchr(name, '/') - name),
				 name);
			if (mkdir(path, 0700) && access(path, F_OK))
				abort();
		}
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd < 0) {
			perror(path);
			abort();
		}
	}
	if (fd >= 0)
		close(fd);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	if (remove(path))
		perror(path);
	return 0;
}

/* The readers' accessors, on a few points and metrics. */
static void use(const struct resultset *rs)
{
	const struct rs_metric_decl *d;
	const struct rs_point *p;
	double *out;
	int i, m, a;

	resultset_require_decls(rs);
	for (i = 0; i < rs->npoints && i < MAX_CHECKED; i++) {
		p = &rs->point[i];
		resultset_find(rs, p->key);
		resultset_point_value(rs, p, "workload");
		resultset_point_value(rs, p, "section");
		for (a = 0; a < rs->naxes; a++)
			resultset_point_value(rs, p, rs->axis_name[a]);
		out = calloc(p->nreps + 1, sizeof(*out));
		if (!out)
			abort();
		for (m = 0; m < rs->nmetrics && m < MAX_CHECKED; m++) {
			resultset_metric(rs, rs->metric[m]);
			resultset_samples(rs, p, m, out);
			d = resultset_decl(rs, p, rs->metric[m]);
			resultset_decl_keeps(rs, d, p);
		}
		free(out);
	}
}

void fuzz_setup(void)
{
	const char *tmp = getenv("FUZZ_TMPDIR");

	/* tmpfs where there is one: files written and removed per input */
	if (!tmp || !*tmp)
		tmp = access("/dev/shm", W_OK) ? getenv("TMPDIR") : "/dev/shm";
	snprintf(tmproot, sizeof(tmproot), "%s", tmp && *tmp ? tmp : "/tmp");
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	/* no gnuplot, should a figure's data ever be written */
	setenv("PATH", NOWHERE, 1);
}

void fuzz_one(char *data, size_t len)
{
	struct resultset rs;
	json_error_t err;
	char dir[512], path[600];
	json_t *meta;

	snprintf(dir, sizeof(dir), "%s/fabench-fuzz.XXXXXX", tmproot);
	if (!mkdtemp(dir)) {
		perror(dir);
		abort();
	}
	split(dir, data, len);
	/* what `fabench report` reads (report_write, but for report.txt) */
	if (!resultset_load(dir, &rs)) {
		use(&rs);
		snprintf(path, sizeof(path), "%s/meta.json", dir);
		meta = json_load_file(path, 0, &err);
		if (meta) {
			report_machine(devnull, meta);
			report_fingerprint(devnull, meta);
			/* the figures, hist/ included; their data cannot be written */
			report_plots(devnull, &rs, meta, NOWHERE "/plots", NULL);
			report_profiles(devnull, &rs);
			json_decref(meta);
		}
		resultset_free(&rs);
		/* LKP's parse reads the same files once more */
		lkp_stats_write(dir, devnull);
	}
	if (nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS))
		perror(dir);
}
