// SPDX-License-Identifier: GPL-2.0-only
/* report.txt, assembled; see report.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/plot.h"
#include "analysis/report.h"
#include "bench/lib/outfile.h"

#define LINE_COLS 80

/*
 * The tables are summary.txt's: run already fits them to 80 columns and
 * knows which axes to show; a longer line (a hand-edited file) is cut.
 */
static void report_tables(FILE *out, const char *dir, bool tcg)
{
	char path[4096], line[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/summary.txt", dir);
	f = fopen(path, "r");
	fprintf(out, "Tables (summary.txt)%s\n", tcg ? " (times indicative: TCG)" : "");
	if (!f) {
		fprintf(out, "  unsupported: %s\n\n", strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		fprintf(out, "%.*s\n", LINE_COLS, line);
	}
	fclose(f);
	fputc('\n', out);
}

/* profiles: report_profiles' text, rendered before anything is written */
static void report_body(FILE *out, const struct resultset *rs, json_t *meta,
			const char *profiles, FILE *figures)
{
	char sfx[256], plotdir[4096];

	report_title_suffix(meta, sfx, sizeof(sfx));
	fprintf(out, "fabench report: %.63s\n", sfx);
	fprintf(out, "%.80s\n\n", rs->dir);
	report_machine(out, meta);
	report_fingerprint(out, meta);
	report_tables(out, rs->dir, report_tcg(meta));
	fputs(profiles, out);
	if (!plot_available()) {
		fprintf(out, "plots: unsupported: gnuplot not found\n");
		return;
	}
	snprintf(plotdir, sizeof(plotdir), "%s/plots", rs->dir);
	if (mkdir(plotdir, 0777) && errno != EEXIST) {
		fprintf(out, "plots: unsupported: mkdir %s: %s\n", plotdir, strerror(errno));
		return;
	}
	report_plots(out, rs, meta, plotdir, figures);
}

/* Written under a temporary name so a reader never sees half a report. */
static int write_file(const char *dir, const struct resultset *rs, json_t *meta,
		      const char *profiles, FILE *figures)
{
	struct outfile_replace r;
	char path[4096];

	snprintf(path, sizeof(path), "%s/report.txt", dir);
	if (!outfile_replace_begin(&r, path))
		return -1;
	/* a plot that could not be written: no report that points at it */
	report_body(r.f, rs, meta, profiles, figures);
	if (outfile_error()) {
		outfile_replace_abort(&r);
		return -1;
	}
	return outfile_replace_commit(&r);
}

/*
 * The profile tables, read before anything is written: a malformed file
 * changes nothing.  NULL after report_profiles' line on stderr.
 */
static char *render_profiles(const struct resultset *rs)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int ret;

	if (!f)
		abort();
	ret = report_profiles(f, rs);
	fclose(f);
	if (!ret)
		return buf;
	free(buf);
	return NULL;
}

int report_write(const char *dir, FILE *figures)
{
	struct resultset rs;
	json_error_t err;
	char path[4096];
	char *profiles;
	json_t *meta;
	int ret;

	if (resultset_load(dir, &rs))
		return -1;
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	meta = json_load_file(path, 0, &err);
	if (!meta) {
		fprintf(stderr, "fabench: %s:%d: %s\n", path, err.line, err.text);
		resultset_free(&rs);
		return -1;
	}
	profiles = render_profiles(&rs);
	ret = profiles ? write_file(dir, &rs, meta, profiles, figures) : -1;
	free(profiles);
	json_decref(meta);
	resultset_free(&rs);
	return ret;
}
