// SPDX-License-Identifier: GPL-2.0-only
/* The knob registry, read, set with read-back, and restore; see knobs.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "bench/kernel/knobs/cpufreq.h"
#include "bench/kernel/knobs/fault_around_bytes.h"
#include "bench/kernel/knobs/khugepaged.h"
#include "bench/kernel/knobs/knobs.h"
#include "bench/kernel/knobs/shmem_folio.h"
#include "bench/kernel/knobs/thp_defrag.h"
#include "bench/kernel/knobs/thp_shmem.h"
#include "bench/kernel/statedir.h"
#include "bench/kernel/sysinfo.h"

#define DEBUGFS_MAGIC_NUMBER 0x64626720
#define DEBUGFS_DIR "/sys/kernel/debug"
#define RECORD_NAME "knobs.restore"

static const struct knob *const fixed_knobs[KNOB_SHMEM_FOLIO] = {
	[KNOB_FAULT_AROUND] = &knob_fault_around_bytes,
	[KNOB_THP_SHMEM] = &knob_thp_shmem,
	[KNOB_THP_DEFRAG] = &knob_thp_defrag,
	[KNOB_KHUGEPAGED] = &knob_khugepaged_sleep,
	[KNOB_NO_TURBO] = &knob_no_turbo,
	[KNOB_BOOST] = &knob_boost,
};

/* A fixed knob, a per-size shmem knob the running kernel lists, or a CPU's governor. */
static const struct knob *knob_def(enum knob_id id)
{
	if (id < KNOB_SHMEM_FOLIO)
		return fixed_knobs[id];
	if (id >= KNOB_GOVERNOR)
		return cpufreq_governor_knob((int)(id - KNOB_GOVERNOR));
	return shmem_folio_knob((int)(id - KNOB_SHMEM_FOLIO));
}

static struct {
	bool saved;		/* original recorded (on disk and here) */
	bool changed;		/* currently differs from the original */
	char original[64];
} state[KNOB_COUNT];

static bool mounted_debugfs;

const char *knob_name(enum knob_id id)
{
	return knob_def(id)->name;
}

void knob_path(enum knob_id id, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", sysinfo_sysfs_root(), knob_def(id)->relpath);
}

static void record_path(char *buf, size_t len)
{
	statedir_file(RECORD_NAME, buf, len);
}

/*
 * debugfs is often not mounted: mount it (root only) on the real tree.
 * 0 when the knob's file system is there (*mounted: by this call), -1
 * with "unsupported: <reason>" in why.
 */
static int debugfs_get(enum knob_id id, bool *mounted, char *why, size_t whylen)
{
	struct statfs sfs;

	*mounted = false;
	if (!knob_def(id)->debugfs || sysinfo_sysfs_root()[0])
		return 0;
	if (!statfs(DEBUGFS_DIR, &sfs) && sfs.f_type == DEBUGFS_MAGIC_NUMBER)
		return 0;
	if (mount("debugfs", DEBUGFS_DIR, "debugfs", 0, NULL)) {
		snprintf(why, whylen, "unsupported: debugfs not mounted, mount: %s",
			 strerrorname_np(errno) ?: "error");
		return -1;
	}
	*mounted = true;
	return 0;
}

int knob_read_raw(enum knob_id id, char *raw, size_t len)
{
	char path[4096], why[256];
	bool mounted;

	/* debugfs not mounted and not mountable (not root): say that, not ENOENT */
	if (!mounted_debugfs) {
		if (debugfs_get(id, &mounted, why, sizeof(why))) {
			snprintf(raw, len, "%s", why);
			return -1;
		}
		mounted_debugfs = mounted;
	}
	knob_path(id, path, sizeof(path));
	return sysinfo_read_file(path, raw, len);
}

void knob_decode(enum knob_id id, const char *raw, char *val, size_t len)
{
	if (knob_def(id)->decode)
		knob_def(id)->decode(raw, val, len);
	else
		snprintf(val, len, "%s", raw);
}

int knob_read(enum knob_id id, char *val, size_t len, char *why, size_t whylen)
{
	char raw[256];

	if (knob_read_raw(id, raw, sizeof(raw))) {
		snprintf(why, whylen, "%s", raw + strlen("unsupported: "));
		return -1;
	}
	knob_decode(id, raw, val, len);
	return 0;
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

void knob_inspect(enum knob_id id, char *value, size_t vlen, char *writable, size_t wlen)
{
	char path[4096];
	bool mounted;

	if (debugfs_get(id, &mounted, value, vlen)) {
		if (writable)
			snprintf(writable, wlen, "%s", value);
		return;
	}
	knob_path(id, path, sizeof(path));
	if (access(path, F_OK)) {
		snprintf(value, vlen, "unsupported: no %s (%s)", path,
			 strerrorname_np(errno) ?: "error");
		if (writable)
			snprintf(writable, wlen, "%s", value);
	} else {
		sysinfo_read_file(path, value, vlen);
		if (writable)
			open_for_write(path, writable, wlen);
	}
	if (mounted)
		umount(DEBUGFS_DIR);
}

static int write_value(enum knob_id id, const char *val, char *why, size_t whylen)
{
	char path[4096];
	int fd, err;
	ssize_t n;

	knob_path(id, path, sizeof(path));
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, whylen, "%s: %s opening %s", knob_def(id)->name,
			 strerrorname_np(errno) ?: "error", path);
		return -1;
	}
	n = write(fd, val, strlen(val));
	err = errno;
	close(fd);
	if (n != (ssize_t)strlen(val)) {
		snprintf(why, whylen, "%s: %s writing '%s'", knob_def(id)->name,
			 strerrorname_np(err) ?: "short write", val);
		return -1;
	}
	return 0;
}

/* Append "relpath<TAB>root<TAB>value" to the record, durably, before a change. */
static int record_original(enum knob_id id, const char *val, char *why, size_t whylen)
{
	char path[4096];
	FILE *f;

	record_path(path, sizeof(path));
	statedir_make();
	f = fopen(path, "a");
	if (!f) {
		snprintf(why, whylen, "restore record %s: %s", path, strerror(errno));
		return -1;
	}
	fprintf(f, "%s\t%s\t%s\n", knob_def(id)->relpath, sysinfo_sysfs_root(), val);
	if (fflush(f) || fsync(fileno(f)) || fclose(f)) {
		snprintf(why, whylen, "restore record %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int knob_set(enum knob_id id, const char *val, char *why, size_t whylen)
{
	char cur[64], back[64];
	const char *want = val;

	if (!strcmp(val, "default")) {
		/* the value fabench found is in place: nothing to read or write */
		if (!state[id].changed)
			return 0;
		want = state[id].original;
	}
	if (knob_read(id, cur, sizeof(cur), why, whylen)) {
		char reason[256];

		snprintf(reason, sizeof(reason), "%s", why);
		snprintf(why, whylen, "%s: %s", knob_def(id)->name, reason);
		return -1;
	}
	if (!strcmp(cur, want))
		return 0;
	if (!state[id].saved) {
		if (record_original(id, cur, why, whylen))
			return -1;
		snprintf(state[id].original, sizeof(state[id].original), "%s", cur);
		state[id].saved = true;
	}
	if (write_value(id, want, why, whylen))
		return -1;
	state[id].changed = strcmp(want, state[id].original);
	if (knob_read(id, back, sizeof(back), why, whylen))
		return -1;
	if (strcmp(back, want)) {
		snprintf(why, whylen, "%s: wrote '%s', read back '%s'", knob_def(id)->name,
			 want, back);
		return -1;
	}
	return 0;
}

void knob_restore_all(void)
{
	char why[256], path[4096];
	int id, failed = 0;

	for (id = 0; id < KNOB_COUNT; id++) {
		if (!state[id].changed)
			continue;
		if (write_value(id, state[id].original, why, sizeof(why))) {
			fprintf(stderr, "fabench: restoring %s\n", why);
			failed = 1;
			continue;
		}
		state[id].changed = false;
	}
	/* keep the record if something could not be put back */
	if (!failed) {
		record_path(path, sizeof(path));
		unlink(path);
		memset(state, 0, sizeof(state));
	}
	if (mounted_debugfs && !umount(DEBUGFS_DIR))
		mounted_debugfs = false;
}

/* One record line, "relpath<TAB>root<TAB>value": write the value back. */
static int restore_line(char *line, bool verbose)
{
	char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
	char path[8800], *val;
	FILE *f;

	if (!t2)
		return -1;
	*t1 = *t2 = '\0';
	val = t2 + 1;
	val[strcspn(val, "\n")] = '\0';
	snprintf(path, sizeof(path), "%s/%s", t1 + 1, line);
	f = fopen(path, "w");
	if (!f || fputs(val, f) < 0 || fclose(f)) {
		fprintf(stderr, "fabench: restoring %s to '%s': %s\n", path, val, strerror(errno));
		return -1;
	}
	if (verbose)
		fprintf(stderr, "fabench: restored %s to '%s' (left changed by an earlier run)\n",
			path, val);
	return 0;
}

int knob_restore_from_record(bool verbose)
{
	char path[4096], line[4352];
	FILE *f;
	int n = 0, err = 0;

	record_path(path, sizeof(path));
	f = fopen(path, "r");
	if (!f)
		return errno == ENOENT ? 0 : -1;
	while (fgets(line, sizeof(line), f)) {
		if (restore_line(line, verbose))
			err = 1;
		else
			n++;
	}
	fclose(f);
	if (err)
		return -1;
	unlink(path);
	return n;
}
