// SPDX-License-Identifier: GPL-2.0-only
/*
 * Software events, tracepoints and PMU events through perf_event_open, one
 * group per measuring thread so that one read gives every count of the
 * window at the same instant; see counters.h.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bench/harness/counters.h"
#include "bench/lib/metrics.h"
#include "bench/kernel/pmu.h"
#include "bench/kernel/sysinfo.h"

#define MULTIPLEXED "_multiplexed"

_Static_assert(COUNTERS_COLUMN_MAX + sizeof(MULTIPLEXED) <=
	       sizeof(((struct metric *)0)->name), "column too long for a metric name");

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* perf's names of the software events (tools/perf/util/parse-events.c) */
static const struct {
	const char *name;
	uint64_t config;
} software[] = {
	{ "page-faults", PERF_COUNT_SW_PAGE_FAULTS },
	{ "minor-faults", PERF_COUNT_SW_PAGE_FAULTS_MIN },
	{ "major-faults", PERF_COUNT_SW_PAGE_FAULTS_MAJ },
	{ "context-switches", PERF_COUNT_SW_CONTEXT_SWITCHES },
	{ "cpu-migrations", PERF_COUNT_SW_CPU_MIGRATIONS },
	{ "task-clock", PERF_COUNT_SW_TASK_CLOCK },
};

/* "default" without the PMU's TLB events, which follow them */
static const char *const default_events[] = {
	"page-faults", "minor-faults", "major-faults", "context-switches",
	"task-clock", "exceptions:page_fault_user", "filemap:mm_filemap_map_pages",
	"filemap:mm_filemap_fault", "tlb:tlb_flush",
};

#define TP_FAULT "exceptions:page_fault_user"
#define TP_MAP_PAGES "filemap:mm_filemap_map_pages"

struct setup {
	struct counter_list *cl;
	char *err;
	size_t errlen;
	bool tracefs_tried;
	char tracefs_why[96];
};

void counters_column(const char *name, char *out, size_t len)
{
	size_t i;

	snprintf(out, len, "%s", name);
	for (i = 0; out[i]; i++)
		if (!isalnum((unsigned char)out[i]) && out[i] != '_')
			out[i] = '_';
}

/* Find (or, as root, mount) tracefs; "" with a reason if there is none. */
static void find_tracefs(struct counter_list *cl, char *why, size_t len)
{
	bool mounted;

	if (sysinfo_tracefs(cl->tracefs, sizeof(cl->tracefs), &mounted, why, len))
		cl->tracefs[0] = '\0';
	cl->mounted_tracefs = mounted;
}

static int software_config(const char *name, uint64_t *config)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(software); i++) {
		if (!strcmp(software[i].name, name)) {
			*config = software[i].config;
			return 0;
		}
	}
	return -1;
}

/*
 * "subsystem:event", both lower case as tracefs names them; libpfm4 names
 * ("DTLB_LOAD_MISSES:WALK_COMPLETED", "perf::...") are upper case or "::".
 */
static bool tracepoint_name(const char *name)
{
	const char *colon = strchr(name, ':');
	const char *s;

	if (!colon || colon == name || !colon[1] || strchr(colon + 1, ':'))
		return false;
	for (s = name; *s; s++)
		if (s != colon && !islower((unsigned char)*s) &&
		    !isdigit((unsigned char)*s) && *s != '_' && *s != '-')
			return false;
	return true;
}

static void resolve_tracepoint(struct setup *st, struct counter_spec *cs)
{
	const char *colon = strchr(cs->name, ':');
	char path[512];
	unsigned long long id;
	FILE *f;

	if (!st->tracefs_tried) {
		st->tracefs_tried = true;
		find_tracefs(st->cl, st->tracefs_why, sizeof(st->tracefs_why));
	}
	if (!st->cl->tracefs[0]) {
		snprintf(cs->unsupported, sizeof(cs->unsupported), "%s", st->tracefs_why);
		return;
	}
	snprintf(path, sizeof(path), "%s/events/%.*s/%s/id", st->cl->tracefs,
		 (int)(colon - cs->name), cs->name, colon + 1);
	f = fopen(path, "r");
	if (!f && errno == ENOENT) {
		struct utsname u;

		/* exceptions:page_fault_user, for one, is x86-only */
		uname(&u);
		snprintf(cs->unsupported, sizeof(cs->unsupported),
			 "unsupported: no such tracepoint on %.32s", u.machine);
		return;
	}
	if (!f || fscanf(f, "%llu", &id) != 1) {
		snprintf(cs->unsupported, sizeof(cs->unsupported),
			 "unsupported: no tracepoint (%s)", strerrorname_np(errno) ?: "ENOENT");
		if (f)
			fclose(f);
		return;
	}
	fclose(f);
	cs->attr.type = PERF_TYPE_TRACEPOINT;
	cs->attr.config = id;
	cs->resolved = true;
}

static void resolve(struct setup *st, struct counter_spec *cs)
{
	uint64_t config;

	if (!software_config(cs->name, &config)) {
		cs->kind = COUNTER_SOFTWARE;
		cs->attr.type = PERF_TYPE_SOFTWARE;
		cs->attr.config = config;
		cs->resolved = true;
	} else if (tracepoint_name(cs->name)) {
		cs->kind = COUNTER_TRACEPOINT;
		resolve_tracepoint(st, cs);
	} else {
		cs->kind = COUNTER_PMU;
		cs->tlb_role = pmu_tlb_role(cs->name);
		if (!pmu_encode(cs->name, &cs->attr, cs->unsupported, sizeof(cs->unsupported)))
			cs->resolved = true;
	}
	cs->attr.size = sizeof(cs->attr);
	/* as before libpfm4: the hypervisor's share is not the thread's */
	cs->attr.exclude_hv = 1;
}

static int setup_error(struct setup *st, const char *fmt, const char *a,
		       const char *b)
{
	snprintf(st->err, st->errlen, fmt, a, b);
	return -1;
}

/* Reject what cannot be listed: a name or column twice, a column too long. */
static int check_name(struct setup *st, const char *name, const char *column)
{
	struct counter_list *cl = st->cl;
	int i;

	if (strlen(name) >= sizeof(cl->spec[0].name))
		return setup_error(st, "event name too long: '%.40s...'%s", name, "");
	if (strlen(column) > COUNTERS_COLUMN_MAX)
		return setup_error(st, "'%s': its column %s would be longer than 35 characters",
				   name, column);
	for (i = 0; i < cl->n; i++) {
		if (!strcmp(cl->spec[i].name, name))
			return setup_error(st, "'%s' listed twice%s", name, "");
		if (!strcmp(cl->spec[i].metric, column))
			return setup_error(st, "'%s' and '%s' would share a column",
					   cl->spec[i].name, name);
	}
	return 0;
}

static int add_event(struct setup *st, const char *name)
{
	struct counter_list *cl = st->cl;
	struct counter_spec *cs;
	char column[128];

	if (cl->n == COUNTERS_MAX) {
		snprintf(st->err, st->errlen, "more than %d events", COUNTERS_MAX);
		return -1;
	}
	if (pmu_tlb_column(name))
		snprintf(column, sizeof(column), "%s", pmu_tlb_column(name));
	else
		counters_column(name, column, sizeof(column));
	if (check_name(st, name, column))
		return -1;
	cs = &cl->spec[cl->n++];
	memset(cs, 0, sizeof(*cs));
	snprintf(cs->name, sizeof(cs->name), "%s", name);
	/* check_name() bounded it; the precision says so to the compiler */
	snprintf(cs->metric, sizeof(cs->metric), "%.*s", COUNTERS_COLUMN_MAX, column);
	cs->min_running = 1;
	resolve(st, cs);
	return 0;
}

/* "; " between the entries of a list kept in a fixed buffer */
static void append(char *buf, size_t len, const char *what, const char *why)
{
	size_t n = strlen(buf);

	snprintf(buf + n, len - n, "%s%s: %s", n ? "; " : "", what, why);
}

/*
 * The model's TLB events that open and count on this thread (a model name
 * is a claim, not a proof), then the generic one, which is always listed:
 * where nothing counts, its column carries the reason.
 */
static int add_defaults(struct setup *st)
{
	struct counter_list *cl = st->cl;
	const char *const *tlb;
	char why[128];
	uint64_t count;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(default_events); i++)
		if (add_event(st, default_events[i]))
			return -1;
	tlb = pmu_default_tlb_events(cl->pmu_model[0] ? cl->pmu_model : NULL);
	for (; *tlb; tlb++) {
		if (strcmp(*tlb, PMU_GENERIC_TLB_EVENT) &&
		    pmu_event_counts(*tlb, &count, why, sizeof(why))) {
			append(cl->defaults_left_out, sizeof(cl->defaults_left_out), *tlb, why);
			continue;
		}
		if (add_event(st, *tlb))
			return -1;
	}
	return 0;
}

/* One item of the list, spaces trimmed; "default" expands. */
static int add_item(struct setup *st, char *item, int index)
{
	char *end = item + strlen(item);

	while (*item == ' ' || *item == '\t')
		item++;
	while (end > item && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	if (!*item) {
		snprintf(st->err, st->errlen, "empty event name (item %d)", index);
		return -1;
	}
	if (!strcmp(item, "none")) {
		snprintf(st->err, st->errlen, "'none' cannot be combined with events");
		return -1;
	}
	if (!strcmp(item, "default"))
		return add_defaults(st);
	return add_event(st, item);
}

static int parse_list(struct setup *st, const char *spec)
{
	char *copy = strdup(spec), *item, *comma;
	int index = 1, ret = 0;

	if (!copy) {
		snprintf(st->err, st->errlen, "out of memory");
		return -1;
	}
	for (item = copy; !ret; item = comma + 1, index++) {
		comma = strchr(item, ',');
		if (comma)
			*comma = '\0';
		ret = add_item(st, item, index);
		if (!comma)
			break;
	}
	free(copy);
	return ret;
}

/* Which derived metrics the list can feed (the rest would only be noise). */
static void plan_derived(struct counter_list *cl)
{
	int i;

	for (i = 0; i < cl->n; i++) {
		if (cl->spec[i].kind == COUNTER_PMU)
			cl->derive_tlb = true;
		if (!strcmp(cl->spec[i].name, TP_FAULT)) {
			cl->derive_map_pages = true;
			cl->derive_tp_units = true;
		}
		if (!strcmp(cl->spec[i].name, TP_MAP_PAGES))
			cl->derive_map_pages = true;
	}
}

static int perf_open(const struct counter_spec *cs, int group_fd)
{
	struct perf_event_attr attr = cs->attr;

	attr.size = sizeof(attr);
	/* one read of the leader returns the whole group, with its times */
	attr.read_format = PERF_FORMAT_GROUP | PERF_FORMAT_TOTAL_TIME_ENABLED |
			   PERF_FORMAT_TOTAL_TIME_RUNNING | PERF_FORMAT_ID;
	/*
	 * The leader starts disabled and is enabled once the group is whole:
	 * on 6.18 a sibling of another PMU (a software event under a
	 * tracepoint, or the reverse) added to a running group does not count
	 * until the thread's next context switch.
	 */
	attr.disabled = group_fd < 0;
	attr.inherit = 0;
	/* this thread only, any CPU: a per-thread count */
	return (int)syscall(SYS_perf_event_open, &attr, 0, -1, group_fd,
			    PERF_FLAG_FD_CLOEXEC);
}

/*
 * Hold each tracepoint with an event that never counts.  Best effort: where
 * it cannot be opened, the groups still count, only closing them is slower.
 */
static void hold_tracepoints(struct counter_list *cl)
{
	int i, fd;

	for (i = 0; i < cl->n; i++) {
		if (cl->spec[i].kind != COUNTER_TRACEPOINT || !cl->spec[i].resolved ||
		    cl->spec[i].unsupported[0])
			continue;
		fd = perf_open(&cl->spec[i], -1);
		if (fd >= 0)
			cl->held_fd[cl->nheld++] = fd;
	}
}

int counters_setup(struct counter_list *cl, const char *spec, char *err,
		   size_t errlen)
{
	struct setup st = { .cl = cl, .err = err, .errlen = errlen };
	const char *s = spec + strspn(spec, " \t");
	struct pmu_status pmu;

	memset(cl, 0, sizeof(*cl));
	snprintf(cl->pmu_library, sizeof(cl->pmu_library), "%s", pmu_library());
	pmu_check(&pmu);
	snprintf(cl->pmu, sizeof(cl->pmu), "%s", pmu.text);
	snprintf(cl->pmu_model, sizeof(cl->pmu_model), "%s", pmu.model);
	cl->have_pmu = pmu.usable;
	if (!strncmp(s, "none", 4) && !s[4 + strspn(s + 4, " \t")])
		return 0;
	if (parse_list(&st, spec)) {
		counters_release(cl);
		return -1;
	}
	plan_derived(cl);
	hold_tracepoints(cl);
	return 0;
}

void counters_release(struct counter_list *cl)
{
	while (cl->nheld > 0)
		close(cl->held_fd[--cl->nheld]);
	if (cl->mounted_tracefs && !umount(cl->tracefs))
		cl->mounted_tracefs = 0;
}

/* Open event i into the group (or as its leader); 0 or an errno. */
static int open_one(const struct counter_list *cl, struct counter_set *cs, int i)
{
	int fd = perf_open(&cl->spec[i], cs->leader);
	int err;

	if (fd < 0)
		return errno;
	if (ioctl(fd, PERF_EVENT_IOC_ID, &cs->id[i])) {
		err = errno;
		close(fd);
		return err;
	}
	cs->fd[i] = fd;
	if (cs->leader < 0)
		cs->leader = fd;
	return 0;
}

void counters_open(const struct counter_list *cl, struct counter_set *cs)
{
	int i;

	cs->leader = -1;
	cs->group_errno = 0;
	for (i = 0; i < cl->n; i++) {
		cs->fd[i] = -1;
		cs->open_errno[i] = 0;
		cs->start[i] = cs->delta[i] = 0;
		if (!cl->spec[i].unsupported[0])
			cs->open_errno[i] = open_one(cl, cs, i);
	}
	if (cs->leader >= 0 && ioctl(cs->leader, PERF_EVENT_IOC_ENABLE, 0))
		cs->group_errno = errno;
}

/* After the threads: mark in cl what a thread could not open. */
static void note_failures(struct counter_list *cl, const struct counter_set *cs)
{
	struct counter_spec *s;
	const char *err;
	int i;

	for (i = 0; i < cl->n; i++) {
		s = &cl->spec[i];
		if (!cs->open_errno[i] || s->unsupported[0])
			continue;
		err = strerrorname_np(cs->open_errno[i]) ?: "error";
		if (s->kind == COUNTER_PMU && !cl->have_pmu)
			snprintf(s->unsupported, sizeof(s->unsupported),
				 "unsupported: no usable PMU (perf_event_open %s)", err);
		else
			snprintf(s->unsupported, sizeof(s->unsupported),
				 "unsupported: perf_event_open %s", err);
	}
}

struct group_read {
	uint64_t nr, enabled, running;
	struct {
		uint64_t value, id;
	} v[COUNTERS_MAX];
};

/* The group's values into vals (by the kernel's ids) and its times. */
static int read_group(const struct counter_list *cl, struct counter_set *cs,
		      uint64_t *vals, uint64_t *enabled, uint64_t *running)
{
	struct group_read g;
	ssize_t got;
	uint64_t k;
	int i;

	if (cs->leader < 0)
		return 0;
	got = read(cs->leader, &g, sizeof(g));
	if (got < (ssize_t)(3 * sizeof(uint64_t))) {
		cs->group_errno = got < 0 ? errno : EIO;
		return -1;
	}
	*enabled = g.enabled;
	*running = g.running;
	for (k = 0; k < g.nr && k < COUNTERS_MAX; k++)
		for (i = 0; i < cl->n; i++)
			if (cs->fd[i] >= 0 && cs->id[i] == g.v[k].id)
				vals[i] = g.v[k].value;
	return 0;
}

void counters_begin(const struct counter_list *cl, struct counter_set *cs)
{
	read_group(cl, cs, cs->start, &cs->enabled0, &cs->running0);
}

void counters_end(const struct counter_list *cl, struct counter_set *cs)
{
	uint64_t now[COUNTERS_MAX] = { 0 }, enabled = 0, running = 0;
	int i;

	if (cs->leader < 0 || cs->group_errno || read_group(cl, cs, now, &enabled, &running))
		return;
	for (i = 0; i < cl->n; i++)
		cs->delta[i] = now[i] - cs->start[i];
	cs->enabled = enabled - cs->enabled0;
	cs->running = running - cs->running0;
}

void counters_close(const struct counter_list *cl, struct counter_set *cs)
{
	int i;

	for (i = 0; i < cl->n; i++)
		if (cs->fd[i] >= 0)
			close(cs->fd[i]);
	cs->leader = -1;
}

int counters_scale(uint64_t value, uint64_t enabled, uint64_t running, double *out)
{
	if (running >= enabled) {
		*out = (double)value;
		return 0;
	}
	if (!running) {
		*out = 0;
		return -1;
	}
	*out = (double)value * (double)enabled / (double)running;
	return 0;
}

/* Event k summed over the threads, scaled; -1 with why if it was not counted. */
static int sum_event(int k, struct counter_set *const *sets, int nsets,
		     double *sum, double *running_frac, char *why, size_t len)
{
	uint64_t enabled = 0, running = 0;
	double v;
	int i;

	*sum = 0;
	for (i = 0; i < nsets; i++) {
		if (sets[i]->group_errno) {
			snprintf(why, len, "unsupported: perf group: %s",
				 strerrorname_np(sets[i]->group_errno) ?: "error");
			return -1;
		}
		if (counters_scale(sets[i]->delta[k], sets[i]->enabled, sets[i]->running, &v)) {
			snprintf(why, len, "unsupported: not counted (the group never ran)");
			return -1;
		}
		*sum += v;
		enabled += sets[i]->enabled;
		running += sets[i]->running;
	}
	*running_frac = running < enabled ? (double)running / (double)enabled : 1;
	return 0;
}

static void put_event(struct counter_spec *s, int k, struct counter_set *const *sets,
		      int nsets, struct metric_sink *ms)
{
	char why[96], name[64];
	double sum, frac;

	if (s->unsupported[0]) {
		metric_put_unsupported(ms, s->metric, s->unsupported);
		return;
	}
	if (sum_event(k, sets, nsets, &sum, &frac, why, sizeof(why))) {
		/* this repetition only: the next window may be scheduled */
		metric_put_unsupported(ms, s->metric, why);
		return;
	}
	metric_put(ms, s->metric, sum);
	if (frac < 1) {
		snprintf(name, sizeof(name), "%s" MULTIPLEXED, s->metric);
		metric_put(ms, name, frac);
		s->multiplexed = true;
		if (frac < s->min_running)
			s->min_running = frac;
	}
}

static const struct counter_spec *find_spec(const struct counter_list *cl,
					    const char *name)
{
	int i;

	for (i = 0; i < cl->n; i++)
		if (!strcmp(cl->spec[i].name, name))
			return &cl->spec[i];
	return NULL;
}

/*
 * num / den, both already in ms (NULL: absent, why_absent says why);
 * unsupported with an input's reason when one is.
 */
static void put_ratio(struct metric_sink *ms, const char *name,
		      const struct metric *num, const struct metric *den,
		      const char *why_absent)
{
	char why[96];

	if (!num || !den)
		metric_put_unsupported(ms, name, why_absent);
	else if (num->unsupported[0])
		metric_put_unsupported(ms, name, num->unsupported);
	else if (den->unsupported[0])
		metric_put_unsupported(ms, name, den->unsupported);
	else if (!den->value) {
		snprintf(why, sizeof(why), "unsupported: no %s", den->name);
		metric_put_unsupported(ms, name, why);
	} else {
		metric_put(ms, name, num->value / den->value);
	}
}

static const struct metric *event_metric(const struct counter_list *cl,
					 const struct metric_sink *ms, const char *event)
{
	const struct counter_spec *s = find_spec(cl, event);

	return s ? metric_get(ms, s->metric) : NULL;
}

/* The sum of the events with a TLB role, as a metric (NULL: none listed). */
static const struct metric *tlb_sum(const struct counter_list *cl,
				    const struct metric_sink *ms, unsigned int role,
				    struct metric *sum)
{
	const struct metric *m;
	int i, n = 0;

	memset(sum, 0, sizeof(*sum));
	for (i = 0; i < cl->n; i++) {
		if (!(cl->spec[i].tlb_role & role))
			continue;
		m = metric_get(ms, cl->spec[i].metric);
		if (!m || m->unsupported[0]) {
			snprintf(sum->unsupported, sizeof(sum->unsupported), "%s",
				 m ? m->unsupported : cl->spec[i].unsupported);
			return sum;
		}
		sum->value += m->value;
		n++;
	}
	return n ? sum : NULL;
}

static void put_tlb(const struct counter_list *cl, struct metric_sink *ms,
		    const char *unit, unsigned int role, const char *what)
{
	struct metric sum;
	char name[64], units_name[64], why[96];

	snprintf(name, sizeof(name), "tlb_%s_per_%s", what, unit);
	snprintf(units_name, sizeof(units_name), "%ss", unit);
	if (cl->have_pmu)
		snprintf(why, sizeof(why), "unsupported: no TLB %s event of %.40s listed",
			 what, cl->pmu_model[0] ? cl->pmu_model : "the PMU");
	else if (cl->pmu_model[0])
		snprintf(why, sizeof(why), "unsupported: no usable PMU (%.40s cannot count)",
			 cl->pmu_model);
	else
		snprintf(why, sizeof(why), "unsupported: no PMU");
	put_ratio(ms, name, tlb_sum(cl, ms, role, &sum), metric_get(ms, units_name), why);
}

static void put_derived(const struct counter_list *cl, struct metric_sink *ms,
			const char *unit)
{
	char name[64], units_name[64];

	snprintf(units_name, sizeof(units_name), "%ss", unit);
	if (cl->derive_tlb) {
		put_tlb(cl, ms, unit, PMU_TLB_MISS, "misses");
		put_tlb(cl, ms, unit, PMU_TLB_WALK, "walks");
	}
	if (cl->derive_map_pages)
		put_ratio(ms, "map_pages_per_fault", event_metric(cl, ms, TP_MAP_PAGES),
			  event_metric(cl, ms, TP_FAULT),
			  "unsupported: needs " TP_MAP_PAGES " and " TP_FAULT);
	if (cl->derive_tp_units) {
		snprintf(name, sizeof(name), "tp_%ss_per_fault", unit);
		put_ratio(ms, name, metric_get(ms, units_name), event_metric(cl, ms, TP_FAULT),
			  "unsupported: no count of units");
	}
}

void counters_put_metrics(struct counter_list *cl, struct counter_set *const *sets,
			  int nsets, struct metric_sink *ms, const char *unit)
{
	int i, k;

	for (i = 0; i < nsets; i++)
		note_failures(cl, sets[i]);
	for (k = 0; k < cl->n; k++)
		put_event(&cl->spec[k], k, sets, nsets, ms);
	put_derived(cl, ms, unit);
}
