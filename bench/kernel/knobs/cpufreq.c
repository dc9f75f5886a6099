// SPDX-License-Identifier: GPL-2.0-only
/* cpufreq governor and turbo; see cpufreq.h. */
#include <stdio.h>
#include <stdlib.h>

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
