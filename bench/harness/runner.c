// SPDX-License-Identifier: GPL-2.0-only
/* The measurement of one repetition; see runner.h. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/mempolicy.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/harness/cpulist.h"
#include "bench/harness/caps_check.h"
#include "bench/harness/runner.h"
#include "bench/kernel/knobs/shmem_folio.h"
#include "bench/kernel/sampler.h"
#include "bench/lib/timer.h"
#include "workloads/workload.h"

struct worker {
	pthread_t tid;
	int cpu;
	pthread_barrier_t *start;
	const struct workload *wl;
	void *state;
	struct wl_thread wt;
	struct meter meter;
	const struct counter_list *cl;
	struct counter_set cs;
	pthread_barrier_t *phase_sync;	/* workers only, between phases */
	struct rusage ru0, ru1;
	struct rusage life0, life1;	/* the thread's whole life */
	long other_csw;			/* processes: the task's other threads' switches */
	struct sampler smp;		/* profile = on */
	uint8_t *prof_buf;		/* sampler_data_size() bytes for the records; NULL: off */
	size_t prof_len;
	uint64_t prof_period_ns;
	int prof_errno;
	uint64_t t0, t1, units;
	uint64_t phase_t0[WL_MAX_PHASES], phase_t1[WL_MAX_PHASES];
	uint64_t phase_units[WL_MAX_PHASES];
	int pin_errno;
	char why[256];			/* a forked task's failure */
};

int runner_allowed_cpus(int *cpu, char *err, size_t errlen)
{
	cpu_set_t allowed;
	int c, n = 0;

	if (sched_getaffinity(0, sizeof(allowed), &allowed)) {
		snprintf(err, errlen, "sched_getaffinity: %s", strerror(errno));
		return -1;
	}
	for (c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &allowed))
			cpu[n++] = c;
	return n;
}

int runner_cpus(const struct param_value *cpus, struct run_env *env,
		char *err, size_t errlen)
{
	cpu_set_t allowed;
	char why[128];
	int i, n;

	env->ncpus = 0;
	if (sched_getaffinity(0, sizeof(allowed), &allowed)) {
		snprintf(err, errlen, "sched_getaffinity: %s", strerror(errno));
		return -1;
	}
	n = cpulist_parse(cpus->text, env->cpu, CPU_SETSIZE, why, sizeof(why));
	if (n < 0) {
		snprintf(err, errlen, "[run] cpus = %s: %s", cpus->text, why);
		return -1;
	}
	if (!n) {		/* all */
		n = runner_allowed_cpus(env->cpu, err, errlen);
		env->ncpus = n > 0 ? n : 0;
		return n < 0 ? -1 : 0;
	}
	for (i = 0; i < n; i++) {
		if (env->cpu[i] >= CPU_SETSIZE || !CPU_ISSET(env->cpu[i], &allowed)) {
			snprintf(err, errlen, "[run] cpus = %s: CPU %d is not online or not allowed",
				 cpus->text, env->cpu[i]);
			return -1;
		}
	}
	env->ncpus = n;
	return 0;
}

/* The extra phases on one side of run(), each started by all workers together. */
static void run_phases(struct worker *w, bool before)
{
	const struct wl_phase *ph = w->wl->phases;
	int i;

	for (i = 0; ph && ph[i].name; i++) {
		if (ph[i].before != before)
			continue;
		pthread_barrier_wait(w->phase_sync);
		if (!ph[i].all_threads && w->wt.index)
			continue;
		w->phase_t0[i] = timer_now();
		w->phase_units[i] = ph[i].run(w->state, &w->wt);
		w->phase_t1[i] = timer_now();
	}
	pthread_barrier_wait(w->phase_sync);
}

/*
 * Touch the stack the measured code may use before its window opens.  A
 * thread's stack may come from glibc's cache, touched as deep as its last
 * owner went, so a first touch inside the window is a fault the workload
 * did not cause, and whether it happens depends on which threads ran
 * before (dirty_mprotect's signal frames met one such fault or none).
 */
#define STACK_PREFAULT (64 << 10)

static void __attribute__((noinline)) prefault_stack(void)
{
	volatile char pad[STACK_PREFAULT];
	size_t i;

	for (i = 0; i < sizeof(pad); i += 4096)
		pad[i] = 0;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	cpu_set_t set;

	getrusage(RUSAGE_THREAD, &w->life0);
	prefault_stack();
	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		w->pin_errno = errno;
	counters_open(w->cl, &w->cs);
	/*
	 * The clock read once before the window: where it is the vDSO's, a
	 * forked task's first read faults its vvar page in (one fault more
	 * per task, seen on 6.12 guests under TCG).
	 */
	(void)timer_now();
	if (w->prof_buf)
		w->prof_errno = -sampler_open(&w->smp, w->prof_period_ns);
	pthread_barrier_wait(w->start);
	run_phases(w, true);
	sampler_enable(&w->smp);
	counters_begin(w->cl, &w->cs);
	getrusage(RUSAGE_THREAD, &w->ru0);
	w->t0 = timer_now();
	w->units = w->wl->run(w->state, &w->wt);
	w->t1 = timer_now();
	getrusage(RUSAGE_THREAD, &w->ru1);
	counters_end(w->cl, &w->cs);
	sampler_disable(&w->smp);
	counters_close(w->cl, &w->cs);
	run_phases(w, false);
	if (w->prof_buf) {
		w->prof_len = sampler_copy(&w->smp, w->prof_buf, sampler_data_size());
		sampler_close(&w->smp);
	}
	getrusage(RUSAGE_THREAD, &w->life1);
	return NULL;
}

static void put_latency(struct rep_result *out)
{
	static const struct { const char *name; double q; } pct[] = {
		{ "lat_p50_ns", 0.50 }, { "lat_p90_ns", 0.90 },
		{ "lat_p99_ns", 0.99 }, { "lat_p999_ns", 0.999 },
	};
	size_t i;

	for (i = 0; i < sizeof(pct) / sizeof(pct[0]); i++)
		metric_put(&out->metrics, pct[i].name,
			   hist_quantile(&out->latency, pct[i].q) * timer_get()->ns_per_tick);
	metric_put(&out->metrics, "lat_max_ns",
		   (double)out->latency.max * timer_get()->ns_per_tick);
	metric_put(&out->metrics, "lat_mean_ns",
		   hist_mean(&out->latency) * timer_get()->ns_per_tick);
	metric_put(&out->metrics, "lat_samples", (double)out->latency.count);
}

/* <phase>_ms (first start to last end) and <phase>_ns_per_<unit> (busy per unit) */
static void put_phases(const struct workload *wl, const struct worker *w, int n,
		       struct rep_result *out)
{
	const struct wl_phase *ph = wl->phases;
	uint64_t t0, t1, busy, units;
	char name[64];
	int i, k;

	for (k = 0; ph && ph[k].name; k++) {
		t0 = UINT64_MAX;
		t1 = busy = units = 0;
		for (i = 0; i < (ph[k].all_threads ? n : 1); i++) {
			t0 = w[i].phase_t0[k] < t0 ? w[i].phase_t0[k] : t0;
			t1 = w[i].phase_t1[k] > t1 ? w[i].phase_t1[k] : t1;
			busy += w[i].phase_t1[k] - w[i].phase_t0[k];
			units += w[i].phase_units[k];
		}
		snprintf(name, sizeof(name), "%s_ms", ph[k].name);
		metric_put(&out->metrics, name, timer_ticks_to_ns(t1 - t0) / 1e6);
		snprintf(name, sizeof(name), "%s_ns_per_%s", ph[k].name, wl->unit);
		if (units)
			metric_put(&out->metrics, name, timer_ticks_to_ns(busy) / (double)units);
		else
			metric_put_unsupported(&out->metrics, name, "no units");
	}
}

/* The tasks' samples into the repetition's profile, and its counts as metrics. */
static void put_profile(const struct worker *w, int n, struct run_env *env,
			struct rep_result *out)
{
	char why[192];
	int i;

	out->profile.period_ns = w[0].prof_period_ns;
	for (i = 0; i < n; i++) {
		if (w[i].prof_errno) {
			snprintf(why, sizeof(why), "unsupported: profile: perf_event_open cpu-clock: %s",
				 strerrorname_np(w[i].prof_errno) ?: "error");
			metric_put_unsupported(&out->metrics, "profile_samples", why);
			return;
		}
		profile_add_records(&out->profile, &env->ksyms, w[i].prof_buf, w[i].prof_len);
	}
	metric_put(&out->metrics, "profile_samples", (double)out->profile.samples);
	metric_put(&out->metrics, "profile_lost", (double)out->profile.lost);
	if (out->profile.samples)
		metric_put(&out->metrics, "profile_kernel_pct",
			   100.0 * (double)(out->profile.samples - out->profile.user) /
			   (double)out->profile.samples);
}

/* Sum the threads' figures into the repetition's metrics. */
static void put_totals(const struct workload *wl, struct worker *w, int n,
		       struct run_env *env, struct rep_result *out)
{
	uint64_t t0 = UINT64_MAX, t1 = 0, busy = 0, units = 0, minflt = 0, majflt = 0;

	struct counter_set **sets = calloc((size_t)n, sizeof(*sets));
	char name[64];
	int i;

	for (i = 0; i < n; i++) {
		t0 = w[i].t0 < t0 ? w[i].t0 : t0;
		t1 = w[i].t1 > t1 ? w[i].t1 : t1;
		busy += w[i].t1 - w[i].t0;
		units += w[i].units;
		minflt += (uint64_t)(w[i].ru1.ru_minflt - w[i].ru0.ru_minflt);
		majflt += (uint64_t)(w[i].ru1.ru_majflt - w[i].ru0.ru_majflt);
		sets[i] = &w[i].cs;
	}
	metric_put(&out->metrics, "wall_ms", timer_ticks_to_ns(t1 - t0) / 1e6);
	snprintf(name, sizeof(name), "%ss", wl->unit);
	metric_put(&out->metrics, name, (double)units);
	snprintf(name, sizeof(name), "ns_per_%s", wl->unit);
	metric_put(&out->metrics, name, units ? timer_ticks_to_ns(busy) / (double)units : 0);
	snprintf(name, sizeof(name), "%ss_per_sec", wl->unit);
	metric_put(&out->metrics, name, (double)units * 1e9 / timer_ticks_to_ns(t1 - t0));
	metric_put(&out->metrics, "minflt", (double)minflt);
	metric_put(&out->metrics, "majflt", (double)majflt);
	metric_put(&out->metrics, "faults", (double)(minflt + majflt));
	snprintf(name, sizeof(name), "%ss_per_fault", wl->unit);
	if (minflt + majflt)
		metric_put(&out->metrics, name, (double)units / (double)(minflt + majflt));
	else
		metric_put_unsupported(&out->metrics, name, "no faults");
	counters_put_metrics(&env->counters, sets, n, &out->metrics, wl->unit);
	free(sets);
}

/* Context switches, voluntary or not, of a getrusage() reading. */
static long csw(const struct rusage *ru)
{
	return ru->ru_nvcsw + ru->ru_nivcsw;
}

/*
 * The workers and the barriers they meet at, in one allocation: private
 * for threads, MAP_SHARED for processes (the barriers process-shared), so
 * a forked task's figures reach the parent.
 */
struct crew {
	pthread_barrier_t start, phase_sync;
	bool shared;
	size_t size;
	uint8_t *prof;			/* profile = on: each task's records, as shared */
	size_t prof_size;
	struct worker w[];
};

static struct crew *crew_new(int n, bool processes, bool profile)
{
	size_t size = sizeof(struct crew) + (size_t)n * sizeof(struct worker);
	pthread_barrierattr_t attr;
	struct crew *c;
	void *prof;

	if (processes) {
		c = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (c == MAP_FAILED)
			return NULL;
		memset(c, 0, size);	/* every page faulted in before any task starts */
	} else {
		c = calloc(1, size);
		if (!c)
			return NULL;
	}
	c->shared = processes;
	c->size = size;
	pthread_barrierattr_init(&attr);
	pthread_barrierattr_setpshared(&attr, processes ? PTHREAD_PROCESS_SHARED
							: PTHREAD_PROCESS_PRIVATE);
	/* threads: the parent starts them too; processes meet among themselves */
	pthread_barrier_init(&c->start, &attr, (unsigned int)n + !processes);
	pthread_barrier_init(&c->phase_sync, &attr, (unsigned int)n);
	pthread_barrierattr_destroy(&attr);
	if (profile) {
		c->prof_size = (size_t)n * sampler_data_size();
		prof = mmap(NULL, c->prof_size, PROT_READ | PROT_WRITE,
			    (processes ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS, -1, 0);
		c->prof = prof == MAP_FAILED ? NULL : prof;
	}
	return c;
}

static void crew_free(struct crew *c)
{
	if (c->prof)
		munmap(c->prof, c->prof_size);
	pthread_barrier_destroy(&c->start);
	pthread_barrier_destroy(&c->phase_sync);
	if (c->shared)
		munmap(c, c->size);
	else
		free(c);
}

static void launch_threads(struct crew *c, int n)
{
	int i, err = 0;

	for (i = 0; i < n && !err; i++)
		err = pthread_create(&c->w[i].tid, NULL, worker_main, &c->w[i]);
	if (err) {
		/* nothing can release the barrier now: a failed start is fatal */
		fprintf(stderr, "fabench: pthread_create: %s\n", strerror(err));
		exit(1);
	}
	pthread_barrier_wait(&c->start);
	for (i = 0; i < n; i++)
		pthread_join(c->w[i].tid, NULL);
}

/*
 * One forked task.  It works on a private copy of its worker, written
 * whole here (so no first write to the shared page lands in the window),
 * and copies it back at the end.  It dies with the parent and on the
 * signals whose handlers restore the parent's knobs, and leaves by
 * _exit: no atexit handlers, no stdio buffers of the parent's.
 */
static void __attribute__((noreturn)) task_main(struct worker *shared)
{
	const struct workload *wl = shared->wl;
	struct worker *w = malloc(sizeof(*w));
	struct rusage self0, self1;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	if (!w) {
		snprintf(shared->why, sizeof(shared->why), "task %d: out of memory",
			 shared->wt.index);
		_exit(1);
	}
	memcpy(w, shared, sizeof(*w));
	if (w->wt.meter)
		w->wt.meter = &w->meter;
	getrusage(RUSAGE_SELF, &self0);
	if (wl->task_attach(w->state, &w->wt, w->why, sizeof(w->why))) {
		memcpy(shared->why, w->why, sizeof(w->why));
		_exit(1);
	}
	worker_main(w);
	wl->task_detach(w->state, &w->wt);
	getrusage(RUSAGE_SELF, &self1);
	w->other_csw = csw(&self1) - csw(&self0) - (csw(&w->life1) - csw(&w->life0));
	w->wt.meter = shared->wt.meter;
	memcpy(shared, w, sizeof(*w));
	_exit(0);
}

/*
 * task_mode = processes: fork a task per worker and wait for them all.  A
 * task that fails or dies takes the others with it (they would wait at a
 * barrier for ever); 0, or -1 with why.
 */
static int launch_processes(struct crew *c, int n, char *why, size_t len)
{
	int i, k, status, failed = -1, left = 0;
	pid_t *pid = calloc((size_t)n, sizeof(*pid)), p;

	if (!pid) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	fflush(NULL);
	for (i = 0; i < n; i++) {
		pid[i] = fork();
		if (!pid[i])
			task_main(&c->w[i]);
		if (pid[i] < 0) {
			snprintf(why, len, "fork: %s", strerror(errno));
			failed = n;
			break;
		}
		left++;
	}
	while (left) {
		p = waitpid(-1, &status, 0);
		if (p < 0 && errno == EINTR)
			continue;
		if (p < 0)
			break;
		for (k = 0; k < n && pid[k] != p; k++)
			;
		if (k == n)
			continue;
		left--;
		pid[k] = 0;
		if (WIFEXITED(status) && !WEXITSTATUS(status))
			continue;
		if (failed < 0) {
			failed = k;
			if (c->w[k].why[0])
				snprintf(why, len, "%s", c->w[k].why);
			else if (WIFSIGNALED(status))
				snprintf(why, len, "task %d killed by %s", k,
					 sigabbrev_np(WTERMSIG(status)) ?: "a signal");
			else
				snprintf(why, len, "task %d exited %d", k, WEXITSTATUS(status));
		}
		for (i = 0; i < n; i++)
			if (pid[i] > 0)
				kill(pid[i], SIGKILL);
	}
	free(pid);
	return failed < 0 ? 0 : -1;
}

static int run_tasks(const struct workload *wl, void *state, int n,
		     const struct matrix_point *pt, struct run_env *env,
		     struct rep_result *out)
{
	bool latency = pt->run[RP_TIMING].idx == TIMING_LATENCY;
	bool processes = pt->run[RP_TASK_MODE].idx == TASK_PROCESSES;
	bool profile = pt->run[RP_PROFILE].idx == PROFILE_ON;
	struct crew *c = crew_new(n, processes, profile);
	struct rusage self0, self1;
	struct monitor_snap snap0, snap1;
	long other_csw = 0;
	struct worker *w;
	int i;

	if (!c || (profile && !c->prof)) {
		if (c)
			crew_free(c);
		return -ENOMEM;
	}
	w = c->w;
	for (i = 0; i < n; i++) {
		w[i] = (struct worker){ .cpu = env->cpu[i % env->ncpus], .start = &c->start,
					.phase_sync = &c->phase_sync,
					.wl = wl, .state = state, .cl = &env->counters,
					.wt = { .index = i, .count = n } };
		if (latency) {
			hist_init(&w[i].meter.hist);
			w[i].wt.meter = &w[i].meter;
		}
		if (profile) {
			w[i].prof_buf = c->prof + (size_t)i * sampler_data_size();
			w[i].prof_period_ns = pt->run[RP_PROFILE_PERIOD].num * 1000;
		}
	}
	monitors_read(&env->monitors, &snap0);
	getrusage(RUSAGE_SELF, &self0);
	if (!processes) {
		launch_threads(c, n);
	} else if (launch_processes(c, n, out->why, sizeof(out->why))) {
		crew_free(c);
		return -1;
	}
	getrusage(RUSAGE_SELF, &self1);
	monitors_read(&env->monitors, &snap1);
	/* the process's other threads: the tasks' lives taken out */
	if (!processes)
		other_csw = csw(&self1) - csw(&self0);
	for (i = 0; i < n; i++)
		other_csw += processes ? w[i].other_csw :
			-(csw(&w[i].life1) - csw(&w[i].life0));

	for (i = 0; i < n; i++) {
		if (w[i].pin_errno)
			snprintf(out->why, sizeof(out->why), "pinning to CPU %d: %s",
				 w[i].cpu, strerror(w[i].pin_errno));
		if (latency)
			hist_merge(&out->latency, &w[i].meter.hist);
	}
	put_totals(wl, w, n, env, out);
	put_phases(wl, w, n, out);
	if (latency)
		put_latency(out);
	if (profile)
		put_profile(w, n, env, out);
	monitors_put(&env->monitors, &snap0, &snap1, &out->metrics);
	if (env->monitors.on[MON_HANDLER_CSW])
		metric_put(&out->metrics, "handler_csw", (double)other_csw);
	crew_free(c);
	return 0;
}

/* The helper thread's CPU for this point; -2 (unsupported) with why. */
static int helper_cpu(const struct matrix_point *pt, struct run_env *env,
		      char *why, size_t len)
{
	enum helper_place place = (enum helper_place)pt->run[RP_HANDLER_CPU].idx;

	if (place == HELPER_ANY)
		return -1;
	if (!env->topo.hw) {
		snprintf(why, len, "handler_cpu: no topology (hwloc)");
		return -2;
	}
	return topology_helper_cpu(&env->topo, env->cpu[0], place, why, len);
}

/*
 * Memory policy of the calling thread, inherited by the threads it creates;
 * shmem without a policy of its own allocates by it, so binding before
 * prepare() places the page cache and every first touch.
 */
static int bind_memory(const struct matrix_point *pt, struct run_env *env,
		       char *why, size_t len)
{
	unsigned long mask[16] = { 0 };
	uint64_t node = pt->run[RP_NUMA_NODE].num;

	if (!pt->run[RP_NUMA_NODE].idx)
		return 0;
	if (!env->topo.hw) {
		snprintf(why, len, "numa_node: no topology (hwloc)");
		return -1;
	}
	if (topology_check_node(&env->topo, (int)node, why, len))
		return -1;
	mask[node / (8 * sizeof(long))] |= 1ul << (node % (8 * sizeof(long)));
	if (syscall(SYS_set_mempolicy, MPOL_BIND, mask, sizeof(mask) * 8)) {
		snprintf(why, len, "set_mempolicy MPOL_BIND node %llu: %s%s",
			 (unsigned long long)node, strerrorname_np(errno) ?: "error",
			 errno == ENOSYS ? " (kernel without CONFIG_NUMA)" : "");
		return -1;
	}
	return 0;
}

static void unbind_memory(const struct matrix_point *pt)
{
	if (pt->run[RP_NUMA_NODE].idx)
		syscall(SYS_set_mempolicy, MPOL_DEFAULT, NULL, 0);
}

/*
 * folios_<N>k and folio_fallback_<N>k: the deltas of each listed size's
 * stats/shmem_alloc and stats/shmem_fallback over the repetition (prepare,
 * which fills a populated cache, and the run; machine-wide counters).  A
 * size is put when either moved or when it is the point's shmem_folio, so
 * a point that asked for 64K and got 4K says folios_64k 0.
 */
static void put_folios(const struct matrix_point *pt, const struct shmem_folio_stats *s0,
		       struct rep_result *out)
{
	struct shmem_folio_stats s1;
	int64_t da, df;
	char name[64];
	int i;

	shmem_folio_stats(&s1);
	for (i = 0; i < s0->n && i < s1.n; i++) {
		if (s0->alloc[i] < 0 || s1.alloc[i] < 0 || s0->fallback[i] < 0 ||
		    s1.fallback[i] < 0)
			continue;
		da = s1.alloc[i] - s0->alloc[i];
		df = s1.fallback[i] - s0->fallback[i];
		if (!da && !df && pt->run[RP_SHMEM_FOLIO].num != s0->kb[i])
			continue;
		snprintf(name, sizeof(name), "folios_%uk", s0->kb[i]);
		metric_put(&out->metrics, name, (double)da);
		snprintf(name, sizeof(name), "folio_fallback_%uk", s0->kb[i]);
		metric_put(&out->metrics, name, (double)df);
	}
}

/*
 * profile = on needs the kernel's symbols and a sampler that opens: tried
 * once, at the first such point.  0, or -1 with env->profile_why.
 */
static int profile_ready(struct run_env *env)
{
	struct sampler s;
	char why[192];
	int err;

	if (env->profile_state)
		return env->profile_state > 0 ? 0 : -1;
	env->profile_state = -1;
	err = sampler_open(&s, 1000000);
	if (err) {
		snprintf(env->profile_why, sizeof(env->profile_why),
			 "perf_event_open cpu-clock sampling: %s", strerrorname_np(-err) ?: "error");
		return -1;
	}
	sampler_close(&s);
	if (ksyms_load(&env->ksyms, why, sizeof(why))) {
		snprintf(env->profile_why, sizeof(env->profile_why), "%s",
			 why + (strncmp(why, "unsupported: ", 13) ? 0 : 13));
		return -1;
	}
	env->profile_state = 1;
	return 0;
}

void runner_release(struct run_env *env)
{
	ksyms_free(&env->ksyms);
	env->profile_state = 0;
}

/* The point's workload options, filled from its values; NULL if out of memory. */
static void *point_options(const struct matrix_point *pt)
{
	const struct workload *wl = pt->sec->wl;
	void *options = calloc(1, wl->options_size ? wl->options_size : 1);

	if (options)
		param_fill(wl->params, pt->vals, options, wl->options_size);
	return options;
}

enum wl_folio_control runner_point_folio_control(const struct matrix_point *pt)
{
	const struct workload *wl = pt->sec->wl;
	enum wl_folio_control by;
	void *options;

	if (!wl->shmem_folio_by)
		return WL_FOLIO_NONE;
	options = point_options(pt);
	if (!options)
		abort();
	by = wl->shmem_folio_by(options);
	free(options);
	return by;
}

void runner_run_rep(const struct matrix_point *pt, struct run_env *env,
		    struct rep_result *out)
{
	struct shmem_folio_stats folios0;
	const struct workload *wl = pt->sec->wl;
	struct wl_point wp = { .seed = env->seed };
	void *options = point_options(pt);
	void *state = NULL;
	int nthreads = 1;

	memset(out, 0, sizeof(*out));
	hist_init(&out->latency);
	if (!options) {
		snprintf(out->why, sizeof(out->why), "options: %s", strerror(errno));
		out->status = WL_ERROR;
		return;
	}
	wp.options = options;
	if (pt->run[RP_PROFILE].idx == PROFILE_ON && profile_ready(env)) {
		snprintf(out->why, sizeof(out->why), "profile: %s", env->profile_why);
		out->status = WL_UNSUPPORTED;
		free(options);
		return;
	}
	wp.processes = pt->run[RP_TASK_MODE].idx == TASK_PROCESSES;
	wp.shmem_folio_bytes = pt->run[RP_SHMEM_FOLIO].num << 10;
	if (wp.processes && !wl->task_attach) {
		snprintf(out->why, sizeof(out->why),
			 "task_mode = processes: %s runs in one address space only", wl->name);
		out->status = WL_UNSUPPORTED;
		free(options);
		return;
	}
	if (wl->needs && caps_check(wl->needs(options), out->why, sizeof(out->why))) {
		out->status = WL_UNSUPPORTED;
		free(options);
		return;
	}
	wp.helper_cpu = helper_cpu(pt, env, out->why, sizeof(out->why));
	if (wp.helper_cpu == -2 || bind_memory(pt, env, out->why, sizeof(out->why))) {
		out->status = WL_UNSUPPORTED;
		free(options);
		return;
	}
	if (wp.helper_cpu >= 0)
		metric_put(&out->metrics, "handler_cpu", wp.helper_cpu);
	if (wl->populates)
		machine_drop_caches(&env->machine);
	shmem_folio_stats(&folios0);
	out->status = wl->prepare(&wp, &state, &nthreads, out->why, sizeof(out->why));
	if (!out->status && run_tasks(wl, state, nthreads, pt, env, out))
		out->status = WL_ERROR;
	if (!out->status)
		put_folios(pt, &folios0, out);
	if (!out->status)
		wl->collect(state, &out->metrics);
	wl->cleanup(state);
	unbind_memory(pt);
	free(options);
}
