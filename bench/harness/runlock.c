// SPDX-License-Identifier: GPL-2.0-only
/* The run lock; see runlock.h. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "bench/harness/runlock.h"
#include "bench/kernel/statedir.h"

#define LOCK_NAME "run.lock"

static char status[4200] = "not taken";

/* "(pid N, started 2026-12-03 06:10:00)" from the lock file, or "" */
static void holder(int fd, char *buf, size_t len)
{
	char text[64] = "", when[32];
	long long started;
	ssize_t n = pread(fd, text, sizeof(text) - 1, 0);
	struct tm tm;
	time_t t;
	int pid;

	buf[0] = '\0';
	if (n <= 0 || sscanf(text, "%d %lld", &pid, &started) != 2 || pid <= 0 ||
	    (kill(pid, 0) && errno == ESRCH))
		return;
	t = (time_t)started;
	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(buf, len, " (pid %d, started %s)", pid, when);
}

static int open_lock(char *path, size_t len, bool *writable)
{
	int fd, mkdir_err;

	statedir_file(LOCK_NAME, path, len);
	mkdir_err = statedir_make() ? errno : 0;
	*writable = true;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 && (errno == EACCES || errno == EROFS)) {
		/* an ordinary user can still lock the file root made */
		*writable = false;
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	/* no directory: why it could not be made, not the ENOENT that follows */
	if (fd < 0 && errno == ENOENT && mkdir_err)
		errno = mkdir_err;
	return fd;
}

enum runlock_state runlock_take(bool wait, char *why, size_t len)
{
	char path[4096], who[96], line[64];
	bool writable;
	int fd = open_lock(path, sizeof(path), &writable), n, err;

	if (fd < 0) {
		snprintf(why, len, "unsupported: run lock %s: %s", path, strerror(errno));
		snprintf(status, sizeof(status), "%s", why);
		return RUNLOCK_UNSUPPORTED;
	}
	err = flock(fd, LOCK_EX | LOCK_NB) ? errno : 0;
	if (err && err != EWOULDBLOCK) {
		/* tinyconfig guest kernels have no CONFIG_FILE_LOCKING: ENOSYS */
		snprintf(why, len, "unsupported: run lock %s: flock %s", path,
			 strerrorname_np(err) ?: "error");
		snprintf(status, sizeof(status), "%s", why);
		close(fd);
		return RUNLOCK_UNSUPPORTED;
	}
	if (err) {
		holder(fd, who, sizeof(who));
		snprintf(why, len, "another fabench run%s is running", who);
		if (!wait) {
			close(fd);
			return RUNLOCK_BUSY;
		}
		fprintf(stderr, "fabench: %s; waiting for it to end\n", why);
		while (flock(fd, LOCK_EX) && errno == EINTR)
			;
	}
	if (writable) {
		n = snprintf(line, sizeof(line), "%d %lld\n", (int)getpid(),
			     (long long)time(NULL));
		if (ftruncate(fd, 0) || pwrite(fd, line, (size_t)n, 0) != n)
			fprintf(stderr, "fabench: %s: %s (the lock is held all the same)\n",
				path, strerror(errno));
	}
	/* fd stays open (close-on-exec) until the process exits */
	snprintf(status, sizeof(status), "held (%s)", path);
	why[0] = '\0';
	return RUNLOCK_HELD;
}

const char *runlock_status(void)
{
	return status;
}
