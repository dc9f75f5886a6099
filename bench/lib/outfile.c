// SPDX-License-Identifier: GPL-2.0-only
/* Checked output files and atomic replacement; see outfile.h. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench/lib/outfile.h"

static char first_error[PATH_MAX + 128];

void outfile_fail(const char *path, int err)
{
	if (!first_error[0])
		snprintf(first_error, sizeof(first_error), "writing %s: %s", path,
			 strerror(err ? err : EIO));
}

const char *outfile_error(void)
{
	return first_error[0] ? first_error : NULL;
}

/*
 * A FILE over an fd whose writes keep their errno: stdio forgets why a
 * buffered write failed, and "I/O error" is not what a full disk is.
 */
struct sink {
	int fd;
	int err;	/* the first write's or fsync's errno */
};

static __thread int closed_err;	/* the sink's err, once fclose freed it */

static ssize_t sink_write(void *cookie, const char *buf, size_t len)
{
	struct sink *s = cookie;
	size_t done = 0;
	ssize_t n;

	while (done < len && !s->err) {
		n = write(s->fd, buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			s->err = n < 0 ? errno : EIO;
		else
			done += (size_t)n;
	}
	return s->err ? 0 : (ssize_t)done;	/* 0: stdio's "failed" */
}

static int sink_close(void *cookie)
{
	struct sink *s = cookie;

	if (!s->err && fsync(s->fd) && errno != EINVAL)
		s->err = errno;
	if (close(s->fd) && !s->err)
		s->err = errno;
	closed_err = s->err;
	free(s);
	return closed_err ? -1 : 0;
}

FILE *outfile_open(const char *path)
{
	static const cookie_io_functions_t io = { .write = sink_write, .close = sink_close };
	struct sink *s = malloc(sizeof(*s));
	FILE *f;

	if (!s)
		abort();
	s->err = 0;
	s->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (s->fd < 0) {
		outfile_fail(path, errno);
		free(s);
		return NULL;
	}
	f = fopencookie(s, "w", io);
	if (!f)
		abort();
	return f;
}

/* close f, the file at path; a failure is told as writing name */
static int close_named(FILE *f, const char *path, const char *name)
{
	int failed = fclose(f);	/* flushes through sink_write, then sink_close */

	if (!failed && !closed_err)
		return 0;
	outfile_fail(name, closed_err);
	unlink(path);	/* no half file left for anyone to read */
	return -1;
}

int outfile_close(FILE *f, const char *path)
{
	return close_named(f, path, path);
}

int outfile_write(const char *path, const void *buf, size_t len)
{
	FILE *f = outfile_open(path);

	if (!f)
		return -1;
	fwrite(buf, 1, len, f);
	return outfile_close(f, path);
}

int outfile_mkdir(const char *path)
{
	if (mkdir(path, 0755) && errno != EEXIST) {
		outfile_fail(path, errno);
		return -1;
	}
	return 0;
}

int outfile_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		err = errno;
	else if (fsync(fd) && errno != EINVAL)	/* some file systems cannot */
		err = errno;
	if (fd >= 0)
		close(fd);
	if (err)
		outfile_fail(dir, err);
	return err ? -1 : 0;
}

FILE *outfile_replace_begin(struct outfile_replace *r, const char *path)
{
	snprintf(r->path, sizeof(r->path), "%s", path);
	snprintf(r->tmp, sizeof(r->tmp), "%s.tmp.%d", path, (int)getpid());
	r->f = outfile_open(r->tmp);
	return r->f;
}

int outfile_replace_commit(struct outfile_replace *r)
{
	char dir[PATH_MAX];
	int ret = close_named(r->f, r->tmp, r->path);

	r->f = NULL;
	if (!ret && rename(r->tmp, r->path)) {
		outfile_fail(r->path, errno);
		ret = -1;
	}
	if (ret) {
		unlink(r->tmp);
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s", r->path);
	return outfile_sync_dir(dirname(dir));
}

void outfile_replace_abort(struct outfile_replace *r)
{
	if (r->f)
		fclose(r->f);
	r->f = NULL;
	unlink(r->tmp);
}
