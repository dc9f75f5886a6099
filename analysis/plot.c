// SPDX-License-Identifier: GPL-2.0-only
/* gnuplot, driven by scripts left in the plots directory; see plot.h. */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis/plot.h"
#include "bench/lib/outfile.h"

#define TEXT_COLS 80
#define TEXT_ROWS 22

int plot_available(void)
{
	const char *path = getenv("PATH");
	char buf[4096];
	const char *p, *end;

	if (!path)
		path = "/usr/bin:/bin";
	for (p = path; *p; p = *end ? end + 1 : end) {
		end = strchrnul(p, ':');
		snprintf(buf, sizeof(buf), "%.*s/gnuplot", (int)(end - p), p);
		if (!access(buf, X_OK))
			return 1;
	}
	return 0;
}

const char *plot_quote(const char *s, char *buf, size_t len)
{
	size_t n = 0;

	for (; *s && n + 2 < len; s++) {
		if (*s == '\n') {	/* a line break in the string: gnuplot's \n */
			buf[n++] = '\\';
			buf[n++] = 'n';
			continue;
		}
		if (*s == '"' || *s == '\\')
			buf[n++] = '\\';
		buf[n++] = *s;
	}
	buf[n] = 0;
	return buf;
}

FILE *plot_data_open(const struct plot *p)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s.dat", p->dir, p->name);
	return outfile_open(path);
}

int plot_data_close(const struct plot *p, FILE *f)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s.dat", p->dir, p->name);
	return outfile_close(f, path);
}

/* the last bytes of a file, at most len; -1 when it cannot be read */
static ssize_t file_tail(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	off_t size;
	ssize_t n;

	if (fd < 0)
		return -1;
	size = lseek(fd, 0, SEEK_END);
	n = size < 0 ? -1 : pread(fd, buf, len, size > (off_t)len ? size - (off_t)len : 0);
	close(fd);
	return n;
}

/* a PNG ends with its IEND chunk (4 bytes of length 0, "IEND", a CRC) */
static bool png_complete(const char *path)
{
	char tail[12];

	return file_tail(path, tail, sizeof(tail)) == 12 && !memcmp(tail + 4, "IEND", 4);
}

static bool svg_complete(const char *path)
{
	char tail[64];
	ssize_t n = file_tail(path, tail, sizeof(tail) - 1);

	if (n <= 0)
		return false;
	tail[n] = '\0';
	return strstr(tail, "</svg>") != NULL;
}

int plot_check_outputs(const char *dir, const char *name)
{
	static const char *const ext[] = { "png", "svg", "txt" };
	char path[4096];
	struct statvfs fs;
	bool whole;
	unsigned int i;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s.%s", dir, name, ext[i]);
		whole = i == 0 ? png_complete(path) : i == 1 ? svg_complete(path) :
			!access(path, R_OK);
		if (whole)
			continue;
		/* gnuplot does not say why; an empty file system usually is */
		outfile_fail(path, !statvfs(dir, &fs) && !fs.f_bavail ? ENOSPC : EIO);
		for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
			snprintf(path, sizeof(path), "%s/%s.%s", dir, name, ext[i]);
			unlink(path);
		}
		return -1;
	}
	return 0;
}

/* One script renders all three: the text terminal last, into NAME.txt. */
static int write_script(const struct plot *p)
{
	char path[4096], q[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.gp", p->dir, p->name);
	f = outfile_open(path);
	if (!f)
		return -1;
	fprintf(f, "# fabench report plot: edit and run 'gnuplot %s.gp' here\n", p->name);
	fprintf(f, "set title \"%s", plot_quote(p->title, q, sizeof(q)));
	if (p->subtitle) {
		/* a second line, smaller: gnuplot's "\n" in a double-quoted string */
		fprintf(f, "\\n%s", plot_quote(p->subtitle, q, sizeof(q)));
	}
	fprintf(f, "\"\n");
	fprintf(f, "set xlabel \"%s\"\n", plot_quote(p->xlabel, q, sizeof(q)));
	fprintf(f, "set ylabel \"%s\"\n", plot_quote(p->ylabel, q, sizeof(q)));
	fprintf(f, "set grid ytics\nset key outside right top\n");
	if (p->setup)
		fprintf(f, "%s\n", p->setup);
	/* drawn at the width it is read at: 800 px, fonts to match */
	fprintf(f, "set terminal pngcairo size 800,560 font \",10\" noenhanced\n");
	fprintf(f, "set output \"%s.png\"\n%s\n", p->name, p->cmd);
	fprintf(f, "set terminal svg size 800,560 font \",10\" noenhanced\n");
	fprintf(f, "set output \"%s.svg\"\nreplot\n", p->name);
	fprintf(f, "set terminal dumb size %d,%d noenhanced\n", TEXT_COLS, TEXT_ROWS);
	/* rotated tick labels and the y label do not survive 80 columns */
	fprintf(f, "set key inside top right\nset bmargin\nset xtics norotate\n");
	if (p->text_setup)
		fprintf(f, "%s\n", p->text_setup);
	fprintf(f, "set output \"%s.txt\"\n%s\nset output\n", p->name,
		p->text_cmd ? p->text_cmd : "replot");
	return outfile_close(f, path);
}

/* gnuplot SCRIPT in dir, its chatter to /dev/null; its exit status. */
static int run_gnuplot(const char *dir, const char *script)
{
	int status, fd;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		if (chdir(dir))
			_exit(126);
		execlp("gnuplot", "gnuplot", script, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* NAME.txt into out, without the form feeds and trailing blanks. */
static void append_text(const struct plot *p, FILE *out)
{
	char path[4096], line[1024];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.txt", p->dir, p->name);
	f = fopen(path, "r");
	if (!f)
		return;
	int blank = 0;

	/* runs of blank lines (gnuplot's margins) are kept to one */
	while (fgets(line, sizeof(line), f)) {
		char *s = line;

		while (*s == '\f')
			s++;
		n = strlen(s);
		while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\r'))
			s[--n] = 0;
		if (n > TEXT_COLS)
			s[TEXT_COLS] = 0;
		if (!n && blank++)
			continue;
		if (n)
			blank = 0;
		fprintf(out, "%s\n", s);
	}
	fclose(f);
}

int plot_render(const struct plot *p, FILE *out)
{
	const char *shown = p->shown ? p->shown : "";
	char script[256];
	int rc;

	if (write_script(p))
		return -1;
	snprintf(script, sizeof(script), "%s.gp", p->name);
	rc = run_gnuplot(p->dir, script);
	if (rc) {
		fprintf(out, "plot %s: gnuplot failed (exit %d); see %s%s.gp\n",
			p->name, rc, shown, p->name);
		return -1;
	}
	if (plot_check_outputs(p->dir, p->name))
		return -1;
	if (2 * strlen(p->name) + strlen(shown) + strlen("plot : .{png,svg}") <= 80)
		fprintf(out, "plot %s: %s%s.{png,svg}\n", p->name, shown, p->name);
	else
		fprintf(out, "plot %s:\n  %s%s.{png,svg}\n", p->name, shown, p->name);
	if (p->index)
		fprintf(p->index, "%s/%s.png\n", p->dir, p->name);
	append_text(p, out);
	return 0;
}

int plot_gnuplot(const char *dir, const char *script)
{
	return run_gnuplot(dir, script);
}

void plot_text(const char *dir, const char *name, FILE *out)
{
	const struct plot p = { .dir = dir, .name = name };

	append_text(&p, out);
}
