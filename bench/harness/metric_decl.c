// SPDX-License-Identifier: GPL-2.0-only
/* The harness's metric declarations and meta.json's "metrics"; see metric_decl.h. */
#include <fnmatch.h>
#include <string.h>

#include "bench/harness/metric_decl.h"

/*
 * First match wins: exact names, then globs, the rates before the
 * per-unit times so "pages_per_sec" is not taken for a time.  Per-unit
 * names follow the workload's unit (page, round): ns_per_<unit> and
 * <phase>_ns_per_<unit> are busy time per unit, <unit>s_per_sec units per
 * second of wall time, <unit>s_per_fault units mapped per fault (an exact
 * count: a change in it is a change of behaviour, neither better nor worse).
 */
const struct wl_metric harness_metrics[] = {
	{ .name = "wall_ms", .unit = "ms", .label = "wall time of the measured run",
	  .better = WL_BETTER_LOWER },
	{ .name = "faults", .unit = "faults", .label = "page faults of the run (getrusage)",
	  .better = WL_BETTER_LOWER },
	{ .name = "minflt", .unit = "faults", .label = "minor faults of the run (getrusage)" },
	{ .name = "majflt", .unit = "faults", .label = "major faults of the run (getrusage)" },
	{ .name = "page_faults", .unit = "faults", .label = "page-fault events (perf)" },
	{ .name = "minor_faults", .unit = "faults", .label = "minor-fault events (perf)" },
	{ .name = "major_faults", .unit = "faults", .label = "major-fault events (perf)" },
	{ .name = "context_switches", .unit = "switches", .label = "context switches (perf)" },
	{ .name = "task_clock", .unit = "ns", .label = "CPU time of the run's threads (perf)" },
	{ .name = "lat_samples", .unit = "samples", .label = "latency samples recorded" },
	{ .name = "lat_p*_ns", .unit = "ns", .label = "latency percentile of one unit",
	  .better = WL_BETTER_LOWER },
	{ .name = "lat_max_ns", .unit = "ns", .label = "longest latency of one unit",
	  .better = WL_BETTER_LOWER },
	{ .name = "lat_mean_ns", .unit = "ns", .label = "mean latency of one unit",
	  .better = WL_BETTER_LOWER },
	{ .name = "tlb_misses_per_*", .unit = "misses", .label = "dTLB misses per unit (PMU)",
	  .better = WL_BETTER_LOWER },
	{ .name = "tlb_walks_per_*", .unit = "walks", .label = "page-table walks per unit (PMU)",
	  .better = WL_BETTER_LOWER },
	{ .name = "folios_*k", .unit = "folios",
	  .label = "shmem folios of that size (kB) allocated in the repetition (stats/shmem_alloc, machine-wide)" },
	{ .name = "folio_fallback_*k", .unit = "folios",
	  .label = "shmem folios of that size (kB) that fell back to smaller (stats/shmem_fallback, machine-wide)" },
	{ .name = "vmstat_pgfault", .unit = "faults",
	  .label = "page faults in /proc/vmstat during the run (machine-wide)" },
	{ .name = "vmstat_*", .unit = "events",
	  .label = "a /proc/vmstat counter's rise during the run (machine-wide)" },
	{ .name = "tlb_shootdowns", .unit = "IPIs",
	  .label = "TLB shootdown interrupts during the run (/proc/interrupts, every CPU)" },
	{ .name = "irqs_cpu*", .unit = "interrupts",
	  .label = "interrupts on that CPU during the run (/proc/interrupts, every line)" },
	{ .name = "cpu_mhz_*", .unit = "MHz",
	  .label = "cpufreq frequency of the tasks' CPUs before or after the run (mean)" },
	{ .name = "profile_samples", .unit = "samples",
	  .label = "profile samples of the tasks (cpu-clock)" },
	{ .name = "profile_lost", .unit = "samples",
	  .label = "profile samples the ring buffer had no room for", .better = WL_BETTER_LOWER },
	{ .name = "profile_kernel_pct", .unit = "%",
	  .label = "share of the profile samples in the kernel" },
	{ .name = "handler_csw", .unit = "switches",
	  .label = "context switches of fabench's other threads (uffd handlers) during the run" },
	{ .name = "map_pages_per_fault", .unit = "pages",
	  .label = "pages filemap_map_pages mapped per fault (tracepoints)" },
	{ .name = "tp_*_per_fault", .unit = "units",
	  .label = "units per fault, counted by tracepoints" },
	{ .name = "*_multiplexed", .unit = "",
	  .label = "share of the run a multiplexed counter was counting" },
	{ .name = "*_per_sec", .unit = "units/s", .label = "units of work per second",
	  .better = WL_BETTER_HIGHER },
	{ .name = "*_per_fault", .unit = "units", .label = "units of work per fault" },
	{ .name = "ns_per_*", .unit = "ns", .label = "busy time per unit of work",
	  .better = WL_BETTER_LOWER },
	{ .name = "*_ns_per_*", .unit = "ns", .label = "a phase's busy time per unit",
	  .better = WL_BETTER_LOWER },
	{ .name = "us_per_*", .unit = "us", .label = "time per unit", .better = WL_BETTER_LOWER },
	{ .name = "*_ms", .unit = "ms", .label = "a phase's time, first start to last end",
	  .better = WL_BETTER_LOWER },
	{ .name = "*_us", .unit = "us", .label = "a time", .better = WL_BETTER_LOWER },
	{ .name = "*_errors", .unit = "errors", .label = "calls that failed",
	  .better = WL_BETTER_LOWER },
	{ .name = NULL },
};

static void add_unique(json_t *a, const char *v)
{
	size_t i;

	for (i = 0; i < json_array_size(a); i++)
		if (!strcmp(json_string_value(json_array_get(a, i)), v))
			return;
	json_array_append_new(a, json_string(v));
}

static int declares(const struct workload *w, const char *metric)
{
	int i;

	for (i = 0; w->metrics && w->metrics[i].name; i++)
		if (!strcmp(w->metrics[i].name, metric))
			return 1;
	return 0;
}

/*
 * Every value the series axis can take, in the order of the registry and
 * of each workload's option table: the same list in every run of this
 * harness, so a uffd mode or a dirty method keeps its colour across runs.
 */
static json_t *series_values(const struct wl_metric *m)
{
	json_t *a = json_array();
	int w, i, v;

	for (w = 0; workloads[w]; w++) {
		const struct param_desc *pd = workloads[w]->params;

		if (!strcmp(m->series, "workload")) {
			if (declares(workloads[w], m->name))
				add_unique(a, workloads[w]->name);
			continue;
		}
		for (i = 0; pd && pd[i].name; i++)
			if (pd[i].type == PT_ENUM && !strcmp(pd[i].name, m->series))
				for (v = 0; pd[i].values[v]; v++)
					add_unique(a, pd[i].values[v]);
	}
	return a;
}

static json_t *decl_json(const struct wl_metric *m)
{
	static const char *const better[] = { "none", "lower", "higher", "zero" };
	static const char *const plot[] = { "none", "bars", "line" };

	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:s}", "name", m->name,
			      "unit", m->unit ? m->unit : "", "label", m->label ? m->label : "",
			      "better", better[m->better], "headline", m->headline,
			      "plot", plot[m->plot], "plot_x", m->plot_x ? m->plot_x : "");

	/* the figure fields only where a plot is declared */
	if (m->plot != WL_PLOT_NONE)
		json_object_update_new(o, json_pack("{s:s, s:s, s:s, s:s, s:b}",
			"plot_xlabel", m->plot_xlabel ? m->plot_xlabel : "",
			"series", m->series ? m->series : "", "only", m->only ? m->only : "",
			"note", m->note ? m->note : "", "log_y", m->log_y));
	if (m->plot != WL_PLOT_NONE && m->series && *m->series)
		json_object_set_new(o, "series_values", series_values(m));
	if (m->mark)
		json_object_set_new(o, "mark", json_string(m->mark));
	return o;
}

static json_t *table_json(const struct wl_metric *t)
{
	json_t *a = json_array();
	int i;

	for (i = 0; t && t[i].name; i++)
		json_array_append_new(a, decl_json(&t[i]));
	return a;
}

json_t *metric_decl_json(const struct workload *const *wl, int n)
{
	json_t *o = json_object();
	int i;

	for (i = 0; i < n; i++)
		if (!json_object_get(o, wl[i]->name))
			json_object_set_new(o, wl[i]->name, table_json(wl[i]->metrics));
	json_object_set_new(o, "*", table_json(harness_metrics));
	return o;
}

const struct wl_metric *metric_decl_find(const struct workload *wl, const char *metric)
{
	int i;

	for (i = 0; wl->metrics && wl->metrics[i].name; i++)
		if (!strcmp(wl->metrics[i].name, metric))
			return &wl->metrics[i];
	for (i = 0; harness_metrics[i].name; i++)
		if (!fnmatch(harness_metrics[i].name, metric, 0))
			return &harness_metrics[i];
	return NULL;
}
