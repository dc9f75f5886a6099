// SPDX-License-Identifier: GPL-2.0-only
/* Per-size shmem THP knobs and counters; see shmem_folio.h. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench/kernel/knobs/shmem_folio.h"
#include "bench/kernel/sysinfo.h"

#define THP_DIR "sys/kernel/mm/transparent_hugepage"

static struct {
	bool looked;
	int n;
	unsigned int kb[SHMEM_FOLIO_MAX];
	char relpath[SHMEM_FOLIO_MAX][80];
	struct knob knob[SHMEM_FOLIO_MAX];
} sizes;

static void size_text(unsigned int kb, char *buf, size_t len)
{
	if (kb % 1024)
		snprintf(buf, len, "%uK", kb);
	else
		snprintf(buf, len, "%uM", kb / 1024);
}

int shmem_folio_parse(const char *text, unsigned int *kb, char *canon, size_t len)
{
	unsigned long long v;
	char *end;

	if (!strcmp(text, "default")) {
		*kb = 0;
		snprintf(canon, len, "default");
		return 0;
	}
	if (text[0] < '0' || text[0] > '9')
		return -1;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno || end[0] == '\0' || end[1] != '\0')
		return -1;
	if (end[0] == 'M' || end[0] == 'm')
		v *= 1024;
	else if (end[0] != 'K' && end[0] != 'k')
		return -1;
	/* a power of two, 4K..1G */
	if (v < 4 || v > (1u << 20) || (v & (v - 1)))
		return -1;
	*kb = (unsigned int)v;
	size_text(*kb, canon, len);
	return 0;
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

/* The hugepages-<N>kB directories with a shmem_enabled file, ascending. */
static void discover(void)
{
	char dir[4096], path[4400];
	struct dirent *de;
	unsigned int kb;
	char tail[8];
	DIR *d;
	int i;

	if (sizes.looked)
		return;
	sizes.looked = true;
	snprintf(dir, sizeof(dir), "%s/" THP_DIR, sysinfo_sysfs_root());
	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d)) && sizes.n < SHMEM_FOLIO_MAX) {
		if (sscanf(de->d_name, "hugepages-%ukB%7s", &kb, tail) != 1)
			continue;
		snprintf(path, sizeof(path), "%s/%s/shmem_enabled", dir, de->d_name);
		if (access(path, F_OK))
			continue;
		sizes.kb[sizes.n++] = kb;
	}
	closedir(d);
	qsort(sizes.kb, (size_t)sizes.n, sizeof(sizes.kb[0]), cmp_uint);
	for (i = 0; i < sizes.n; i++) {
		snprintf(sizes.relpath[i], sizeof(sizes.relpath[i]),
			 THP_DIR "/hugepages-%ukB/shmem_enabled", sizes.kb[i]);
		sizes.knob[i] = (struct knob){
			.name = SHMEM_FOLIO_NAME,
			.relpath = sizes.relpath[i],
			/* "always inherit within_size advise [never]" */
			.decode = sysinfo_bracketed,
		};
	}
}

int shmem_folio_sizes(const unsigned int **kb)
{
	discover();
	*kb = sizes.kb;
	return sizes.n;
}

const struct knob *shmem_folio_knob(int i)
{
	discover();
	return i >= 0 && i < sizes.n ? &sizes.knob[i] : NULL;
}

void shmem_folio_list(char *buf, size_t len)
{
	size_t off = 0;
	char one[16];
	int i;

	discover();
	buf[0] = '\0';
	for (i = 0; i < sizes.n && off < len; i++) {
		size_text(sizes.kb[i], one, sizeof(one));
		off += (size_t)snprintf(buf + off, len - off, "%s%s", i ? ", " : "", one);
	}
}

void shmem_folio_describe(char *buf, size_t len)
{
	char one[16], val[64], why[160];
	size_t off = 0;
	int i;

	discover();
	if (!sizes.n) {
		snprintf(buf, len, "unsupported: %s", SHMEM_FOLIO_NONE_REASON);
		return;
	}
	buf[0] = '\0';
	for (i = 0; i < sizes.n && off < len; i++) {
		size_text(sizes.kb[i], one, sizeof(one));
		if (knob_read(KNOB_SHMEM_FOLIO + i, val, sizeof(val), why, sizeof(why)))
			snprintf(val, sizeof(val), "unreadable");
		off += (size_t)snprintf(buf + off, len - off, "%s%s %s", i ? ", " : "", one, val);
	}
}

/*
 * value's size in kB and its index in the listed sizes (-1: 4K or
 * default); -1 with why if the kernel cannot take it.
 */
static int listed_size(const char *value, unsigned int *kb, int *want, char *why, size_t whylen)
{
	char canon[16], listed[160];
	int i;

	*want = -1;
	if (shmem_folio_parse(value, kb, canon, sizeof(canon))) {
		snprintf(why, whylen, "shmem_folio: '%s': " SHMEM_FOLIO_EXPECTED, value);
		return -1;
	}
	discover();
	if (*kb && !sizes.n) {
		snprintf(why, whylen, "%s", SHMEM_FOLIO_NONE_REASON);
		return -1;
	}
	for (i = 0; i < sizes.n; i++)
		if (sizes.kb[i] == *kb)
			*want = i;
	if (*kb > 4 && *want < 0) {
		shmem_folio_list(listed, sizeof(listed));
		snprintf(why, whylen, "shmem_folio: %s not listed by this kernel (no hugepages-%ukB/shmem_enabled; it lists %s)",
			 canon, *kb, listed);
		return -1;
	}
	return 0;
}

static int64_t read_count(unsigned int kb, const char *name);

/*
 * Whether a write of kb kB to a fresh memfd, under the huge= just set,
 * allocates a folio of that size: tmpfs gives writes large folios since
 * 6.14, and a kernel that does not keeps writing pages.  Tried once per
 * size; a fake sysfs tree (FABENCH_SYSFS_ROOT) has no kernel behind its
 * counters, so there the knobs alone are checked.
 */
static int writes_give_folio(int i, char *why, size_t whylen)
{
	static int known[SHMEM_FOLIO_MAX];	/* 0 untried, 1 yes, -1 no */
	unsigned int kb = sizes.kb[i];
	size_t len = (size_t)kb << 10;
	int64_t a0, a1;
	char *buf;
	int fd;

	if (*sysinfo_sysfs_root())
		return 0;
	if (!known[i]) {
		known[i] = -1;
		buf = calloc(1, len);
		fd = memfd_create("fabench-folio-check", MFD_CLOEXEC);
		a0 = read_count(kb, "shmem_alloc");
		if (buf && fd >= 0 && pwrite(fd, buf, len, 0) == (ssize_t)len) {
			a1 = read_count(kb, "shmem_alloc");
			known[i] = a0 >= 0 && a1 > a0 ? 1 : -1;
		}
		if (fd >= 0)
			close(fd);
		free(buf);
	}
	if (known[i] > 0)
		return 0;
	snprintf(why, whylen, "shmem_folio: a %uK write to a memfd under huge=within_size "
		 "allocated no %uK folio (tmpfs large folios for writes: Linux 6.14+)", kb, kb);
	return -1;
}

int shmem_folio_set_writes(const char *value, const char *thp_shmem, char *why, size_t whylen)
{
	unsigned int kb;
	const char *huge;
	int want;

	if (listed_size(value, &kb, &want, why, whylen))
		return -1;
	if (!kb)
		return 0;
	huge = kb == 4 ? "never" : "within_size";
	if (strcmp(thp_shmem, "default") && strcmp(thp_shmem, huge)) {
		snprintf(why, whylen, "shmem_folio %s of a memfd needs thp_shmem = %s (the point has %s)",
			 value, huge, thp_shmem);
		return -1;
	}
	/* the per-size files are anonymous shmem's: as fabench found them */
	if (shmem_folio_set("default", why, whylen) ||
	    knob_set(KNOB_THP_SHMEM, huge, why, whylen))
		return -1;
	return want >= 0 ? writes_give_folio(want, why, whylen) : 0;
}

int shmem_folio_set(const char *value, char *why, size_t whylen)
{
	unsigned int kb;
	int i, want;

	if (listed_size(value, &kb, &want, why, whylen))
		return -1;
	/* the others off first: never two sizes on at once */
	for (i = 0; i < sizes.n; i++) {
		if (i == want)
			continue;
		if (knob_set(KNOB_SHMEM_FOLIO + i, kb ? "never" : "default", why, whylen))
			return -1;
	}
	if (want >= 0 && knob_set(KNOB_SHMEM_FOLIO + want, "always", why, whylen))
		return -1;
	return 0;
}

static int64_t read_count(unsigned int kb, const char *name)
{
	char path[4400], buf[64];

	snprintf(path, sizeof(path), "%s/" THP_DIR "/hugepages-%ukB/stats/%s",
		 sysinfo_sysfs_root(), kb, name);
	if (sysinfo_read_file(path, buf, sizeof(buf)))
		return -1;
	return strtoll(buf, NULL, 10);
}

void shmem_folio_stats(struct shmem_folio_stats *s)
{
	int i;

	discover();
	s->n = sizes.n;
	for (i = 0; i < sizes.n; i++) {
		s->kb[i] = sizes.kb[i];
		s->alloc[i] = read_count(sizes.kb[i], "shmem_alloc");
		s->fallback[i] = read_count(sizes.kb[i], "shmem_fallback");
	}
}
