/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Progress on stderr.  On a terminal: one line rewritten in place, with the
 * step (one repetition of one point) and the time left.  Otherwise, for
 * logs: a line per finished round of repetitions (order = interleave) and
 * per finished point, and one at least every PROGRESS_INTERVAL_S seconds
 * while nothing else finished; every line starts with the steps done, the
 * elapsed time and the time left, fits 80 columns and is flushed.
 */
#ifndef FABENCH_PROGRESS_H
#define FABENCH_PROGRESS_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define PROGRESS_INTERVAL_S 10
#define PROGRESS_COLS 80

struct progress {
	int steps;			/* points x (warm-up + measured repetitions) */
	int points;
	int rounds;			/* warm-up + measured repetitions */
	int warmup;
	bool interleave;
	bool tty;
	uint64_t start_ns;
	/* the rest is shared with the heartbeat thread, under lock */
	int done;			/* steps finished */
	uint64_t last_line_ns;
	char running[160];		/* the label of the step running */
	double interval_s;
	bool stop, thread_on;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
};

/*
 * rounds: repetitions per point, warmup of them unrecorded; interleave: one
 * repetition of every point per round.  Not on a terminal, a thread writes
 * a line when nothing was written for PROGRESS_INTERVAL_S seconds
 * (FABENCH_PROGRESS_INTERVAL overrides it, for tests).
 */
void progress_begin(struct progress *pr, int points, int rounds, int warmup,
		    bool interleave);
/* Step `step` (0-based) is starting on the point labelled label. */
void progress_step(struct progress *pr, int step, const char *label);
/* Step `step` finished: with interleave, the end of a round is a line. */
void progress_step_done(struct progress *pr, int step);
/*
 * A point finished with step `step`: status "ok", "unsupported: ..." or "failed: ...",
 * result (for ok) its key metrics, "1043 ns/page, 1.00 pg/flt".
 */
void progress_point_done(struct progress *pr, int step, const char *label,
			 const char *status, const char *result);
void progress_end(struct progress *pr);

/* dst: s cut to at most w columns, a cut marked with '~' at its end. */
void progress_fit(char *dst, size_t len, const char *s, int w);

#endif /* FABENCH_PROGRESS_H */
