// SPDX-License-Identifier: GPL-2.0-only
/* /proc/sys/vm/drop_caches; see drop_caches.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bench/kernel/drop_caches.h"
#include "bench/kernel/sysinfo.h"

int drop_caches(char *why, size_t len)
{
	char path[4096];
	ssize_t n;
	int fd, err;

	snprintf(path, sizeof(path), "%s/proc/sys/vm/drop_caches", sysinfo_sysfs_root());
	sync();
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, len, "%s opening %s", strerrorname_np(errno) ?: "error", path);
		return -1;
	}
	n = write(fd, "3", 1);
	err = errno;
	close(fd);
	if (n != 1) {
		snprintf(why, len, "%s writing %s", strerrorname_np(err) ?: "error", path);
		return -1;
	}
	return 0;
}

long drop_caches_cached_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Cached: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}
