// SPDX-License-Identifier: GPL-2.0-only
/* The state directory; see statedir.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "bench/kernel/statedir.h"

static const char *statedir(void)
{
	const char *dir = getenv("FABENCH_STATE_DIR");

	return dir && *dir ? dir : "/run/fabench";
}

void statedir_file(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", statedir(), name);
}

int statedir_make(void)
{
	if (mkdir(statedir(), 0755) && errno != EEXIST)
		return -1;
	return 0;
}
