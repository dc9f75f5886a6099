// SPDX-License-Identifier: GPL-2.0-only
/*
 * meta.json.  Every value is read from the machine during this run; what
 * could not be read is the string "unsupported: <reason>", never a guess.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "meta.h"
#include "sysinfo.h"
#include "timer.h"
#include "uffd.h"

#ifndef FABENCH_GIT_REV
#define FABENCH_GIT_REV "unknown"
#endif

#define THP_DIR "/sys/kernel/mm/transparent_hugepage"

static json_t *file_value(const char *path)
{
	char buf[4096];

	sysinfo_read_file(path, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *meta_uname(void)
{
	struct utsname u;

	uname(&u);
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "sysname", u.sysname,
			 "nodename", u.nodename, "release", u.release,
			 "version", u.version, "machine", u.machine);
}

static json_t *meta_cpu(const struct run_env *env)
{
	char model[256];
	json_t *cpus = json_array();
	int i;

	sysinfo_cpu_model(model, sizeof(model));
	for (i = 0; i < env->ncpus; i++)
		json_array_append_new(cpus, json_integer(env->cpu[i]));
	return json_pack("{s:s, s:I, s:I, s:o}", "model", model,
			 "online", (json_int_t)sysconf(_SC_NPROCESSORS_ONLN),
			 "configured", (json_int_t)sysconf(_SC_NPROCESSORS_CONF),
			 "pinned_to", cpus);
}

static json_t *meta_thp(void)
{
	static const char *const knobs[] = { "enabled", "shmem_enabled", "defrag" };
	json_t *o = json_object();
	char path[256], raw[256], cur[256];
	size_t i;

	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), THP_DIR "/%s", knobs[i]);
		if (!sysinfo_read_file(path, raw, sizeof(raw)))
			sysinfo_bracketed(raw, cur, sizeof(cur));
		else
			snprintf(cur, sizeof(cur), "%s", raw);
		json_object_set_new(o, knobs[i], json_string(cur));
	}
	return o;
}

static json_t *meta_uffd(void)
{
	json_t *names = json_array();
	char why[256], hex[32];
	uint64_t f = 0;
	unsigned int b;

	if (uffd_probe_features(&f, why, sizeof(why))) {
		snprintf(hex, sizeof(hex), "unsupported");
		return json_pack("{s:s}", "features", why);
	}
	for (b = 0; b < 64; b++)
		if (f & (1ull << b))
			json_array_append_new(names, json_string(uffd_feature_name(b) ?: "unknown"));
	snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)f);
	return json_pack("{s:s, s:o}", "features", hex, "feature_names", names);
}

static json_t *meta_timer(void)
{
	const struct timer_info *ti = timer_get();

	return json_pack("{s:s, s:s, s:f, s:f, s:f, s:f}", "source", ti->name,
			 "why", ti->why, "ns_per_tick", ti->ns_per_tick,
			 "calibration_spread_ppm", ti->calib_spread_ppm,
			 "read_cost_ns", ti->read_cost_ns, "nominal_hz", ti->nominal_hz);
}

static json_t *meta_counters(const struct counter_list *cl)
{
	json_t *a = json_array();
	int i;

	for (i = 0; i < cl->n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}",
			"event", cl->spec[i].name, "column", cl->spec[i].metric,
			"status", cl->spec[i].unsupported[0] ? cl->spec[i].unsupported : "ok"));
	return a;
}

static json_t *point_json(const struct matrix_point *pt)
{
	json_t *params = json_object();
	int i;

	for (i = 0; pt->sec->params[i].name; i++)
		json_object_set_new(params, pt->sec->params[i].name,
				    json_string(pt->vals[i].text));
	return json_pack("{s:i, s:s, s:s, s:o, s:s}", "point", pt->index,
			 "section", pt->sec->name, "workload", pt->sec->wl->name,
			 "params", params, "timing", pt->run[RP_TIMING].text);
}

static json_t *meta_config(const struct run_record *rr)
{
	json_t *points = json_array(), *run = json_object(), *argv = json_array();
	char text[65536];
	int i;

	for (i = 0; i < rr->matrix->npoints; i++)
		json_array_append_new(points, point_json(&rr->matrix->points[i]));
	for (i = 0; run_params[i].name; i++) {
		const struct config_key *k = &rr->cfg->run.keys[i];
		json_t *vals = json_array();
		int v;

		for (v = 0; v < k->nvals; v++)
			json_array_append_new(vals, json_string(k->vals[v].text));
		json_object_set_new(run, run_params[i].name, vals);
	}
	for (i = 0; i < rr->argc; i++)
		json_array_append_new(argv, json_string(rr->argv[i]));
	if (sysinfo_read_file(rr->cfg->path, text, sizeof(text)))
		text[0] = '\0';
	return json_pack("{s:s, s:s, s:o, s:o, s:o}", "path", rr->cfg->path,
			 "text", text, "command", argv, "run", run, "points", points);
}

static json_t *meta_system(void)
{
	char host[64], mem[32];

	sysinfo_hostname(host, sizeof(host));
	snprintf(mem, sizeof(mem), "%llu", (unsigned long long)read_mem_available());
	return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "hostname", host,
			 "cmdline", file_value("/proc/cmdline"),
			 "mem_available_bytes", json_string(mem),
			 "swaps", file_value("/proc/swaps"),
			 "overcommit_memory", file_value("/proc/sys/vm/overcommit_memory"),
			 "unprivileged_userfaultfd",
			 file_value("/proc/sys/vm/unprivileged_userfaultfd"));
}

int meta_write(const char *dir, const struct run_record *rr)
{
	char path[4096], fab[128], started[32];
	json_t *root;
	int ret;

	sysinfo_fault_around_bytes(fab, sizeof(fab));
	strftime(started, sizeof(started), "%Y-%m-%dT%H:%M:%S%z", localtime(&rr->started));
	root = json_pack("{s:i, s:s, s:s, s:s, s:f}", "format_version", 1,
			 "harness_revision", FABENCH_GIT_REV,
			 "label", rr->label ? rr->label : "", "started", started,
			 "elapsed_s", rr->elapsed_s);
	json_object_set_new(root, "uname", meta_uname());
	json_object_set_new(root, "system", meta_system());
	json_object_set_new(root, "cpu", meta_cpu(rr->env));
	json_object_set_new(root, "thp", meta_thp());
	json_object_set_new(root, "fault_around_bytes", json_string(fab));
	json_object_set_new(root, "kernel_config",
			    json_string(access("/proc/config.gz", R_OK) ?
					"unsupported: no /proc/config.gz" :
					"/proc/config.gz present (not copied)"));
	json_object_set_new(root, "uffd", meta_uffd());
	json_object_set_new(root, "timer", meta_timer());
	json_object_set_new(root, "counters", meta_counters(&rr->env->counters));
	json_object_set_new(root, "config", meta_config(rr));
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	ret = json_dump_file(root, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (ret)
		fprintf(stderr, "fabench: writing %s failed\n", path);
	return ret ? -1 : 0;
}
