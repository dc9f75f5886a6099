// SPDX-License-Identifier: GPL-2.0-only
/* Software events and tracepoints through perf_event_open. */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "counters.h"
#include "metrics.h"

static const char *const tracefs_dirs[] = {
	"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
};

static const char *const default_tracepoints[] = {
	"exceptions:page_fault_user",
	"filemap:mm_filemap_map_pages",
	"filemap:mm_filemap_fault",
};

static void metric_name(const char *name, char *out, size_t len)
{
	size_t i;

	snprintf(out, len, "%s", name);
	for (i = 0; out[i]; i++)
		if (out[i] == ':' || out[i] == '-')
			out[i] = '_';
}

/* Find (or, as root, mount) tracefs; "" with a reason if there is none. */
static void find_tracefs(struct counter_list *cl, char *why, size_t len)
{
	char path[128];
	size_t i;

	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/events", tracefs_dirs[i]);
		if (!access(path, R_OK)) {
			snprintf(cl->tracefs, sizeof(cl->tracefs), "%s", tracefs_dirs[i]);
			return;
		}
	}
	if (!mount("nodev", tracefs_dirs[0], "tracefs", 0, NULL)) {
		cl->mounted_tracefs = 1;
		snprintf(cl->tracefs, sizeof(cl->tracefs), "%s", tracefs_dirs[0]);
		return;
	}
	snprintf(why, len, "unsupported: tracefs not mounted, mount: %s",
		 strerrorname_np(errno) ?: "error");
}

static void add_tracepoint(struct counter_list *cl, const char *name,
			   const char *tracefs_why)
{
	struct counter_spec *cs = &cl->spec[cl->n++];
	char path[256];
	const char *colon = strchr(name, ':');
	FILE *f;
	unsigned long long id;

	snprintf(cs->name, sizeof(cs->name), "%s", name);
	metric_name(name, cs->metric, sizeof(cs->metric));
	cs->type = PERF_TYPE_TRACEPOINT;
	if (!cl->tracefs[0]) {
		snprintf(cs->unsupported, sizeof(cs->unsupported), "%s", tracefs_why);
		return;
	}
	snprintf(path, sizeof(path), "%s/events/%.*s/%s/id", cl->tracefs,
		 (int)(colon - name), name, colon + 1);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%llu", &id) != 1) {
		snprintf(cs->unsupported, sizeof(cs->unsupported),
			 "unsupported: no tracepoint (%s)", strerrorname_np(errno) ?: "ENOENT");
		if (f)
			fclose(f);
		return;
	}
	fclose(f);
	cs->config = id;
}

int counters_setup(struct counter_list *cl, const char *spec, char *err,
		   size_t errlen)
{
	char why[96] = "";
	size_t i;

	(void)err;
	(void)errlen;
	memset(cl, 0, sizeof(*cl));
	if (!strcmp(spec, "none"))
		return 0;
	snprintf(cl->spec[0].name, sizeof(cl->spec[0].name), "page-faults");
	snprintf(cl->spec[0].metric, sizeof(cl->spec[0].metric), "page_faults");
	cl->spec[0].type = PERF_TYPE_SOFTWARE;
	cl->spec[0].config = PERF_COUNT_SW_PAGE_FAULTS;
	cl->n = 1;
	find_tracefs(cl, why, sizeof(why));
	for (i = 0; i < sizeof(default_tracepoints) / sizeof(default_tracepoints[0]); i++)
		add_tracepoint(cl, default_tracepoints[i], why);
	return 0;
}

void counters_release(struct counter_list *cl)
{
	if (cl->mounted_tracefs && !umount(cl->tracefs))
		cl->mounted_tracefs = 0;
}

static int perf_open(const struct counter_spec *cs)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = cs->type,
		.config = cs->config,
		.exclude_hv = 1,
	};

	/* this thread only, any CPU: a per-thread count */
	return (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

void counters_open(const struct counter_list *cl, struct counter_set *cs)
{
	int i;

	for (i = 0; i < cl->n; i++) {
		cs->fd[i] = -1;
		cs->open_errno[i] = 0;
		if (cl->spec[i].unsupported[0])
			continue;
		cs->fd[i] = perf_open(&cl->spec[i]);
		if (cs->fd[i] < 0)
			cs->open_errno[i] = errno;
	}
}

void counters_note_failures(struct counter_list *cl, const struct counter_set *cs)
{
	int i;

	for (i = 0; i < cl->n; i++)
		if (cs->open_errno[i] && !cl->spec[i].unsupported[0])
			snprintf(cl->spec[i].unsupported, sizeof(cl->spec[i].unsupported),
				 "unsupported: perf_event_open %s",
				 strerrorname_np(cs->open_errno[i]) ?: "error");
}

static uint64_t read_one(int fd)
{
	uint64_t v = 0;

	if (fd < 0 || read(fd, &v, sizeof(v)) != sizeof(v))
		return 0;
	return v;
}

void counters_begin(const struct counter_list *cl, struct counter_set *cs)
{
	int i;

	for (i = 0; i < cl->n; i++)
		cs->start[i] = read_one(cs->fd[i]);
}

void counters_end(const struct counter_list *cl, struct counter_set *cs)
{
	int i;

	for (i = 0; i < cl->n; i++)
		cs->delta[i] = read_one(cs->fd[i]) - cs->start[i];
}

void counters_close(const struct counter_list *cl, struct counter_set *cs)
{
	int i;

	for (i = 0; i < cl->n; i++)
		if (cs->fd[i] >= 0)
			close(cs->fd[i]);
}

void counters_put_metrics(struct counter_list *cl, struct counter_set *const *sets,
			  int nsets, struct metric_sink *ms, const char *unit)
{
	uint64_t sum;
	int i, k;

	(void)unit;
	for (i = 0; i < nsets; i++)
		counters_note_failures(cl, sets[i]);
	for (k = 0; k < cl->n; k++) {
		if (cl->spec[k].unsupported[0]) {
			metric_put_unsupported(ms, cl->spec[k].metric, cl->spec[k].unsupported);
			continue;
		}
		for (sum = 0, i = 0; i < nsets; i++)
			sum += sets[i]->delta[k];
		metric_put(ms, cl->spec[k].metric, (double)sum);
	}
}
