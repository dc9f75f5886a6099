// SPDX-License-Identifier: GPL-2.0-only
/*
 * main() of every fuzz harness: AFL++'s persistent loop, or a replay of
 * files (see fuzz.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/fuzz/fuzz.h"

#if defined(__SANITIZE_ADDRESS__)
#define FUZZ_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FUZZ_ASAN 1
#endif
#endif
#ifdef FUZZ_ASAN
#include <sanitizer/lsan_interface.h>
#endif

#ifdef __AFL_FUZZ_TESTCASE_LEN
__AFL_FUZZ_INIT();
#endif

static const char *prog = "fuzz";

const char *fuzz_memfd_path(const char *text, size_t len)
{
	static char path[64];
	static int fd = -1;
	size_t off = 0;
	ssize_t n;

	if (fd < 0) {
		fd = memfd_create("fuzz-input", MFD_CLOEXEC);
		if (fd < 0) {
			perror("memfd_create");
			abort();
		}
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0)) {
		perror("ftruncate");
		abort();
	}
	while (off < len) {
		n = pwrite(fd, text + off, len - off, (off_t)off);
		if (n <= 0) {
			perror("pwrite");
			abort();
		}
		off += (size_t)n;
	}
	return path;
}

/* One input, from a copy with a terminating '\0'. */
static void run_one(const char *data, size_t len)
{
	char *copy = malloc(len + 1);

	if (!copy)
		abort();
	memcpy(copy, data, len);
	copy[len] = '\0';
	fuzz_one(copy, len);
	free(copy);
}

/* The whole of path into a new buffer; NULL after a line on stderr. */
static char *slurp(const char *path, size_t *len)
{
	size_t cap = 4096, n = 0, got;
	FILE *f = fopen(path, "rb");
	char *buf;

	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return NULL;
	}
	buf = malloc(cap);
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap)
			buf = realloc(buf, cap *= 2);
	}
	if (!buf)
		abort();
	if (ferror(f)) {
		fprintf(stderr, "%s: %s: read error\n", prog, path);
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* One file: 0, or 1 when it could not be read or leaked. */
static int replay_file(const char *path)
{
	size_t len;
	char *buf = slurp(path, &len);

	if (!buf)
		return 1;
	run_one(buf, len);
	free(buf);
#ifdef FUZZ_ASAN
	if (__lsan_do_recoverable_leak_check()) {
		fprintf(stderr, "%s: %s: leaked (above)\n", prog, path);
		return 1;
	}
#endif
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of dir, in name order; the number that failed. */
static int replay_dir(const char *dir, int *count)
{
	char **names = NULL, path[4096];
	size_t n = 0, i;
	struct dirent *e;
	struct stat st;
	int bad = 0;
	DIR *d = opendir(dir);

	if (!d) {
		fprintf(stderr, "%s: %s: %s\n", prog, dir, strerror(errno));
		return 1;
	}
	while ((e = readdir(d))) {
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		if (!names)
			abort();
		names[n] = strdup(e->d_name);
		if (!names[n++])
			abort();
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		bad += replay_file(path);
		(*count)++;
		free(names[i]);
	}
	free(names);
	return bad;
}

static int replay(int argc, char **argv)
{
	int i, bad = 0, count = 0;
	struct stat st;

	for (i = 1; i < argc; i++) {
		if (!stat(argv[i], &st) && S_ISDIR(st.st_mode)) {
			bad += replay_dir(argv[i], &count);
		} else {
			bad += replay_file(argv[i]);
			count++;
		}
	}
	printf("%s: %d inputs replayed, %d failed\n", prog, count, bad);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
#ifndef __AFL_FUZZ_TESTCASE_LEN
	size_t len;
	char *buf;
#endif
	const char *slash = strrchr(argv[0], '/');

	prog = slash ? slash + 1 : argv[0];
	fuzz_setup();
	if (argc > 1)
		return replay(argc, argv);
#ifdef __AFL_FUZZ_TESTCASE_LEN
	__AFL_INIT();
	{
		const unsigned char *data = __AFL_FUZZ_TESTCASE_BUF;

		while (__AFL_LOOP(10000)) {
			int n = __AFL_FUZZ_TESTCASE_LEN;

			run_one((const char *)data, (size_t)n);
		}
	}
	return 0;
#else
	/* one input on stdin */
	buf = slurp("/dev/stdin", &len);
	if (!buf)
		return 1;
	run_one(buf, len);
	free(buf);
	return 0;
#endif
}

char *fuzz_take_lines(char *data, const char *prefix, char **lines, int max, int *n)
{
	size_t plen = strlen(prefix);
	char *nl;

	*n = 0;
	while (*n < max && !strncmp(data, prefix, plen)) {
		lines[(*n)++] = data + plen;
		nl = strchr(data, '\n');
		if (!nl)
			return data + strlen(data);
		*nl = '\0';
		data = nl + 1;
	}
	return data;
}
