// SPDX-License-Identifier: GPL-2.0-only
/* cpufreq governor and turbo; see cpufreq.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/kernel/knobs/cpufreq.h"
#include "bench/kernel/sysinfo.h"

const struct knob knob_no_turbo = {
	.name = CPUFREQ_TURBO_NAME,
	.relpath = "sys/devices/system/cpu/intel_pstate/no_turbo",
};

const struct knob knob_boost = {
	.name = CPUFREQ_TURBO_NAME,
	.relpath = "sys/devices/system/cpu/cpufreq/boost",
};

/* made when first asked for: a path per CPU */
static struct {
	char relpath[64];
	struct knob knob;
} governor[CPUFREQ_MAX_CPUS];

const struct knob *cpufreq_governor_knob(int cpu)
{
	if (cpu < 0 || cpu >= CPUFREQ_MAX_CPUS)
		return NULL;
	if (!governor[cpu].knob.name) {
		snprintf(governor[cpu].relpath, sizeof(governor[cpu].relpath),
			 "sys/devices/system/cpu/cpu%d/cpufreq/scaling_governor", cpu);
		governor[cpu].knob = (struct knob){
			.name = CPUFREQ_GOVERNOR_NAME,
			.relpath = governor[cpu].relpath,
		};
	}
	return &governor[cpu].knob;
}

long cpufreq_cur_khz(int cpu, char *why, size_t len)
{
	char path[4096], buf[256];

	snprintf(path, sizeof(path), "%s/sys/devices/system/cpu/cpu%d/cpufreq/scaling_cur_freq",
		 sysinfo_sysfs_root(), cpu);
	if (sysinfo_read_file(path, buf, sizeof(buf))) {
		snprintf(why, len, "%s", buf + 13);	/* past "unsupported: " */
		return -1;
	}
	return atol(buf);
}

int cpufreq_turbo_knob(char *val, size_t vlen, char *why, size_t whylen)
{
	char why_pstate[160], why_boost[160];

	if (!knob_read(KNOB_NO_TURBO, val, vlen, why_pstate, sizeof(why_pstate)))
		return KNOB_NO_TURBO;
	if (!knob_read(KNOB_BOOST, val, vlen, why_boost, sizeof(why_boost)))
		return KNOB_BOOST;
	snprintf(why, whylen, "no intel_pstate/no_turbo (%.60s) nor cpufreq/boost (%.60s)",
		 why_pstate, why_boost);
	return -1;
}

const char *cpufreq_turbo_off(enum knob_id id)
{
	return id == KNOB_NO_TURBO ? "1" : "0";
}

void cpufreq_turbo_describe(enum knob_id id, const char *val, char *buf, size_t len)
{
	/* no_turbo 0 and boost 1 mean turbo on */
	bool on = id == KNOB_NO_TURBO ? !strcmp(val, "0") : strcmp(val, "0") != 0;

	snprintf(buf, len, "%s (%s %.32s)", on ? "on" : "off",
		 id == KNOB_NO_TURBO ? "intel_pstate no_turbo" : "cpufreq boost", val);
}
