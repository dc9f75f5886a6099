/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * [run] machine: the machine settings a fault benchmark controls, for the
 * whole run, the way mmtests (`run-mmtests.sh -p`: the performance
 * governor, no turbo), will-it-scale (no address-space randomisation) and
 * LKP (the governor per job) do:
 *
 *   governor     each CPU fabench may run on (its affinity: the tasks',
 *                the uffd handler's, placed or floating): cpufreq
 *                scaling_governor = performance
 *   turbo        off: intel_pstate no_turbo = 1, else cpufreq boost = 0
 *   aslr         off for fabench: ADDR_NO_RANDOMIZE, by executing itself
 *                again (the process only; nothing system-wide)
 *   thp_defrag   THP defrag = never: no fault stalls in compaction
 *   khugepaged   its scan_sleep_millisecs a day: no collapsing behind the
 *                run's back
 *   drop_caches  sync and drop the page cache before each repetition of a
 *                workload that fills memory (workload.h, populates)
 *
 * "as-is" (the default) changes nothing, "quiet" all of them, or a list.
 * The sysfs settings are knobs (bench/kernel/knobs/): set after the run
 * lock is taken, read back, restored on every exit path and by `fabench
 * restore` after a SIGKILL.  Each setting, asked for or not, is recorded
 * with what it was before and what the run measured under, or
 * "unsupported: <reason>" (no cpufreq in a VM), and the run goes on.
 */
#ifndef FABENCH_MACHINE_H
#define FABENCH_MACHINE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum machine_setting {
	MS_GOVERNOR, MS_TURBO, MS_ASLR, MS_THP_DEFRAG, MS_KHUGEPAGED, MS_DROP_CACHES,
	MS_COUNT
};

#define MACHINE_SYNTAX "as-is|quiet|governor,turbo,aslr,thp_defrag,khugepaged,drop_caches"

struct machine {
	bool on[MS_COUNT];		/* asked for */
	/* what was found, and what the run measured under (or "unsupported: ...") */
	char before[MS_COUNT][192];
	char after[MS_COUNT][192];
	int drops;			/* drop_caches written, this run */
	long cached_kb[2];		/* Cached before and after the first drop */
};

/* The spec's names alone, for the config's check; -1 with err. */
int machine_parse(const char *spec, struct machine *m, char *err, size_t errlen);
/* The setting's name as [run] machine spells it. */
const char *machine_setting_name(enum machine_setting s);
/*
 * Before anything else of the run: with aslr asked for and on, execute
 * fabench again without it (returns only when that is not needed or not
 * possible; then m->after[MS_ASLR] says why).
 */
void machine_aslr_early(struct machine *m);
/*
 * After the run lock: set what m asks for on the CPUs cpu[0..ncpus-1],
 * read everything back, fill before/after.
 */
void machine_apply(struct machine *m, const int *cpu, int ncpus);
/* drop_caches asked for and possible: drop (before a populating prepare). */
void machine_drop_caches(struct machine *m);
/* One line per setting, "machine: governor ... -> ...", to out. */
void machine_print(const struct machine *m, FILE *out);
/* meta.json's "machine": {setting: {"asked", "before", "after"}} */
json_t *machine_json(const struct machine *m);

#endif /* FABENCH_MACHINE_H */
