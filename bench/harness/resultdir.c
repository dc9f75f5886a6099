// SPDX-License-Identifier: GPL-2.0-only
/* Result directory naming, atomic commit and clean-up. */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench/harness/resultdir.h"
#include "bench/kernel/sysinfo.h"

/* Keep names shell- and URL-safe: anything odd becomes '_'. */
static void sanitize(char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '-' || *s == '_'))
			*s = '_';
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
		if (!mkdir(rd->tmp, 0755))
			return 0;
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
	char link_tmp[PATH_MAX + 16], link_path[PATH_MAX + 8];

	if (rename(rd->tmp, rd->final)) {
		fprintf(stderr, "fabench: rename %s: %s\n", rd->tmp, strerror(errno));
		return -1;
	}
	/* a relative symlink, replaced atomically */
	snprintf(link_tmp, sizeof(link_tmp), "%s/.latest.tmp", rd->root);
	snprintf(link_path, sizeof(link_path), "%s/latest", rd->root);
	unlink(link_tmp);
	if (symlink(rd->name, link_tmp) || rename(link_tmp, link_path)) {
		fprintf(stderr, "fabench: updating %s: %s\n", link_path, strerror(errno));
		return -1;
	}
	return 0;
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
