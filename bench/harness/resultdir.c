// SPDX-License-Identifier: GPL-2.0-only
/* Result directory naming, atomic commit and clean-up. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench/harness/resultdir.h"
#include "bench/kernel/sysinfo.h"
#include "bench/lib/outfile.h"

/* Keep names shell- and URL-safe: anything odd becomes '_'. */
static void sanitize(char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '-' || *s == '_'))
			*s = '_';
}

#define OWNER_FILE ".owner"

/* "PID START BOOT_ID": a process, told apart from a later one with its pid */
static void process_identity(pid_t pid, char *buf, size_t len)
{
	char path[64], stat[1024], boot[64] = "?";
	unsigned long long start = 0;
	const char *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	stat[0] = '\0';
	if (f) {
		if (!fgets(stat, sizeof(stat), f))
			stat[0] = '\0';
		fclose(f);
	}
	/* after the command name in parentheses: state is field 3, starttime 22 */
	p = strrchr(stat, ')');
	if (p)
		sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
		       &start);
	f = fopen("/proc/sys/kernel/random/boot_id", "r");
	if (f) {
		if (fscanf(f, "%63s", boot) != 1)
			snprintf(boot, sizeof(boot), "?");
		fclose(f);
	}
	snprintf(buf, len, "%d %llu %s", (int)pid, start, boot);
}

static int write_owner(const struct resultdir *rd)
{
	char path[PATH_MAX + 320], id[160];
	size_t n;

	process_identity(getpid(), id, sizeof(id));
	n = strlen(id);
	id[n++] = '\n';
	snprintf(path, sizeof(path), "%s/" OWNER_FILE, rd->tmp);
	return outfile_write(path, id, n);
}

/*
 * Two runs started in the same second with the same label would share a
 * name: the later one takes the first free "-2", "-3", ... suffix.
 */
static int claim_name(struct resultdir *rd)
{
	size_t base = strlen(rd->name);
	int n;

	for (n = 1; n < 100; n++) {
		if (n > 1)
			snprintf(rd->name + base, sizeof(rd->name) - base, "-%d", n);
		snprintf(rd->tmp, sizeof(rd->tmp), "%s/.%s.tmp", rd->root, rd->name);
		snprintf(rd->final, sizeof(rd->final), "%s/%s", rd->root, rd->name);
		if (!access(rd->final, F_OK))
			continue;
		if (!mkdir(rd->tmp, 0755)) {
			if (!write_owner(rd))
				return 0;
			resultdir_abort(rd);	/* main says what failed */
			return -1;
		}
		if (errno != EEXIST)
			break;
	}
	fprintf(stderr, "fabench: %s: %s\n", rd->tmp, strerror(errno));
	return -1;
}

int resultdir_begin(struct resultdir *rd, const char *root, const char *label)
{
	char stamp[32], host[64];
	struct utsname u;
	time_t now = time(NULL);
	struct tm tm;

	memset(rd, 0, sizeof(*rd));
	snprintf(rd->root, sizeof(rd->root), "%s", root);
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	sysinfo_hostname(host, sizeof(host));
	uname(&u);
	snprintf(rd->name, sizeof(rd->name), "%s-%s-%s%s%s", stamp, host, u.release,
		 label && *label ? "-" : "", label ? label : "");
	sanitize(rd->name);
	if (mkdir(root, 0755) && errno != EEXIST) {
		fprintf(stderr, "fabench: %s: %s\n", root, strerror(errno));
		return -1;
	}
	return claim_name(rd);
}

int resultdir_commit(struct resultdir *rd)
{
	char link_tmp[PATH_MAX + 16], link_path[PATH_MAX + 8], owner[PATH_MAX + 320];

	snprintf(owner, sizeof(owner), "%s/" OWNER_FILE, rd->tmp);
	if (unlink(owner)) {
		outfile_fail(owner, errno);
		return -1;
	}
	if (outfile_sync_dir(rd->tmp))
		return -1;
	if (rename(rd->tmp, rd->final)) {
		outfile_fail(rd->final, errno);
		return -1;
	}
	rd->tmp[0] = '\0';	/* published: nothing left to abort */
	/* a relative symlink, replaced atomically */
	snprintf(link_tmp, sizeof(link_tmp), "%s/.latest.tmp", rd->root);
	snprintf(link_path, sizeof(link_path), "%s/latest", rd->root);
	unlink(link_tmp);
	if (symlink(rd->name, link_tmp) || rename(link_tmp, link_path)) {
		outfile_fail(link_path, errno);
		return -1;
	}
	return outfile_sync_dir(rd->root);
}

static int remove_entry(const char *path, const struct stat *sb, int flag,
			struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void resultdir_abort(struct resultdir *rd)
{
	if (rd->tmp[0])
		nftw(rd->tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* "left by pid N, no longer running"; NULL while its owner runs */
static const char *stale_reason(const char *dir, bool orphans_too, char *buf, size_t len)
{
	char path[PATH_MAX + 320], owner[160] = "", now[160], *end;
	long pid;
	FILE *f;

	snprintf(path, sizeof(path), "%s/" OWNER_FILE, dir);
	f = fopen(path, "r");
	if (f) {
		if (!fgets(owner, sizeof(owner), f))
			owner[0] = '\0';
		fclose(f);
	}
	owner[strcspn(owner, "\n")] = '\0';
	pid = strtol(owner, &end, 10);
	if (end == owner || pid <= 0) {
		if (!orphans_too)
			return NULL;
		snprintf(buf, len, "no owner recorded, and no other run holds the run lock");
		return buf;
	}
	process_identity((pid_t)pid, now, sizeof(now));
	if (!strcmp(owner, now))
		return NULL;
	snprintf(buf, len, "left by pid %ld, no longer running", pid);
	return buf;
}

int resultdir_remove_stale(const char *root, bool orphans_too)
{
	struct dirent *e;
	struct resultdir stale;
	struct stat st;
	char why[128];
	size_t n;
	DIR *d = opendir(root);
	int removed = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		n = strlen(e->d_name);
		if (e->d_name[0] != '.' || n < 6 || strcmp(e->d_name + n - 4, ".tmp") ||
		    fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) || !S_ISDIR(st.st_mode))
			continue;
		snprintf(stale.tmp, sizeof(stale.tmp), "%s/%s", root, e->d_name);
		if (!stale_reason(stale.tmp, orphans_too, why, sizeof(why)))
			continue;
		resultdir_abort(&stale);
		fprintf(stderr, "fabench: removed %s (%s)\n", stale.tmp, why);
		removed++;
	}
	closedir(d);
	return removed;
}
