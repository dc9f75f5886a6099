// SPDX-License-Identifier: GPL-2.0-only
/*
 * The probe's machine facts: what varies between machines and between
 * runs on one and what [run] machine may set (bench/harness/machine.h),
 * read, nothing written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/kernel/aslr.h"
#include "bench/kernel/knobs/cpufreq.h"
#include "bench/kernel/knobs/knobs.h"
#include "bench/kernel/sysinfo.h"
#include "bench/probe/probe.h"

#define CPU_DIR "/sys/devices/system/cpu"

/* A sysfs file's text, or "unsupported: ..." (the reader's own) */
static void read_or_why(const char *path, char *buf, size_t len)
{
	char full[4096];

	snprintf(full, sizeof(full), "%s%s", sysinfo_sysfs_root(), path);
	sysinfo_read_file(full, buf, len);
}

static void clocksource(char *buf, size_t len)
{
	char cur[96], avail[128];

	read_or_why("/sys/devices/system/clocksource/clocksource0/current_clocksource",
		    cur, sizeof(cur));
	read_or_why("/sys/devices/system/clocksource/clocksource0/available_clocksource",
		    avail, sizeof(avail));
	if (!strncmp(cur, "unsupported", 11))
		snprintf(buf, len, "%s", cur);
	else
		snprintf(buf, len, "%s (available: %s)", cur, avail);
}

static void online(char *buf, size_t len)
{
	char list[128];

	read_or_why(CPU_DIR "/online", list, sizeof(list));
	snprintf(buf, len, "%s (%ld CPUs)", list, sysconf(_SC_NPROCESSORS_ONLN));
}

static void cpufreq(char *buf, size_t len)
{
	char driver[192], gov[64], khz[32], why[160];

	read_or_why(CPU_DIR "/cpu0/cpufreq/scaling_driver", driver, sizeof(driver));
	if (!strncmp(driver, "unsupported", 11)) {
		snprintf(buf, len, "unsupported: no cpufreq (%.200s)", driver + 13);
		return;
	}
	if (knob_read(KNOB_GOVERNOR, gov, sizeof(gov), why, sizeof(why)))
		snprintf(gov, sizeof(gov), "unreadable");
	read_or_why(CPU_DIR "/cpu0/cpufreq/scaling_cur_freq", khz, sizeof(khz));
	if (!strncmp(khz, "unsupported", 11))
		snprintf(buf, len, "%.64s, cpu0 governor %.32s", driver, gov);
	else
		snprintf(buf, len, "%.64s, cpu0 governor %.32s, %ld MHz now", driver, gov,
			 atol(khz) / 1000);
}

static void turbo(char *buf, size_t len)
{
	char val[64], why[192];
	int id = cpufreq_turbo_knob(val, sizeof(val), why, sizeof(why));

	if (id < 0)
		snprintf(buf, len, "unsupported: %.200s", why);
	else
		cpufreq_turbo_describe(id, val, buf, len);
}

/* knob's value, or "unsupported: why" */
static void knob_or_why(enum knob_id id, char *buf, size_t len)
{
	char v[64], why[160];

	if (knob_read(id, v, sizeof(v), why, sizeof(why)))
		snprintf(buf, len, "unsupported: %s", why);
	else
		snprintf(buf, len, "%s", v);
}

void probe_machine(struct probe_result *pr)
{
	clocksource(pr->mach.clocksource, PROBE_TEXT);
	online(pr->mach.online, PROBE_TEXT);
	cpufreq(pr->mach.cpufreq, PROBE_TEXT);
	turbo(pr->mach.turbo, PROBE_TEXT);
	aslr_describe(pr->mach.aslr, PROBE_TEXT);
	knob_or_why(KNOB_THP_DEFRAG, pr->mach.thp_defrag, PROBE_TEXT);
	knob_or_why(KNOB_KHUGEPAGED, pr->mach.khugepaged_sleep, PROBE_TEXT);
}
