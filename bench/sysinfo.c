// SPDX-License-Identifier: GPL-2.0-only
/* Readers of /proc and /sys for the result metadata. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "sysinfo.h"

#define DEBUGFS_MAGIC_NUMBER 0x64626720
#define FAULT_AROUND_PATH "/sys/kernel/debug/fault_around_bytes"

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

/*
 * Mounts debugfs for the read if it is not mounted (root only) and unmounts
 * it again, so the reason reported is the knob's own (EPERM under lockdown).
 */
void sysinfo_fault_around_bytes(char *buf, size_t len)
{
	struct statfs sfs;
	bool mounted = false;

	if (statfs("/sys/kernel/debug", &sfs) || sfs.f_type != DEBUGFS_MAGIC_NUMBER) {
		if (mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL)) {
			snprintf(buf, len, "unsupported: debugfs not mounted, mount: %s",
				 strerrorname_np(errno) ?: "error");
			return;
		}
		mounted = true;
	}
	if (access(FAULT_AROUND_PATH, F_OK))
		snprintf(buf, len, "unsupported: no %s (%s)", FAULT_AROUND_PATH,
			 strerrorname_np(errno) ?: "error");
	else
		sysinfo_read_file(FAULT_AROUND_PATH, buf, len);
	if (mounted)
		umount("/sys/kernel/debug");
}

void sysinfo_hostname(char *buf, size_t len)
{
	if (gethostname(buf, len))
		snprintf(buf, len, "unknown");
	buf[len - 1] = '\0';
}
