// SPDX-License-Identifier: GPL-2.0-only
/* fabench variants: the runs' identities, the TCG banner, table titles. */
#include <stdarg.h>
#include <string.h>

#include "analysis/variants.h"

void variants_line(FILE *out, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (strlen(buf) > VAR_COLS)
		fprintf(out, "%.*s~\n", VAR_COLS - 1, buf);
	else
		fprintf(out, "%s\n", buf);
}

/* A path too long for a line keeps its end: the run's name is there. */
static void dir_line(FILE *out, const char *dir)
{
	size_t len = strlen(dir), room = VAR_COLS - 3;

	if (len <= room)
		fprintf(out, "  %s\n", dir);
	else
		fprintf(out, "  ~%s\n", dir + len - (room - 1));
}

static void run_block(FILE *out, const struct variants *v, int i)
{
	const struct var_run *r = &v->run[i];
	const char *variant = *r->kernel && strcmp(r->kernel, r->name) ? r->kernel : "";

	variants_line(out, "%s%s%s%s", r->name, *variant ? " (variant " : "", variant,
		      i == v->base ? (*variant ? ", baseline)" : " (baseline)") :
		      (*variant ? ")" : ""));
	variants_line(out, "  kernel %s, %s, harness %s", r->rs.kernel_release, r->arch,
		      *r->rs.harness_revision ? r->rs.harness_revision : "(not recorded)");
	variants_line(out, "  accel %s%s%s", r->accel, *r->accel_reason ? ": " : "",
		      r->accel_reason);
	dir_line(out, r->rs.dir);
}

void variants_header(FILE *out, const struct variants *v)
{
	int i;

	variants_line(out, "fabench variants: %d runs of one config, baseline %s", v->n,
		      v->run[v->base].name);
	if (v->tcg)
		fprintf(out, "times emulated (TCG): counts are exact, times are indicative only\n");
	fputc('\n', out);
	for (i = 0; i < v->n; i++)
		run_block(out, v, i);
	fputc('\n', out);
}

void variants_title(FILE *out, const struct variants *v, const char *title, bool times)
{
	variants_line(out, "%s%s", title, times && v->tcg ? " (indicative: TCG)" : "");
}
