/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A run's result directory: written under a temporary name, renamed into
 * place only when complete, then results/latest is pointed at it.
 */
#ifndef FABENCH_RESULTDIR_H
#define FABENCH_RESULTDIR_H

#include <limits.h>

struct resultdir {
	char root[PATH_MAX];		/* results/ */
	char name[256];			/* 20261125-101500-host-6.18.0-label */
	char tmp[PATH_MAX + 300];	/* root/.name.tmp */
	char final[PATH_MAX + 300];	/* root/name */
};

/* Create root (if needed) and the temporary directory. */
int resultdir_begin(struct resultdir *rd, const char *root, const char *label);
/* Rename into place and update root/latest. */
int resultdir_commit(struct resultdir *rd);
/* Remove the temporary directory and everything in it. */
void resultdir_abort(struct resultdir *rd);

#endif /* FABENCH_RESULTDIR_H */
