/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Output files written checked: every write, the flush, fsync and close
 * are checked, so a full disk or an I/O error is an error, never a short
 * file that looks whole.  A failure is remembered as "writing PATH:
 * ERRNO text" (the first one of the process) for the command to print in
 * its one line and exit with EXIT_WRITE_FAILED; these functions print
 * nothing themselves.
 *
 * Files are either written inside a directory that is published as a
 * whole (a run's .tmp directory, renamed into place by resultdir), or
 * replace one file atomically: written under a temporary name beside it
 * and renamed over it only when complete.
 */
#ifndef FABENCH_OUTFILE_H
#define FABENCH_OUTFILE_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

/* fopen(path, "w"); NULL after recording the failure */
FILE *outfile_open(const char *path);
/* Check f's errors, flush, fsync, close; -1 after recording the failure and removing the file. */
int outfile_close(FILE *f, const char *path);
/* A whole file from a buffer, checked like outfile_close. */
int outfile_write(const char *path, const void *buf, size_t len);
/* mkdir (an existing directory is fine); -1 after recording the failure */
int outfile_mkdir(const char *path);
/* fsync a directory, so the names in it (a rename) reach the disk */
int outfile_sync_dir(const char *dir);
/* Record a failure of PATH with errno err (for checks made elsewhere). */
void outfile_fail(const char *path, int err);
/* "writing PATH: No space left on device": the first failure, or NULL. */
const char *outfile_error(void);

/* One file replaced atomically: PATH.tmp.PID, renamed over PATH. */
struct outfile_replace {
	FILE *f;
	char path[PATH_MAX];
	char tmp[PATH_MAX + 32];
};

/* r->f to write to; NULL after recording the failure */
FILE *outfile_replace_begin(struct outfile_replace *r, const char *path);
/* Close checked and rename into place; on failure the temporary is removed. */
int outfile_replace_commit(struct outfile_replace *r);
/* Close and remove the temporary: nothing of it is left. */
void outfile_replace_abort(struct outfile_replace *r);

#endif /* FABENCH_OUTFILE_H */
