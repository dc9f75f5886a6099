// SPDX-License-Identifier: GPL-2.0-only
/* The run loop of `fabench run`; see schedule.h. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/kernel/knobs/knobs.h"
#include "bench/kernel/knobs/shmem_folio.h"
#include "bench/harness/meta.h"
#include "bench/harness/progress.h"
#include "bench/harness/record.h"
#include "bench/harness/resultdir.h"
#include "bench/harness/results.h"
#include "bench/harness/runlock.h"
#include "bench/harness/machine.h"
#include "bench/harness/schedule.h"
#include "bench/lib/outfile.h"
#include "bench/lib/timer.h"

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

/* Stop between repetitions, clean up, then exit: nothing half-written. */
static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* The point's kernel knobs; a knob that cannot be set makes it unsupported. */
static int apply_knobs(struct point_result *pr)
{
	static const struct { int key; enum knob_id id; } axes[] = {
		{ RP_FAULT_AROUND, KNOB_FAULT_AROUND },
		{ RP_THP_SHMEM, KNOB_THP_SHMEM },
	};
	const char *folio_value = pr->pt->run[RP_SHMEM_FOLIO].text;
	enum wl_folio_control folio;
	size_t i;

	for (i = 0; i < sizeof(axes) / sizeof(axes[0]); i++) {
		if (knob_set(axes[i].id, pr->pt->run[axes[i].key].text, pr->why,
			     sizeof(pr->why))) {
			pr->status = WL_UNSUPPORTED;
			return -1;
		}
	}
	/* one knob per size the kernel lists, all set together (shmem_folio.h) */
	folio = pr->pt->run[RP_SHMEM_FOLIO].num ? runner_point_folio_control(pr->pt) :
		WL_FOLIO_ANON;
	if (folio == WL_FOLIO_NONE) {
		snprintf(pr->why, sizeof(pr->why), "%s", SHMEM_FOLIO_FILES_REASON);
		pr->status = WL_UNSUPPORTED;
		return -1;
	}
	if (folio == WL_FOLIO_WRITES ?
	    shmem_folio_set_writes(folio_value, pr->pt->run[RP_THP_SHMEM].text, pr->why,
				   sizeof(pr->why)) :
	    shmem_folio_set(folio_value, pr->why, sizeof(pr->why))) {
		pr->status = WL_UNSUPPORTED;
		return -1;
	}
	return 0;
}

/* One repetition of one point; a point that fails is not run again. */
static void run_one(struct point_result *pr, struct run_env *env, bool measured,
		    struct rep_result *rep)
{
	if (pr->status || apply_knobs(pr))
		return;
	runner_run_rep(pr->pt, env, rep);
	if (rep->status) {
		pr->status = rep->status;
		snprintf(pr->why, sizeof(pr->why), "%s", rep->why);
	}
	if (rep->status || !measured) {
		metric_sink_release(&rep->metrics);
		profile_free(&rep->profile);
		return;
	}
	profile_merge(&pr->profile, &rep->profile);
	profile_free(&rep->profile);
	pr->reps[pr->nreps++] = rep->metrics;	/* the notes go with it */
	hist_merge(&pr->latency, &rep->latency);
}

static void point_done(struct run_record *rr, struct progress *prog, int step,
		       const struct point_result *pr)
{
	char label[256], status[300], result[128];

	results_point_name(rr->cfg, pr->pt, true, label, sizeof(label));
	snprintf(status, sizeof(status), "%s%s%s", pr->status > 0 ? "unsupported" :
		 pr->status < 0 ? "failed" : "ok", pr->status ? ": " : "",
		 pr->status ? pr->why : "");
	results_point_brief(pr, result, sizeof(result));
	progress_point_done(prog, step, label, status, result);
}

/*
 * The schedule: step s is repetition s % reps of point s / reps, or, when
 * interleaved, repetition s / npoints of point s % npoints.
 */
static void run_schedule(struct run_record *rr, struct progress *prog)
{
	const struct config *cfg = rr->cfg;
	int warmup = (int)config_run_value(cfg, RP_WARMUP)->num;
	int reps = warmup + (int)config_run_value(cfg, RP_REPEAT)->num;
	bool interleave = config_run_value(cfg, RP_ORDER)->idx == ORDER_INTERLEAVE;
	int np = rr->matrix->npoints, s, p, r;
	struct rep_result *rep = malloc(sizeof(*rep));
	char label[256];

	if (!rep)
		abort();
	progress_begin(prog, np, reps, warmup, interleave);
	for (s = 0; s < np * reps && !stop_signal; s++) {
		p = interleave ? s % np : s / reps;
		r = interleave ? s / np : s % reps;
		results_point_name(cfg, rr->points[p].pt, true, label, sizeof(label));
		progress_step(prog, s, label);
		run_one(&rr->points[p], rr->env, r >= warmup, rep);
		if (stop_signal)
			break;
		if (r == reps - 1)
			point_done(rr, prog, s, &rr->points[p]);
		progress_step_done(prog, s);
	}
	free(rep);
}

static int write_results(struct resultdir *rd, struct run_record *rr)
{
	if (results_write_samples(rd->tmp, rr) || results_write_summary_csv(rd->tmp, rr) ||
	    results_write_histograms(rd->tmp, rr) || results_write_notes(rd->tmp, rr) ||
	    results_write_profiles(rd->tmp, rr) ||
	    results_write_summary_txt(rd->tmp, rr) ||
	    meta_write(rd->tmp, rr))
		return -1;
	if (rr->env->topo.hw && topology_export(&rr->env->topo, rd->tmp))
		return -1;
	return resultdir_commit(rd);
}

/* Correctness counts that are not zero, said loudly: a harness result nobody may miss. */
static int report_failed_checks(const struct run_record *rr)
{
	const struct metric *m;
	char label[1024];
	int p, r, n = 0;

	for (p = 0; p < rr->matrix->npoints; p++) {
		for (r = 0; r < rr->points[p].nreps; r++) {
			m = metric_failed_check(&rr->points[p].reps[r]);
			if (!m)
				continue;
			matrix_point_label(rr->points[p].pt, label, sizeof(label));
			fprintf(stderr, "fabench: CORRECTNESS FAILURE: %s = %.0f in repetition %d of %s\n",
				m->name, m->value, r, label);
			n++;
		}
	}
	return n;
}

static enum run_outcome run_matrix(struct run_record *rr, struct resultdir *rd)
{
	int repeat = (int)config_run_value(rr->cfg, RP_REPEAT)->num;
	int p, errors = 0, failures;
	struct progress prog;
	uint64_t t0 = timer_clock_ns();

	for (p = 0; p < rr->matrix->npoints; p++) {
		rr->points[p].pt = &rr->matrix->points[p];
		rr->points[p].reps = calloc((size_t)repeat, sizeof(*rr->points[p].reps));
		if (!rr->points[p].reps)
			abort();
		hist_init(&rr->points[p].latency);
	}
	run_schedule(rr, &prog);
	progress_end(&prog);
	if (stop_signal) {
		fprintf(stderr, "fabench: stopped by signal %d; %s removed\n",
			(int)stop_signal, rd->tmp);
		return RUN_INTERRUPTED;
	}
	for (p = 0; p < rr->matrix->npoints; p++)
		errors += rr->points[p].status < 0;
	failures = report_failed_checks(rr);
	rr->elapsed_s = (double)(timer_clock_ns() - t0) / 1e9;
	if (write_results(rd, rr)) {
		fprintf(stderr, "fabench: %s; nothing published\n", outfile_error());
		return RUN_WRITE_FAILED;
	}
	results_print_summary(stdout, rr);
	printf("results: %s\n", rd->final);
	if (failures)
		return RUN_CORRECTNESS;
	return errors ? RUN_POINT_ERRORS : RUN_OK;
}

static int setup_env(struct run_env *env, const struct config *cfg)
{
	struct timer_info ti;
	char err[256];

	if (runner_cpus(config_run_value(cfg, RP_CPUS), env, err, sizeof(err))) {
		fprintf(stderr, "fabench: %s: %s\n", cfg->path, err);
		return -1;
	}
	env->seed = config_run_value(cfg, RP_SEED)->num;
	if (topology_init(&env->topo, err, sizeof(err)))
		fprintf(stderr, "fabench: %s; handler_cpu and numa_node points will be unsupported\n",
			err);
	timer_init(&ti, -1);
	if (counters_setup(&env->counters, config_run_raw(cfg, RP_EVENTS), err, sizeof(err))) {
		fprintf(stderr, "fabench: %s: [run] events: %s\n", cfg->path, err);
		return -1;
	}
	if (monitors_setup(&env->monitors, config_run_raw(cfg, RP_MONITORS), env->cpu, env->ncpus,
			   err, sizeof(err))) {
		fprintf(stderr, "fabench: %s: [run] monitors: %s\n", cfg->path, err);
		return -1;
	}
	return 0;
}

enum run_outcome schedule_run(const struct run_request *req)
{
	static struct config cfg;
	static struct run_env env;
	static int allowed[CPU_SETSIZE];
	int nallowed;
	struct run_record rr = { .argc = req->argc, .argv = req->argv };
	struct resultdir rd;
	struct matrix m;
	enum runlock_state lock;
	enum run_outcome ret;
	char why[256];

	if (config_load(&cfg, req->config, req->overrides, req->noverrides, 0) ||
	    matrix_expand(&cfg, &m))
		return RUN_BAD_CONFIG;
	/* checked by the config already */
	machine_parse(config_run_raw(&cfg, RP_MACHINE), &env.machine, why, sizeof(why));
	/* ASLR off: fabench executes itself again, before it holds anything */
	machine_aslr_early(&env.machine);
	/* before any knob is touched: one measuring run per machine */
	lock = runlock_take(req->wait, why, sizeof(why));
	if (lock == RUNLOCK_BUSY) {
		fprintf(stderr, "fabench: %s; --wait waits for it\n", why);
		matrix_free(&m);
		return RUN_LOCKED;
	}
	/* a run killed with SIGKILL may have left a knob changed, and its directory */
	if (knob_restore_from_record(true) < 0) {
		matrix_free(&m);
		return RUN_FAILED;
	}
	atexit(knob_restore_all);
	resultdir_remove_stale(req->root, lock == RUNLOCK_HELD);
	if (setup_env(&env, &cfg))
		return RUN_BAD_CONFIG;
	/* the governor on every CPU fabench may use: a uffd handler goes beyond the tasks' */
	nallowed = runner_allowed_cpus(allowed, why, sizeof(why));
	if (nallowed > 0)
		machine_apply(&env.machine, allowed, nallowed);
	else
		machine_apply(&env.machine, env.cpu, env.ncpus);
	machine_print(&env.machine, stderr);
	rr.cfg = &cfg;
	rr.matrix = &m;
	rr.env = &env;
	rr.label = req->label;
	rr.started = time(NULL);
	rr.points = calloc((size_t)m.npoints, sizeof(*rr.points));
	if (!rr.points || resultdir_begin(&rd, req->root, req->label))
		return RUN_FAILED;
	catch_signals();
	ret = run_matrix(&rr, &rd);
	knob_restore_all();
	topology_release(&env.topo);
	if (ret != RUN_OK && ret != RUN_POINT_ERRORS)
		resultdir_abort(&rd);
	counters_release(&env.counters);
	runner_release(&env);
	for (int p = 0; p < m.npoints; p++) {
		profile_free(&rr.points[p].profile);
		for (int r = 0; r < rr.points[p].nreps; r++)
			metric_sink_release(&rr.points[p].reps[r]);
		free(rr.points[p].reps);
	}
	free(rr.points);
	matrix_free(&m);
	return ret;
}
