// SPDX-License-Identifier: GPL-2.0-only
/* [run] machine: the machine settings a run controls; see machine.h. */
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "bench/harness/cpulist.h"
#include "bench/harness/machine.h"
#include "bench/kernel/aslr.h"
#include "bench/kernel/drop_caches.h"
#include "bench/kernel/knobs/cpufreq.h"
#include "bench/kernel/knobs/khugepaged.h"
#include "bench/kernel/knobs/knobs.h"
#include "bench/kernel/knobs/thp_defrag.h"

static const char *const names[MS_COUNT] = {
	[MS_GOVERNOR] = "governor", [MS_TURBO] = "turbo", [MS_ASLR] = "aslr",
	[MS_THP_DEFRAG] = "thp_defrag", [MS_KHUGEPAGED] = "khugepaged",
	[MS_DROP_CACHES] = "drop_caches",
};

const char *machine_setting_name(enum machine_setting s)
{
	return names[s];
}

int machine_parse(const char *spec, struct machine *m, char *err, size_t errlen)
{
	char buf[256], *tok, *save = NULL;
	int s;

	memset(m, 0, sizeof(*m));
	if (!strcmp(spec, "as-is"))
		return 0;
	if (!strcmp(spec, "quiet")) {
		for (s = 0; s < MS_COUNT; s++)
			m->on[s] = true;
		return 0;
	}
	snprintf(buf, sizeof(buf), "%s", spec);
	for (tok = strtok_r(buf, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		if (!strcmp(tok, "quiet")) {
			for (s = 0; s < MS_COUNT; s++)
				m->on[s] = true;
			continue;
		}
		for (s = 0; s < MS_COUNT && strcmp(tok, names[s]); s++)
			;
		if (s == MS_COUNT) {
			snprintf(err, errlen, "unknown setting '%s'; expected as-is, quiet or a list "
				 "of governor, turbo, aslr, thp_defrag, khugepaged, drop_caches", tok);
			return -1;
		}
		m->on[s] = true;
	}
	return 0;
}

void machine_aslr_early(struct machine *m)
{
	char before[96], why[160];

	if (aslr_reexeced(before, sizeof(before))) {
		/* the image after the re-exec: what it was, what it is */
		snprintf(m->before[MS_ASLR], sizeof(m->before[MS_ASLR]), "%s", before);
		if (aslr_on())
			snprintf(m->after[MS_ASLR], sizeof(m->after[MS_ASLR]),
				 "unsupported: ADDR_NO_RANDOMIZE did not hold across exec");
		return;
	}
	if (!m->on[MS_ASLR] || !aslr_on())
		return;
	aslr_off_reexec(why, sizeof(why));
	/* still here: it could not */
	aslr_describe(m->before[MS_ASLR], sizeof(m->before[MS_ASLR]));
	snprintf(m->after[MS_ASLR], sizeof(m->after[MS_ASLR]), "unsupported: %.170s", why);
}

/*
 * One knob: its value now into before; set to want if asked; read back
 * into after.  A knob that cannot be read or set: "unsupported: <why>".
 */
static void one_knob(enum knob_id id, bool asked, const char *want, char *before, char *after,
		     size_t len)
{
	char val[64], why[160];

	if (knob_read(id, val, sizeof(val), why, sizeof(why))) {
		snprintf(before, len, "unsupported: %.170s", why);
		snprintf(after, len, "%s", before);
		return;
	}
	snprintf(before, len, "%s", val);
	if (asked && knob_set(id, want, why, sizeof(why))) {
		snprintf(after, len, "unsupported: %.170s", why);
		return;
	}
	if (knob_read(id, val, sizeof(val), why, sizeof(why)))
		snprintf(after, len, "unsupported: %.170s", why);
	else
		snprintf(after, len, "%s", val);
}

/*
 * Every CPU listed: "performance" when all agree, else
 * "cpu0 performance, cpu2 powersave"; the first CPU without cpufreq makes
 * the setting unsupported (none in a VM without it).
 */
static void governors(struct machine *m, const int *cpus, int nlisted)
{
	char before[1024] = "", after[1024] = "";
	char b[192], a[192], first_b[192] = "", first_a[192] = "";
	bool same_b = true, same_a = true;
	size_t ob = 0, oa = 0;
	int cpu[CPU_SETSIZE], ncpus, i;

	ncpus = cpulist_unique(cpus, nlisted, cpu, CPU_SETSIZE);
	for (i = 0; i < ncpus; i++) {
		if (cpu[i] >= CPUFREQ_MAX_CPUS) {
			snprintf(m->before[MS_GOVERNOR], sizeof(m->before[0]),
				 "unsupported: CPU %d: fabench sets the governor of CPUs below %d",
				 cpu[i], CPUFREQ_MAX_CPUS);
			snprintf(m->after[MS_GOVERNOR], sizeof(m->after[0]), "%s",
				 m->before[MS_GOVERNOR]);
			return;
		}
		one_knob(KNOB_GOVERNOR + cpu[i], m->on[MS_GOVERNOR], CPUFREQ_GOVERNOR_QUIET,
			 b, a, sizeof(b));
		if (!strncmp(b, "unsupported: ", 13)) {
			snprintf(m->before[MS_GOVERNOR], sizeof(m->before[0]),
				 "unsupported: no cpufreq (%.150s)", b + 13);
			snprintf(m->after[MS_GOVERNOR], sizeof(m->after[0]), "%s",
				 m->before[MS_GOVERNOR]);
			return;
		}
		if (!*first_b) {
			snprintf(first_b, sizeof(first_b), "%s", b);
			snprintf(first_a, sizeof(first_a), "%s", a);
		}
		same_b &= !strcmp(b, first_b);
		same_a &= !strcmp(a, first_a);
		if (ob < sizeof(before))
			ob += (size_t)snprintf(before + ob, sizeof(before) - ob, "%scpu%d %s",
					       ob ? ", " : "", cpu[i], b);
		if (oa < sizeof(after))
			oa += (size_t)snprintf(after + oa, sizeof(after) - oa, "%scpu%d %s",
					       oa ? ", " : "", cpu[i], a);
	}
	snprintf(m->before[MS_GOVERNOR], sizeof(m->before[0]), "%.190s", same_b ? first_b : before);
	snprintf(m->after[MS_GOVERNOR], sizeof(m->after[0]), "%.190s", same_a ? first_a : after);
}

/* intel_pstate's no_turbo where that driver runs, else cpufreq's boost */
static void turbo(struct machine *m)
{
	char val[64], why[192], b[192], a[192];
	int id = cpufreq_turbo_knob(val, sizeof(val), why, sizeof(why));

	if (id < 0) {
		snprintf(m->before[MS_TURBO], sizeof(m->before[0]), "unsupported: %.170s", why);
		snprintf(m->after[MS_TURBO], sizeof(m->after[0]), "%s", m->before[MS_TURBO]);
		return;
	}
	one_knob(id, m->on[MS_TURBO], cpufreq_turbo_off(id), b, a, sizeof(b));
	cpufreq_turbo_describe(id, b, m->before[MS_TURBO], sizeof(m->before[0]));
	/* as on/off, with the file's own value, or why it could not be set */
	if (!strncmp(a, "unsupported", 11))
		snprintf(m->after[MS_TURBO], sizeof(m->after[0]), "%.190s", a);
	else
		cpufreq_turbo_describe(id, a, m->after[MS_TURBO], sizeof(m->after[0]));
}

void machine_apply(struct machine *m, const int *cpu, int ncpus)
{
	char why[160];

	governors(m, cpu, ncpus);
	turbo(m);
	if (!*m->before[MS_ASLR])
		aslr_describe(m->before[MS_ASLR], sizeof(m->before[0]));
	if (!*m->after[MS_ASLR])
		aslr_describe(m->after[MS_ASLR], sizeof(m->after[0]));
	one_knob(KNOB_THP_DEFRAG, m->on[MS_THP_DEFRAG], THP_DEFRAG_QUIET,
		 m->before[MS_THP_DEFRAG], m->after[MS_THP_DEFRAG], sizeof(m->before[0]));
	one_knob(KNOB_KHUGEPAGED, m->on[MS_KHUGEPAGED], KHUGEPAGED_QUIET_MS,
		 m->before[MS_KHUGEPAGED], m->after[MS_KHUGEPAGED], sizeof(m->before[0]));
	if (!m->on[MS_DROP_CACHES]) {
		snprintf(m->before[MS_DROP_CACHES], sizeof(m->before[0]), "not dropped");
		snprintf(m->after[MS_DROP_CACHES], sizeof(m->after[0]), "not dropped");
		return;
	}
	/* tried once now, so a machine where it cannot be done is known at once */
	m->cached_kb[0] = drop_caches_cached_kb();
	if (drop_caches(why, sizeof(why))) {
		snprintf(m->before[MS_DROP_CACHES], sizeof(m->before[0]), "unsupported: %.170s", why);
		snprintf(m->after[MS_DROP_CACHES], sizeof(m->after[0]), "%s",
			 m->before[MS_DROP_CACHES]);
		return;
	}
	m->cached_kb[1] = drop_caches_cached_kb();
	m->drops = 1;
	snprintf(m->before[MS_DROP_CACHES], sizeof(m->before[0]), "Cached %ld kB", m->cached_kb[0]);
	snprintf(m->after[MS_DROP_CACHES], sizeof(m->after[0]),
		 "dropped before each populating repetition (Cached %ld kB after the first)",
		 m->cached_kb[1]);
}

void machine_drop_caches(struct machine *m)
{
	char why[160];

	if (!m->on[MS_DROP_CACHES] || !m->drops)
		return;
	if (!drop_caches(why, sizeof(why)))
		m->drops++;
}

void machine_print(const struct machine *m, FILE *out)
{
	int s;

	for (s = 0; s < MS_COUNT; s++) {
		if (!m->on[s])
			continue;
		if (!strncmp(m->after[s], "unsupported", 11))
			fprintf(out, "machine: %-11s %s\n", names[s], m->after[s]);
		else
			fprintf(out, "machine: %-11s %s (was %s)\n", names[s], m->after[s],
				m->before[s]);
	}
}

json_t *machine_json(const struct machine *m)
{
	json_t *o = json_object(), *one;
	int s;

	for (s = 0; s < MS_COUNT; s++) {
		one = json_object();
		json_object_set_new(one, "asked", json_boolean(m->on[s]));
		json_object_set_new(one, "before", json_string(m->before[s]));
		json_object_set_new(one, "after", json_string(m->after[s]));
		if (s == MS_DROP_CACHES)
			json_object_set_new(one, "drops", json_integer(m->drops));
		json_object_set_new(o, names[s], one);
	}
	return o;
}
