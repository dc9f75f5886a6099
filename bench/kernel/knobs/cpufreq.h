/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cpufreq: the scaling governor of each CPU
 * (/sys/devices/system/cpu/cpuN/cpufreq/scaling_governor) and turbo, which
 * is intel_pstate's no_turbo (/sys/devices/system/cpu/intel_pstate/no_turbo,
 * 1 = off) where that driver runs and cpufreq's boost
 * (/sys/devices/system/cpu/cpufreq/boost, 0 = off) elsewhere
 * (acpi-cpufreq, amd-pstate).  The one owner of their paths and of the
 * values [run] machine sets.
 */
#ifndef FABENCH_KNOB_CPUFREQ_H
#define FABENCH_KNOB_CPUFREQ_H

#include "bench/kernel/knobs/knobs.h"

/* The most CPUs whose governor fabench sets (the registry's ids for them) */
#define CPUFREQ_MAX_CPUS KNOB_GOVERNOR_CPUS

extern const struct knob knob_no_turbo;
extern const struct knob knob_boost;

/* CPU cpu's scaling_governor (cpu < CPUFREQ_MAX_CPUS), else NULL */
const struct knob *cpufreq_governor_knob(int cpu);

/*
 * CPU cpu's current frequency in kHz (cpufreq scaling_cur_freq); -1 with
 * "ENOENT reading PATH" in why where there is no cpufreq.
 */
long cpufreq_cur_khz(int cpu, char *why, size_t len);

/*
 * The turbo knob this machine has: KNOB_NO_TURBO where intel_pstate
 * runs, else KNOB_BOOST; its value in val.  -1 with "no
 * intel_pstate/no_turbo (...) nor cpufreq/boost (...)" in why.
 */
int cpufreq_turbo_knob(char *val, size_t vlen, char *why, size_t whylen);
/* The value that turns turbo off through that knob */
const char *cpufreq_turbo_off(enum knob_id id);
/* "off (intel_pstate no_turbo 1)", "on (cpufreq boost 1)": val of knob id as turbo */
void cpufreq_turbo_describe(enum knob_id id, const char *val, char *buf, size_t len);

#define CPUFREQ_GOVERNOR_NAME "governor"
#define CPUFREQ_TURBO_NAME "turbo"
/* machine = quiet */
#define CPUFREQ_GOVERNOR_QUIET "performance"

#endif /* FABENCH_KNOB_CPUFREQ_H */
