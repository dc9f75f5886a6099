// SPDX-License-Identifier: GPL-2.0-only
/*
 * Config loading and validation.  Everything is checked before anything
 * runs: an error names the file, the line and what was expected.
 */
#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/harness/config.h"
#include "bench/kernel/knobs/fault_around_bytes.h"
#include "bench/kernel/knobs/shmem_folio.h"
#include "bench/kernel/knobs/thp_shmem.h"
#include "bench/harness/cpulist.h"
#include "bench/harness/machine.h"
#include "bench/harness/monitors.h"

static const char *const timing_modes[] = { "throughput", "latency", NULL };
static const char *const run_orders[] = { "points", "interleave", NULL };
static const char *const task_modes[] = { "threads", "processes", NULL };
static const char *const profile_modes[] = { "off", "on", NULL };

/* must match enum helper_place */
static const char *const helper_places[] = {
	"any", "same-core", "smt-sibling", "other-core", NULL
};

static int parse_numa_node(const char *text, struct param_value *out,
			   char *err, size_t errlen)
{
	if (!strcmp(text, "any"))
		return 0;
	if (!param_parse_uint(text, &out->num) && out->num < 1024) {
		out->idx = 1;	/* bind to out->num */
		return 0;
	}
	snprintf(err, errlen, "expected any or a NUMA node number");
	return -1;
}

/* "default" (leave it) or bytes: the knob says which (fault_around_bytes.h) */
static int parse_fault_around(const char *text, struct param_value *out,
			      char *err, size_t errlen)
{
	uint64_t v;

	if (!strcmp(text, "default"))
		return 0;
	if (!param_parse_size(text, &v) && fault_around_bytes_valid(v)) {
		out->num = v;
		out->idx = 1;	/* set explicitly */
		snprintf(out->text, sizeof(out->text), "%llu", (unsigned long long)v);
		return 0;
	}
	snprintf(err, errlen, FAULT_AROUND_BYTES_EXPECTED);
	return -1;
}

/* "default" (leave the knobs) or a folio size: which sizes exist is the kernel's (shmem_folio.h) */
static int parse_shmem_folio(const char *text, struct param_value *out,
			     char *err, size_t errlen)
{
	unsigned int kb;

	if (shmem_folio_parse(text, &kb, out->text, sizeof(out->text))) {
		snprintf(err, errlen, SHMEM_FOLIO_EXPECTED);
		return -1;
	}
	out->num = kb;
	out->idx = kb != 0;	/* set explicitly */
	return 0;
}

static int parse_cpus(const char *text, struct param_value *out,
		      char *err, size_t errlen)
{
	int n = cpulist_parse(text, NULL, 0, err, errlen);

	if (n < 0)
		return -1;
	out->num = n > 0;	/* an explicit list */
	return 0;
}

/* "default", "none" or monitor names (monitors.h) */
static int parse_monitors(const char *text, struct param_value *out,
			  char *err, size_t errlen)
{
	struct monitors m;

	if (monitors_parse(text, &m, err, errlen))
		return -1;
	snprintf(out->text, sizeof(out->text), "%.60s", text);
	return 0;
}

/* "as-is", "quiet" or setting names (machine.h) */
static int parse_machine(const char *text, struct param_value *out,
			 char *err, size_t errlen)
{
	struct machine m;

	if (machine_parse(text, &m, err, errlen))
		return -1;
	snprintf(out->text, sizeof(out->text), "%.60s", text);
	return 0;
}

/* Event names are checked when counters open; here only their spelling. */
static int parse_events(const char *text, struct param_value *out,
			char *err, size_t errlen)
{
	const char *s;

	for (s = text; *s; s++) {
		if (isalnum((unsigned char)*s) || strchr("_:.=-, ", *s))
			continue;
		snprintf(err, errlen, "expected default, none, or event names joined by commas "
			 "(page-faults, exceptions:page_fault_user, perf::DTLB-LOAD-MISSES)");
		return -1;
	}
	snprintf(out->text, sizeof(out->text), "%.60s%s", text, strlen(text) > 60 ? "..." : "");
	return 0;
}

const struct param_desc run_params[] = {
	[RP_REPEAT] = { .name = "repeat", .type = PT_UINT, .def = "5", .min = 1,
			.max = 10000, .flags = PF_SCALAR,
			.help = "measured repetitions per matrix point" },
	[RP_WARMUP] = { .name = "warmup", .type = PT_UINT, .def = "1", .min = 0,
			.max = 1000, .flags = PF_SCALAR,
			.help = "unrecorded repetitions before them" },
	[RP_CPUS] = { .name = "cpus", .type = PT_CUSTOM, .def = "all",
		      .parse = parse_cpus, .flags = PF_SCALAR,
		      .custom_syntax = "all|CPU list such as 0,2-3",
		      .help = "CPUs working threads are pinned to, round robin" },
	[RP_TIMING] = { .name = "timing", .type = PT_ENUM, .values = timing_modes,
			.def = "throughput",
			.help = "throughput (no per-touch timing) or latency (histogram)" },
	[RP_SEED] = { .name = "seed", .type = PT_UINT, .def = "1", .min = 0,
		      .max = UINT32_MAX, .flags = PF_SCALAR,
		      .help = "seed of random patterns, recorded with results" },
	[RP_ORDER] = { .name = "order", .type = PT_ENUM, .values = run_orders,
		       .def = "points", .flags = PF_SCALAR,
		       .help = "repetitions point by point, or round-robin over points" },
	[RP_EVENTS] = { .name = "events", .type = PT_CUSTOM, .def = "default",
			.parse = parse_events, .flags = PF_SCALAR | PF_RAW,
			.custom_syntax = "default|none|event,event,...",
			.help = "kernel and PMU events counted on every working thread" },
	[RP_FAULT_AROUND] = { .name = FAULT_AROUND_BYTES_NAME, .type = PT_CUSTOM,
			      .def = "default", .parse = parse_fault_around,
			      .custom_syntax = FAULT_AROUND_BYTES_SYNTAX,
			      .help = "debugfs knob, set per point and restored" },
	[RP_THP_SHMEM] = { .name = THP_SHMEM_NAME, .type = PT_ENUM, .values = thp_shmem_values,
			   .def = "default",
			   .help = "THP shmem_enabled, set per point and restored" },
	[RP_SHMEM_FOLIO] = { .name = SHMEM_FOLIO_NAME, .type = PT_CUSTOM, .def = "default",
			     .parse = parse_shmem_folio, .custom_syntax = SHMEM_FOLIO_SYNTAX,
			     .help = "shmem folio size (anon, or a memfd filled by writes), set per point and restored" },
	[RP_HANDLER_CPU] = { .name = "handler_cpu", .type = PT_ENUM,
			     .values = helper_places, .def = "any",
			     .help = "uffd handler thread's CPU, relative to the first faulting thread's" },
	[RP_NUMA_NODE] = { .name = "numa_node", .type = PT_CUSTOM, .def = "any",
			   .parse = parse_numa_node, .custom_syntax = "any|NODE",
			   .help = "bind the shmem (memory policy before first touch)" },
	[RP_TASK_MODE] = { .name = "task_mode", .type = PT_ENUM, .values = task_modes,
			   .def = "threads",
			   .help = "a workload's tasks: threads, or processes forked after prepare" },
	[RP_MONITORS] = { .name = "monitors", .type = PT_CUSTOM, .def = "default",
			  .parse = parse_monitors, .flags = PF_SCALAR | PF_RAW,
			  .custom_syntax = "default|none|vmstat,tlb_shootdowns,handler_csw,irqs,cpu_mhz",
			  .help = "machine counters put beside each repetition" },
	[RP_PROFILE] = { .name = "profile", .type = PT_ENUM, .values = profile_modes,
			 .def = "off",
			 .help = "sample the tasks' kernel stacks (cpu-clock) into profile/" },
	[RP_PROFILE_PERIOD] = { .name = "profile_period_us", .type = PT_UINT, .def = "250",
				.min = 10, .max = 1000000, .flags = PF_SCALAR,
				.help = "profile = on: a sample every N us of a task's CPU time" },
	[RP_MACHINE] = { .name = "machine", .type = PT_CUSTOM, .def = "as-is",
			 .parse = parse_machine, .flags = PF_SCALAR | PF_RAW,
			 .custom_syntax = MACHINE_SYNTAX,
			 .help = "machine settings for the whole run, set and restored (quiet: all)" },
	{ .name = NULL },
};

struct load_state {
	struct config *cfg;
	FILE *file;
	int line;
	struct config_section *cur;
	char err[512];
	int err_line;
};

static void fail(struct load_state *ls, int line, const char *fmt, ...)
{
	va_list ap;

	if (ls->err[0])
		return;		/* the first error is the one reported */
	ls->err_line = line;
	va_start(ap, fmt);
	vsnprintf(ls->err, sizeof(ls->err), fmt, ap);
	va_end(ap);
	/* one printable line, whatever bytes the file held */
	for (char *c = ls->err; *c; c++)
		if ((unsigned char)*c < ' ' || (unsigned char)*c >= 0x7f)
			*c = '?';
}

static void section_defaults(struct config *cfg, struct config_section *sec)
{
	size_t i, n = param_count(sec->params);
	char err[256];

	for (i = 0; i < n; i++) {
		sec->keys[i].line = 0;
		sec->keys[i].nvals = 1;
		if (param_parse(&sec->params[i], sec->params[i].def,
				&sec->keys[i].vals[0], 0, err, sizeof(err)))
			abort();	/* a bad default is a harness bug */
	}
	(void)cfg;
}

static void list_workloads(char *buf, size_t len)
{
	size_t off = (size_t)snprintf(buf, len, "[run]");
	int i;

	for (i = 0; workloads[i] && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, ", [%s]", workloads[i]->name);
}

/* "[name]" or "[name.tag]" on this line: open that section. */
static void open_section(struct load_state *ls, const char *name)
{
	struct config *cfg = ls->cfg;
	struct config_section *sec;
	const struct workload *wl;
	char base[64], known[256];
	int i;

	snprintf(base, sizeof(base), "%.*s", (int)strcspn(name, "."), name);
	for (i = 0; i < cfg->nsections; i++) {
		if (!strcmp(cfg->sections[i].name, name)) {
			fail(ls, ls->line, "section [%s] appears twice (first on line %d); use [%s.TAG] for a second matrix",
			     name, cfg->sections[i].line, base);
			return;
		}
	}
	if (!strcmp(name, "run")) {
		if (cfg->run.line)
			fail(ls, ls->line, "section [run] appears twice");
		cfg->run.line = ls->line;
		ls->cur = &cfg->run;
		return;
	}
	wl = workload_find(base);
	if (!wl || (name[strlen(base)] == '.' && !name[strlen(base) + 1])) {
		list_workloads(known, sizeof(known));
		fail(ls, ls->line, "unknown section [%s]; expected one of %s", name, known);
		return;
	}
	if (cfg->nsections == CONFIG_MAX_SECTIONS) {
		fail(ls, ls->line, "more than %d sections", CONFIG_MAX_SECTIONS);
		return;
	}
	/* a table that disagrees with its options struct is the harness's bug */
	if (param_check(wl->params, wl->options_size, known, sizeof(known))) {
		fail(ls, ls->line, "workload %s: its parameter table: %s", wl->name, known);
		return;
	}
	sec = &cfg->sections[cfg->nsections++];
	snprintf(sec->name, sizeof(sec->name), "%s", name);
	sec->line = ls->line;
	sec->wl = wl;
	sec->params = wl->params;
	section_defaults(cfg, sec);
	ls->cur = sec;
}

/*
 * Reads one line for inih, counting lines and catching section headers.
 * Leading blanks (and a UTF-8 byte-order mark) are removed, so inih never
 * takes an indented line for the continuation of the key before it.
 */
static char *line_reader(char *str, int num, void *stream)
{
	struct load_state *ls = stream;
	size_t len;
	char *s, *end;

	if (ls->err[0] || !fgets(str, num, ls->file))
		return NULL;
	ls->line++;
	len = strlen(str);
	if (len == (size_t)num - 1 && str[len - 1] != '\n' && !feof(ls->file)) {
		fail(ls, ls->line, "line longer than %d characters", num - 2);
		return NULL;
	}
	s = str;
	if (ls->line == 1 && !strncmp(s, "\xEF\xBB\xBF", 3))
		s += 3;
	while (*s == ' ' || *s == '\t')
		s++;
	memmove(str, s, strlen(s) + 1);
	s = str;
	if (*s == '[') {
		end = strchr(s, ']');
		if (end) {
			char name[64];

			snprintf(name, sizeof(name), "%.*s", (int)(end - s - 1), s + 1);
			open_section(ls, name);
		}
	}
	return str;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Keys that were renamed: a config written for an older fabench says so. */
static const struct { const char *workload, *old, *now; } renamed_keys[] = {
	{ "fault_read", "threads", "tasks (threads or processes: [run] task_mode)" },
};

static void unknown_key(struct load_state *ls, int line,
			const struct config_section *sec, const char *name)
{
	const struct param_desc *near = param_closest(sec->params, name);
	char known[256];
	size_t off = 0, i;

	for (i = 0; sec->wl && i < sizeof(renamed_keys) / sizeof(renamed_keys[0]); i++) {
		if (!strcmp(sec->wl->name, renamed_keys[i].workload) &&
		    !strcmp(name, renamed_keys[i].old)) {
			fail(ls, line, "[%s]: key '%s' is now %s", sec->name, name,
			     renamed_keys[i].now);
			return;
		}
	}

	known[0] = '\0';
	for (i = 0; sec->params[i].name && off < sizeof(known); i++)
		off += (size_t)snprintf(known + off, sizeof(known) - off, "%s%s",
					i ? ", " : "", sec->params[i].name);
	if (near)
		fail(ls, line, "[%s]: unknown key '%s' (did you mean '%s'?); expected one of: %s",
		     sec->name, name, near->name, known);
	else
		fail(ls, line, "[%s]: unknown key '%s'; expected one of: %s",
		     sec->name, name, known);
}

static int add_value(struct load_state *ls, int line,
		     const struct config_section *sec, const struct param_desc *pd,
		     struct config_key *key, char *tok)
{
	char err[256];

	if (key->nvals == CONFIG_MAX_VALUES) {
		fail(ls, line, "[%s] %s: more than %d values", sec->name,
		     pd->name, CONFIG_MAX_VALUES);
		return -1;
	}
	tok = trim(tok);
	if (pd->flags & PF_RAW) {
		if (strlen(tok) >= CONFIG_RAW_MAX) {
			fail(ls, line, "[%s] %s: longer than %d characters", sec->name,
			     pd->name, CONFIG_RAW_MAX - 1);
			return -1;
		}
		snprintf(key->raw, sizeof(key->raw), "%s", tok);
		if (pd->parse(tok, &key->vals[key->nvals], err, sizeof(err))) {
			fail(ls, line, "[%s] %s = %s: %s", sec->name, pd->name, tok, err);
			return -1;
		}
		key->nvals++;
		return 0;
	}
	if (param_parse(pd, tok, &key->vals[key->nvals], ls->cfg->mem_available,
			err, sizeof(err))) {
		fail(ls, line, "[%s] %s = %s: %s", sec->name, pd->name, tok, err);
		return -1;
	}
	key->nvals++;
	return 0;
}

/* Parse "a, b, c" into key; one error message on the first bad value. */
static void set_values(struct load_state *ls, int line,
		       struct config_section *sec, const char *name,
		       const char *value)
{
	const struct param_desc *pd;
	struct config_key *key;
	char buf[1024], *tok, *save = NULL, err[256];
	int idx;

	pd = param_find(sec->params, name, &idx);
	if (!pd) {
		unknown_key(ls, line, sec, name);
		return;
	}
	key = &sec->keys[idx];
	if (key->line > 0 && line > 0) {
		fail(ls, line, "[%s]: key '%s' set twice (first on line %d)",
		     sec->name, name, key->line);
		return;
	}
	key->line = line;
	key->nvals = 0;
	snprintf(buf, sizeof(buf), "%s", value);
	if (pd->type == PT_CUSTOM && pd->flags & PF_SCALAR) {
		/* one value that may itself hold commas (a CPU list) */
		if (*trim(buf))
			add_value(ls, line, sec, pd, key, buf);
	} else {
		for (tok = strtok_r(buf, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save))
			if (add_value(ls, line, sec, pd, key, tok))
				return;
	}
	if (ls->err[0])
		return;
	if (!key->nvals) {
		param_describe(pd, err, sizeof(err));
		fail(ls, line, "[%s] %s: no value; expected %s", sec->name, name, err);
	} else if (key->nvals > 1 && pd->flags & PF_SCALAR) {
		fail(ls, line, "[%s] %s: takes one value, not a list", sec->name, name);
	}
}

static int ini_handler_cb(void *user, const char *section, const char *name,
			  const char *value)
{
	struct load_state *ls = user;

	if (ls->err[0])
		return 1;
	if (!section[0] || !ls->cur) {
		fail(ls, ls->line, "'%s' outside any section; expected a [section] header first",
		     name);
		return 1;
	}
	set_values(ls, ls->line, ls->cur, name, value);
	return 1;
}

static struct config_section *find_section(struct config *cfg, const char *name)
{
	int i;

	if (!strcmp(name, "run"))
		return &cfg->run;
	for (i = 0; i < cfg->nsections; i++)
		if (!strcmp(cfg->sections[i].name, name))
			return &cfg->sections[i];
	return NULL;
}

/* -p section.key=value: replaces that key's list. */
static int apply_override(struct config *cfg, const char *ov)
{
	struct load_state ls = { .cfg = cfg };
	const char *dot = strchr(ov, '.'), *eq = strchr(ov, '=');
	struct config_section *sec;
	char sname[64], key[64];
	int idx;

	if (!dot || !eq || dot > eq || dot == ov || eq == dot + 1) {
		fprintf(stderr, "fabench: -p %s: expected section.key=value\n", ov);
		return -1;
	}
	/* sections may carry a tag (fault_read.holes): the key is after the last dot */
	dot = memrchr(ov, '.', (size_t)(eq - ov));
	snprintf(sname, sizeof(sname), "%.*s", (int)(dot - ov), ov);
	snprintf(key, sizeof(key), "%.*s", (int)(eq - dot - 1), dot + 1);
	sec = find_section(cfg, sname);
	if (!sec) {
		fprintf(stderr, "fabench: -p %s: no section [%s] in %s\n", ov, sname, cfg->path);
		return -1;
	}
	if (param_find(sec->params, key, &idx))
		sec->keys[idx].line = 0;	/* an override replaces the file's list */
	set_values(&ls, -1, sec, key, eq + 1);
	if (ls.err[0]) {
		fprintf(stderr, "fabench: -p %s: %s\n", ov, ls.err);
		return -1;
	}
	return 0;
}

uint64_t read_mem_available(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	unsigned long long kb = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return (uint64_t)kb * 1024;
}

static int load_file(struct config *cfg, const char *path)
{
	struct load_state ls = { .cfg = cfg };
	int ret, err;

	ls.file = fopen(path, "r");
	if (!ls.file) {
		fprintf(stderr, "fabench: %s: cannot open config: %s\n", path, strerror(errno));
		return -1;
	}
	ret = ini_parse_stream(line_reader, &ls, ini_handler_cb, &ls);
	/* a read error (a directory: EISDIR) is not the end of the file */
	err = ferror(ls.file) ? errno : 0;
	fclose(ls.file);
	if (err) {
		fprintf(stderr, "fabench: %s: cannot read config: %s\n", path, strerror(err));
		return -1;
	}
	if (ls.err[0] && (ret <= 0 || ls.err_line <= ret)) {
		fprintf(stderr, "fabench: %s:%d: %s\n", path, ls.err_line, ls.err);
		return -1;
	}
	if (ret) {
		fprintf(stderr, "fabench: %s:%d: syntax error; expected [section] or key = value\n",
			path, ret);
		return -1;
	}
	return 0;
}

/* A default size was never checked against the memory available: do it now. */
static int check_default_sizes(const struct config *cfg)
{
	const struct config_section *sec;
	char have[32];
	int s, i;

	for (s = 0; s < cfg->nsections; s++) {
		sec = &cfg->sections[s];
		for (i = 0; sec->params[i].name; i++) {
			if (!(sec->params[i].flags & PF_MEMORY) || sec->keys[i].line ||
			    !cfg->mem_available || sec->keys[i].vals[0].num <= cfg->mem_available)
				continue;
			param_format_size(cfg->mem_available & ~((1ull << 20) - 1), have,
					  sizeof(have));
			fprintf(stderr, "fabench: %s:%d: [%s] %s = %s (the default): larger than the memory available (MemAvailable %s); set %s\n",
				cfg->path, sec->line, sec->name, sec->params[i].name,
				sec->keys[i].vals[0].text, have, sec->params[i].name);
			return -1;
		}
	}
	return 0;
}

int config_load(struct config *cfg, const char *path, char *const *overrides,
		int noverrides, uint64_t mem_available)
{
	char known[256];
	int i;

	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->path, sizeof(cfg->path), "%s", path);
	cfg->mem_available = mem_available ? mem_available : read_mem_available();
	snprintf(cfg->run.name, sizeof(cfg->run.name), "run");
	cfg->run.params = run_params;
	section_defaults(cfg, &cfg->run);
	if (load_file(cfg, path))
		return -1;
	for (i = 0; i < noverrides; i++)
		if (apply_override(cfg, overrides[i]))
			return -1;
	if (check_default_sizes(cfg))
		return -1;
	if (!cfg->nsections) {
		list_workloads(known, sizeof(known));
		fprintf(stderr, "fabench: %s: empty matrix: no workload section; expected one of %s\n",
			path, known + strlen("[run], "));
		return -1;
	}
	return 0;
}

const char *config_run_raw(const struct config *cfg, int key)
{
	return cfg->run.keys[key].raw[0] ? cfg->run.keys[key].raw :
	       cfg->run.keys[key].vals[0].text;
}

const struct param_value *config_run_value(const struct config *cfg, int key)
{
	return &cfg->run.keys[key].vals[0];
}
