// SPDX-License-Identifier: GPL-2.0-only
/* [run] monitors; see monitors.h. */
#include <stdio.h>
#include <string.h>

#include "bench/harness/cpulist.h"
#include "bench/harness/monitors.h"
#include "bench/kernel/knobs/cpufreq.h"
#include "bench/kernel/procstat.h"

static const char *const monitor_names[MON_COUNT] = {
	[MON_VMSTAT] = "vmstat",
	[MON_TLB_SHOOTDOWNS] = "tlb_shootdowns",
	[MON_HANDLER_CSW] = "handler_csw",
	[MON_IRQS] = "irqs",
	[MON_CPU_MHZ] = "cpu_mhz",
};

/*
 * Faults, THP allocations and splits, and the counters of two debug
 * options where the kernel has them: the per-VMA lock's outcomes
 * (CONFIG_PER_VMA_LOCK_STATS) and TLB flushes (CONFIG_DEBUG_TLBFLUSH).
 */
static const char *const vmstat_names[] = {
	"pgfault", "pgmajfault",
	"thp_fault_alloc", "thp_fault_fallback", "thp_file_alloc", "thp_file_mapped",
	"thp_split_page",
	"vma_lock_success", "vma_lock_abort", "vma_lock_retry", "vma_lock_miss",
	"nr_tlb_remote_flush", "nr_tlb_remote_flush_received", "nr_tlb_local_flush_all",
	"nr_tlb_local_flush_one",
};
#define NVMSTAT ((int)(sizeof(vmstat_names) / sizeof(vmstat_names[0])))
_Static_assert(sizeof(vmstat_names) / sizeof(vmstat_names[0]) <= MONITOR_VMSTAT_MAX,
	       "MONITOR_VMSTAT_MAX");

/*
 * The metric of a counter: "vmstat_<name>", within the 31 columns the
 * readers' tables give a name (one abbreviation)
 */
static void metric_name(const char *counter, char *buf, size_t len)
{
	if (!strcmp(counter, "nr_tlb_remote_flush_received"))
		counter = "nr_tlb_remote_flush_rcvd";
	snprintf(buf, len, "vmstat_%s", counter);
}

/* why a vmstat line can be missing */
static const char *vmstat_option(const char *name)
{
	if (!strncmp(name, "vma_lock_", 9))
		return "CONFIG_PER_VMA_LOCK_STATS";
	if (!strncmp(name, "nr_tlb_", 7))
		return "CONFIG_DEBUG_TLBFLUSH";
	/* every other line here is a VM event; the thp_ ones need THP too */
	if (!strncmp(name, "thp_", 4))
		return "CONFIG_VM_EVENT_COUNTERS or CONFIG_TRANSPARENT_HUGEPAGE";
	return "CONFIG_VM_EVENT_COUNTERS";
}

const char *monitor_name(enum monitor id)
{
	return monitor_names[id];
}

static int enable(struct monitors *m, const char *name, size_t len)
{
	int i;

	for (i = 0; i < MON_COUNT; i++) {
		if (strlen(monitor_names[i]) == len && !strncmp(name, monitor_names[i], len)) {
			m->on[i] = true;
			return 0;
		}
	}
	return -1;
}

/* every interrupt so far on each of m's CPUs; -1 if unreadable */
static int read_irqs(const struct monitors *m, int64_t *out)
{
	static int64_t all[MONITOR_IRQ_CPUS];
	int i;

	if (procstat_interrupts_per_cpu(all, MONITOR_IRQ_CPUS))
		return -1;
	for (i = 0; i < m->ncpus; i++)
		out[i] = m->cpu[i] < MONITOR_IRQ_CPUS ? all[m->cpu[i]] : -1;
	return 0;
}

/* the mean cpufreq frequency of m's CPUs in kHz; -1 with why */
static double read_khz(const struct monitors *m, char *why, size_t len)
{
	double sum = 0;
	long khz;
	int i;

	for (i = 0; i < m->ncpus; i++) {
		khz = cpufreq_cur_khz(m->cpu[i], why, len);
		if (khz < 0)
			return -1;
		sum += (double)khz;
	}
	return m->ncpus ? sum / m->ncpus : -1;
}

/* Exercise each monitor's source once. */
static void check_sources(struct monitors *m)
{
	int64_t v[MONITOR_VMSTAT_MAX], tlb, irqs[MONITOR_CPUS];
	char why[160];
	int err;

	err = procstat_vmstat(vmstat_names, NVMSTAT, v);
	if (m->on[MON_VMSTAT] && err)
		snprintf(m->unsupported[MON_VMSTAT], sizeof(m->unsupported[0]),
			 "/proc/vmstat: %s", strerrorname_np(-err) ?: "error");
	tlb = procstat_interrupts("TLB:");
	if (m->on[MON_TLB_SHOOTDOWNS] && tlb == -1)
		snprintf(m->unsupported[MON_TLB_SHOOTDOWNS], sizeof(m->unsupported[0]),
			 "no TLB line in /proc/interrupts (x86 only: arm64 "
			 "broadcasts TLB invalidations without an IPI)");
	else if (m->on[MON_TLB_SHOOTDOWNS] && tlb < 0)
		snprintf(m->unsupported[MON_TLB_SHOOTDOWNS], sizeof(m->unsupported[0]),
			 "/proc/interrupts unreadable");
	if (m->on[MON_IRQS] && read_irqs(m, irqs))
		snprintf(m->unsupported[MON_IRQS], sizeof(m->unsupported[0]),
			 "/proc/interrupts unreadable or without its CPU header");
	if (m->on[MON_CPU_MHZ] && read_khz(m, why, sizeof(why)) < 0)
		snprintf(m->unsupported[MON_CPU_MHZ], sizeof(m->unsupported[0]),
			 "no cpufreq (%.130s)", why);
}

int monitors_parse(const char *spec, struct monitors *m, char *err, size_t errlen)
{
	const char *s = spec, *e;
	int i;

	memset(m, 0, sizeof(*m));
	if (!strcmp(spec, "none"))
		return 0;
	if (!strcmp(spec, "default")) {
		for (i = 0; i < MON_COUNT; i++)
			m->on[i] = true;
	} else {
		for (; *s; s = *e ? e + 1 : e) {
			while (*s == ' ')
				s++;
			e = s + strcspn(s, ",");
			while (e > s && e[-1] == ' ')
				e--;
			if (enable(m, s, (size_t)(e - s))) {
				snprintf(err, errlen, "unknown monitor '%.*s'; expected default, none "
					 "or a list of vmstat, tlb_shootdowns, handler_csw, irqs, cpu_mhz",
					 (int)(e - s), s);
				return -1;
			}
			e += strcspn(e, ",");
		}
	}
	return 0;
}

int monitors_setup(struct monitors *m, const char *spec, const int *cpu, int ncpus,
		   char *err, size_t errlen)
{
	if (monitors_parse(spec, m, err, errlen))
		return -1;
	m->ncpus = cpulist_unique(cpu, ncpus, m->cpu, MONITOR_CPUS);
	check_sources(m);
	return 0;
}

void monitors_read(const struct monitors *m, struct monitor_snap *s)
{
	int i;

	for (i = 0; i < MONITOR_VMSTAT_MAX; i++)
		s->vmstat[i] = -1;
	s->tlb = -1;
	if (m->on[MON_VMSTAT] && !m->unsupported[MON_VMSTAT][0])
		procstat_vmstat(vmstat_names, NVMSTAT, s->vmstat);
	if (m->on[MON_TLB_SHOOTDOWNS] && !m->unsupported[MON_TLB_SHOOTDOWNS][0])
		s->tlb = procstat_interrupts("TLB:");
	for (i = 0; i < MONITOR_CPUS; i++)
		s->irqs[i] = -1;
	/* a failed read leaves them -1 */
	if (m->on[MON_IRQS] && !m->unsupported[MON_IRQS][0])
		read_irqs(m, s->irqs);
	s->khz = -1;
	if (m->on[MON_CPU_MHZ] && !m->unsupported[MON_CPU_MHZ][0]) {
		char why[160];

		s->khz = read_khz(m, why, sizeof(why));
	}
}

static void put_vmstat(const struct monitors *m, const struct monitor_snap *s0,
		       const struct monitor_snap *s1, struct metric_sink *ms)
{
	char name[64], why[192];
	int i;

	for (i = 0; i < NVMSTAT; i++) {
		metric_name(vmstat_names[i], name, sizeof(name));
		if (m->unsupported[MON_VMSTAT][0]) {
			snprintf(why, sizeof(why), "unsupported: %s", m->unsupported[MON_VMSTAT]);
			metric_put_unsupported(ms, name, why);
		} else if (s1->vmstat[i] < 0 || s0->vmstat[i] < 0) {
			snprintf(why, sizeof(why), "unsupported: no %s in /proc/vmstat (%s off)",
				 vmstat_names[i], vmstat_option(vmstat_names[i]));
			metric_put_unsupported(ms, name, why);
		} else {
			metric_put(ms, name, (double)(s1->vmstat[i] - s0->vmstat[i]));
		}
	}
}

/* irqs_cpu<N> per CPU; cpu_mhz_before and _after */
static void put_cpus(const struct monitors *m, const struct monitor_snap *s0,
		     const struct monitor_snap *s1, struct metric_sink *ms)
{
	char name[32], why[192];
	int i;

	for (i = 0; m->on[MON_IRQS] && i < m->ncpus; i++) {
		snprintf(name, sizeof(name), "irqs_cpu%d", m->cpu[i]);
		if (m->unsupported[MON_IRQS][0] || s0->irqs[i] < 0 || s1->irqs[i] < 0) {
			snprintf(why, sizeof(why), "unsupported: %s", m->unsupported[MON_IRQS][0] ?
				 m->unsupported[MON_IRQS] : "/proc/interrupts unreadable");
			metric_put_unsupported(ms, name, why);
		} else {
			metric_put(ms, name, (double)(s1->irqs[i] - s0->irqs[i]));
		}
	}
	if (!m->on[MON_CPU_MHZ])
		return;
	if (m->unsupported[MON_CPU_MHZ][0] || s0->khz < 0 || s1->khz < 0) {
		snprintf(why, sizeof(why), "unsupported: %s", m->unsupported[MON_CPU_MHZ][0] ?
			 m->unsupported[MON_CPU_MHZ] : "scaling_cur_freq unreadable during the run");
		metric_put_unsupported(ms, "cpu_mhz_before", why);
		metric_put_unsupported(ms, "cpu_mhz_after", why);
	} else {
		metric_put(ms, "cpu_mhz_before", s0->khz / 1000);
		metric_put(ms, "cpu_mhz_after", s1->khz / 1000);
	}
}

void monitors_put(const struct monitors *m, const struct monitor_snap *s0,
		  const struct monitor_snap *s1, struct metric_sink *ms)
{
	char why[192];

	if (m->on[MON_VMSTAT])
		put_vmstat(m, s0, s1, ms);
	put_cpus(m, s0, s1, ms);
	if (!m->on[MON_TLB_SHOOTDOWNS])
		return;
	if (s0->tlb < 0 || s1->tlb < 0) {
		snprintf(why, sizeof(why), "unsupported: %s", m->unsupported[MON_TLB_SHOOTDOWNS][0] ?
			 m->unsupported[MON_TLB_SHOOTDOWNS] :
			 "the TLB line of /proc/interrupts went away during the run");
		metric_put_unsupported(ms, "tlb_shootdowns", why);
	} else {
		metric_put(ms, "tlb_shootdowns", (double)(s1->tlb - s0->tlb));
	}
}
