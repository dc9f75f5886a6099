// SPDX-License-Identifier: GPL-2.0-only
/*
 * fabench variants: the write-protect oracle's verdict on each kernel.
 * lost_wp (a write to a protected page that completed without a WP fault,
 * or that the async scan never reported) is data a snapshot would miss;
 * spurious_wp (a WP fault on a page not protected, or a protected page
 * reported written that nobody wrote) costs time only.  The actors' op
 * counts show whether the run raced anything at all.
 */
#include <string.h>

#include "analysis/variants.h"

/* lost spur wr/prot punch zap: 5 numbers of these widths, a space each */
static const struct {
	const char *metric, *head;
	int w;
} num[] = {
	{ "lost_wp", "lost", 5 },
	{ "spurious_wp", "spur", 5 },
	{ "writes_protected", "wr/prot", 7 },
	{ "ops_puncher", "punch", 6 },
	{ "ops_zapper", "zap", 8 },
};
#define NNUM (sizeof(num) / sizeof(num[0]))
#define NUM_COLS (6 + 6 + 8 + 7 + 9)

static const char *const lead[] = { "mode", "fault_around_bytes", NULL };

/*
 * What a punch did to the wp bit of the protected pages it hit, read from
 * pagemap right after it: the pre-unmap leaves PTE markers, truncation's
 * own per-folio unmap drops them (ZAP_FLAG_DROP_MARKER).  The oracle does
 * not count a dropped bit as lost (the kernel promises nothing there), so
 * this is where removing the pre-unmap shows.
 */
static bool punched_cell(const struct variants *v, int r, const struct rs_point *p,
			 void *arg, char *buf, size_t len)
{
	double kept, dropped;

	(void)arg;
	if (!variants_sum(v, r, p, "punch_wp_kept", &kept) ||
	    !variants_sum(v, r, p, "punch_wp_dropped", &dropped))
		return false;
	snprintf(buf, len, "%.0f/%.0f", kept, dropped);
	return true;
}

static void punched_pages(FILE *out, const struct variants *v)
{
	const struct var_grid g = { .prefix = "wp_oracle", .lead = lead, .cell = punched_cell };

	fprintf(out, "Punched protected pages: wp bit kept / dropped (sums)\n");
	if (!variants_grid(out, v, &g))
		fprintf(out, "  no punch_wp_kept/punch_wp_dropped in these runs\n");
	fputc('\n', out);
}

static const char *verdict(const struct variants *v, int r, const struct rs_point *p)
{
	double lost = 0, spur = 0, oracle = 0;

	variants_sum(v, r, p, "lost_wp", &lost);
	variants_sum(v, r, p, "spurious_wp", &spur);
	variants_sum(v, r, p, "oracle_errors", &oracle);
	if (lost > 0)
		return "LOST WP";
	if (oracle > 0)
		return "ORACLE ERRORS";
	return spur > 0 ? "SPURIOUS" : "ok";
}

/* "  lost  spur ..." of run r at p, or its status where not measured */
static void row(FILE *out, const struct variants *v, int r, const struct rs_point *p,
		int namew, int labelw, const char *label)
{
	const struct rs_point *q = variants_point(v, r, p);
	char line[512], cell[32];
	size_t at, i;
	double sum;

	at = (size_t)snprintf(line, sizeof(line), "%-*s %-*.*s", namew, v->run[r].name,
			      labelw, labelw, label);
	if (!q || !q->ok) {
		variants_line(out, "%s n/a: %s", line, q && q->status ? q->status : "no such point");
		return;
	}
	for (i = 0; i < NNUM; i++) {
		if (variants_sum(v, r, p, num[i].metric, &sum))
			snprintf(cell, sizeof(cell), "%.0f", sum);
		else
			snprintf(cell, sizeof(cell), "-");
		at += (size_t)snprintf(line + at, sizeof(line) - at, " %*s", num[i].w, cell);
	}
	variants_line(out, "%s %s", line, verdict(v, r, p));
}

void variants_wp_oracle(FILE *out, const struct variants *v)
{
	const struct var_grid g = { .prefix = "wp_oracle", .lead = lead };
	const struct resultset *b = &v->run[v->base].rs;
	char label[256], head[512];
	int namew = 3, labelw = 5, verdictw = 7, room, r, i, n = 0;
	size_t at, k;

	for (r = 0; r < v->n; r++)
		namew = (int)strlen(v->run[r].name) > namew ? (int)strlen(v->run[r].name) : namew;
	for (i = 0; i < b->npoints; i++) {
		if (strncmp(b->point[i].axis_val[b->naxes], "wp_oracle", 9))
			continue;
		variants_point_name(v, &g, &b->point[i], false, label, sizeof(label));
		labelw = (int)strlen(label) > labelw ? (int)strlen(label) : labelw;
		for (r = 0; r < v->n; r++)
			if ((int)strlen(verdict(v, r, &b->point[i])) > verdictw)
				verdictw = (int)strlen(verdict(v, r, &b->point[i]));
		n++;
	}
	variants_title(out, v, "Write-protect oracle (sums over the repetitions)", false);
	if (!n) {
		fprintf(out, "  no wp_oracle points in these runs\n\n");
		return;
	}
	/* the point names give way to the verdicts */
	room = VAR_COLS - namew - 1 - NUM_COLS - 1 - verdictw;
	labelw = labelw > room ? (room > 5 ? room : 5) : labelw;
	at = (size_t)snprintf(head, sizeof(head), "%-*s %-*s", namew, "run", labelw, "point");
	for (k = 0; k < NNUM; k++)
		at += (size_t)snprintf(head + at, sizeof(head) - at, " %*s", num[k].w, num[k].head);
	variants_line(out, "%s verdict", head);
	for (i = 0; i < b->npoints; i++) {
		if (strncmp(b->point[i].axis_val[b->naxes], "wp_oracle", 9))
			continue;
		variants_point_name(v, &g, &b->point[i], false, label, sizeof(label));
		for (r = 0; r < v->n; r++)
			row(out, v, r, &b->point[i], namew, labelw, label);
	}
	fprintf(out, "lost (LOST WP): protected writes with no WP fault/report (data loss);\n"
		"spur: WP faults or reports on unprotected pages (cost only);\n"
		"punch, zap: actor ops\n\n");
	punched_pages(out, v);
}
