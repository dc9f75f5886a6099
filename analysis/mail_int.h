/* SPDX-License-Identifier: GPL-2.0-only */
/* fabench mail's parts: the runs (mail.c) and the tables (mail_tables.c). */
#ifndef FABENCH_MAIL_INT_H
#define FABENCH_MAIL_INT_H

#include <stdbool.h>
#include <stdio.h>

#include "analysis/comparison.h"
#include "analysis/mail.h"
#include "analysis/resultset.h"
#include "analysis/variants.h"

/* Functions per profiled point in a comparison */
#define MAIL_PROFILE_ROWS 8

/* Variant columns of 10 characters (9 for six) and a point name of 20 or more. */
#define MAIL_MAX_VARIANTS 6

struct mail_run {
	struct resultset rs;
	char *model;		/* cpu.model */
	int cpus;		/* cpu.online */
	long page_size;		/* build.page_size */
	char *config;		/* config.path */
	char *started;
	char *variant;		/* vm.kernel, or "" outside a guest */
	char *accel;		/* vm.accel, or "" */
	int reps;		/* the repetitions a point has at most */
};

struct mail {
	int n;
	struct mail_run *run;
	bool variants;		/* more than two runs, each a kernel variant */
	struct variants var;	/* then: the same runs, as fabench variants loads them */
};

/* One line, cut to MAIL_COLS with a '~'. */
void mail_line(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *mail_run_name(const struct mail *m, int i, char *buf, size_t len);

/* mail_tables.c */
void mail_single(FILE *out, const struct mail *m);
void mail_compare(FILE *out, const struct mail *m, int other);
void mail_variants(FILE *out, const struct mail *m);

#endif /* FABENCH_MAIL_INT_H */
