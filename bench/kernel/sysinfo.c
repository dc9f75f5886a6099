// SPDX-License-Identifier: GPL-2.0-only
/* Readers of /proc and /sys for the result metadata. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "bench/kernel/sysinfo.h"

#define DEBUGFS_MAGIC_NUMBER 0x64626720
#define DEBUGFS_DIR "/sys/kernel/debug"
#define FAULT_AROUND_PATH DEBUGFS_DIR "/fault_around_bytes"

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

/* Whether path opens for writing; nothing is written. */
static void open_for_write(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0) {
		snprintf(buf, len, "no (%s)", strerrorname_np(errno) ?: "error");
		return;
	}
	close(fd);
	snprintf(buf, len, "yes");
}

static void fault_around_at(const char *path, char *value, size_t vlen,
			    char *writable, size_t wlen)
{
	if (access(path, F_OK)) {
		snprintf(value, vlen, "unsupported: no %s (%s)", path,
			 strerrorname_np(errno) ?: "error");
		if (writable)
			snprintf(writable, wlen, "%s", value);
		return;
	}
	sysinfo_read_file(path, value, vlen);
	if (writable)
		open_for_write(path, writable, wlen);
}

/*
 * Under the real root, mounts debugfs if it is not mounted (root only) and
 * unmounts it again, so the reason reported is the knob's own (EPERM under
 * lockdown).  A fake root is only read.
 */
void sysinfo_fault_around(const char *root, char *value, size_t vlen,
			  char *writable, size_t wlen)
{
	char path[4096];
	struct statfs sfs;
	bool mounted = false;

	snprintf(path, sizeof(path), "%s" FAULT_AROUND_PATH, root);
	if (!root[0] && (statfs(DEBUGFS_DIR, &sfs) || sfs.f_type != DEBUGFS_MAGIC_NUMBER)) {
		if (mount("debugfs", DEBUGFS_DIR, "debugfs", 0, NULL)) {
			snprintf(value, vlen, "unsupported: debugfs not mounted, mount: %s",
				 strerrorname_np(errno) ?: "error");
			if (writable)
				snprintf(writable, wlen, "%s", value);
			return;
		}
		mounted = true;
	}
	fault_around_at(path, value, vlen, writable, wlen);
	if (mounted)
		umount(DEBUGFS_DIR);
}

void sysinfo_fault_around_bytes(char *buf, size_t len)
{
	sysinfo_fault_around(sysinfo_sysfs_root(), buf, len, NULL, 0);
}

int sysinfo_tracefs(char *dir, size_t len, bool *mounted, char *why, size_t whylen)
{
	static const char *const dirs[] = {
		"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
	};
	char path[128];
	size_t i;

	*mounted = false;
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/events", dirs[i]);
		if (!access(path, R_OK)) {
			snprintf(dir, len, "%s", dirs[i]);
			return 0;
		}
	}
	if (mount("nodev", dirs[0], "tracefs", 0, NULL)) {
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
