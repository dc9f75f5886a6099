// SPDX-License-Identifier: GPL-2.0-only
/* Readers of /proc and /sys for the result metadata. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "bench/kernel/sysinfo.h"

int sysinfo_read_file(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f) {
		snprintf(buf, len, "unsupported: %s reading %s",
			 strerrorname_np(errno) ?: "error", path);
		return -1;
	}
	n = fread(buf, 1, len - 1, f);
	if (ferror(f)) {
		snprintf(buf, len, "unsupported: %s reading %s",
			 strerrorname_np(errno) ?: "error", path);
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

void sysinfo_bracketed(const char *text, char *out, size_t len)
{
	const char *a = strchr(text, '['), *b = a ? strchr(a, ']') : NULL;

	if (a && b)
		snprintf(out, len, "%.*s", (int)(b - a - 1), a + 1);
	else
		snprintf(out, len, "%s", text);
}

void sysinfo_cpu_model(char *buf, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512], *colon;

	snprintf(buf, len, "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		/* x86 says "model name", arm64 only "CPU part" and friends */
		if (strncmp(line, "model name", 10) && strncmp(line, "CPU part", 8))
			continue;
		colon = strchr(line, ':');
		if (colon) {
			snprintf(buf, len, "%s", colon + 2);
			buf[strcspn(buf, "\n")] = '\0';
		}
		break;
	}
	fclose(f);
}

const char *sysinfo_sysfs_root(void)
{
	const char *root = getenv("FABENCH_SYSFS_ROOT");

	return root ? root : "";
}

int sysinfo_tracefs(char *dir, size_t len, bool *mounted, char *why, size_t whylen)
{
	static const char *const dirs[] = {
		"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
	};
	char path[128];
	int denied = 0;
	size_t i;

	*mounted = false;
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/events", dirs[i]);
		if (!access(path, R_OK)) {
			snprintf(dir, len, "%s", dirs[i]);
			return 0;
		}
		denied |= errno == EACCES;
	}
	if (mount("nodev", dirs[0], "tracefs", 0, NULL)) {
		/* mounted but not readable (not root) is not "not mounted" */
		if (denied)
			snprintf(why, whylen, "unsupported: tracefs: EACCES reading %s/events",
				 dirs[0]);
		else
			snprintf(why, whylen, "unsupported: tracefs not mounted, mount: %s",
				 strerrorname_np(errno) ?: "error");
		return -1;
	}
	*mounted = true;
	snprintf(dir, len, "%s", dirs[0]);
	return 0;
}

void sysinfo_tracefs_put(const char *dir, bool mounted)
{
	if (mounted)
		umount(dir);
}

void sysinfo_hostname(char *buf, size_t len)
{
	if (gethostname(buf, len))
		snprintf(buf, len, "unknown");
	buf[len - 1] = '\0';
}
