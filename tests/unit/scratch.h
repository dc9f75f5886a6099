/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The unit tests' scratch directory (after cmocka.h): made under $TMPDIR
 * (else /tmp), files written into it, removed with whatever it holds.
 */
#ifndef FABENCH_TESTS_SCRATCH_H
#define FABENCH_TESTS_SCRATCH_H

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define SCRATCH_DIR_MAX 256	/* the size of a scratch directory's name */

/* Make $TMPDIR/fabench-NAME-XXXXXX into dir[SCRATCH_DIR_MAX]; 0 or -1. */
static inline int scratch_make(char *dir, const char *name)
{
	const char *base = getenv("TMPDIR");

	if ((size_t)snprintf(dir, SCRATCH_DIR_MAX, "%s/fabench-%s-XXXXXX",
			     base && *base ? base : "/tmp", name) >= SCRATCH_DIR_MAX)
		return -1;
	return mkdtemp(dir) ? 0 : -1;
}

/* dir/name holds text afterwards, or the test fails. */
static inline void scratch_put(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	assert_true((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) < sizeof(path));
	f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

/* Every file in dir, then dir; 0 or -1. */
static inline int scratch_remove(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) < sizeof(path))
			unlink(path);
	}
	closedir(d);
	return rmdir(dir);
}

#endif /* FABENCH_TESTS_SCRATCH_H */
