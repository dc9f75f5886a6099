/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A run's result directory: written under a temporary name, renamed into
 * place only when complete, then results/latest is pointed at it.
 */
#ifndef FABENCH_RESULTDIR_H
#define FABENCH_RESULTDIR_H

#include <limits.h>
#include <stdbool.h>

struct resultdir {
	char root[PATH_MAX];		/* results/ */
	char name[256];			/* 20261125-101500-host-6.18.0-label */
	char tmp[PATH_MAX + 300];	/* root/.name.tmp */
	char final[PATH_MAX + 300];	/* root/name */
};

/*
 * Create root (if needed) and the temporary directory, with an owner file
 * (OWNER_FILE: this process's pid and start time) that
 * resultdir_remove_stale reads.  -1 after one line on stderr.
 */
int resultdir_begin(struct resultdir *rd, const char *root, const char *label);
/*
 * Make the directory durable (its entries synced), rename it into place
 * and update root/latest.  -1 with the failure recorded by outfile
 * (outfile_error()); the temporary directory is then still there.
 */
int resultdir_commit(struct resultdir *rd);
/*
 * Remove root's temporary directories whose run is gone (killed with
 * SIGKILL, or a crash): one line each on stderr.  A directory without an
 * owner file is removed only when orphans_too (the caller holds the run
 * lock, so no run of this machine can be writing it).  Returns how many.
 */
int resultdir_remove_stale(const char *root, bool orphans_too);
/* Remove the temporary directory and everything in it. */
void resultdir_abort(struct resultdir *rd);

#endif /* FABENCH_RESULTDIR_H */
