// SPDX-License-Identifier: GPL-2.0-only
/* Progress lines and the estimate of the time left; see progress.h. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench/harness/progress.h"
#include "bench/lib/timer.h"

void progress_fit(char *dst, size_t len, const char *s, int w)
{
	size_t n = strlen(s);
	bool cut;

	if (len < 2) {
		if (len)
			dst[0] = '\0';
		return;
	}
	if (w < 1)
		w = 1;
	cut = n > (size_t)w;
	if (cut)
		n = (size_t)w - 1;
	if (n + cut >= len)
		n = len - 1 - cut;
	memmove(dst, s, n);
	if (cut)
		dst[n++] = '~';
	dst[n] = '\0';
}

static double elapsed_s(const struct progress *pr, uint64_t now)
{
	return (double)(now - pr->start_ns) / 1e9;
}

/* "7.5s", "42s", "3m05s", "2h04m" */
static void duration(char *buf, size_t len, double s)
{
	unsigned int t;

	if (!(s >= 0))
		s = 0;
	if (s > 359999)
		s = 359999;
	t = (unsigned int)(s + 0.5);
	if (s < 9.95)
		snprintf(buf, len, "%.1fs", s);
	else if (t < 60)
		snprintf(buf, len, "%us", t);
	else if (t < 3600)
		snprintf(buf, len, "%um%02us", t / 60, t % 60);
	else
		snprintf(buf, len, "%uh%02um", t / 3600 % 100, t % 3600 / 60);
}

/*
 * "[ 52/312  40s ~3m05s] ": the steps done, the time since the start and
 * the time left at the mean time per step so far.
 */
static int prefix(const struct progress *pr, uint64_t now, char *buf, size_t len)
{
	double el = elapsed_s(pr, now);
	char e[24], l[24] = "?";
	int w = snprintf(NULL, 0, "%d", pr->steps);

	duration(e, sizeof(e), el);
	if (pr->done)
		duration(l, sizeof(l), el / pr->done * (pr->steps - pr->done));
	return snprintf(buf, len, "[%*d/%d %4s ~%s] ", w, pr->done, pr->steps, e, l);
}

/* One whole line (prefix and body, cut to 80 columns), under pr->lock. */
static void line_locked(struct progress *pr, const char *body)
{
	uint64_t now = timer_clock_ns();
	char pre[96], cut[PROGRESS_COLS + 8];
	int n = prefix(pr, now, pre, sizeof(pre));

	progress_fit(cut, sizeof(cut), body, PROGRESS_COLS - n);
	fprintf(stderr, "%s%s\n", pre, cut);
	fflush(stderr);
	pr->last_line_ns = now;
}

/* Nothing written for interval_s: say which step is running. */
static void *heartbeat(void *arg)
{
	struct progress *pr = arg;
	struct timespec ts;
	char body[200];
	uint64_t next, now;

	pthread_mutex_lock(&pr->lock);
	while (!pr->stop) {
		next = pr->last_line_ns + (uint64_t)(pr->interval_s * 1e9);
		now = timer_clock_ns();
		if (now >= next) {
			snprintf(body, sizeof(body), "running %s", pr->running);
			line_locked(pr, body);
			continue;
		}
		/* until next, on the condition variable's clock */
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += (time_t)((next - now) / 1000000000u);
		ts.tv_nsec += (long)((next - now) % 1000000000u);
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&pr->wake, &pr->lock, &ts);
	}
	pthread_mutex_unlock(&pr->lock);
	return NULL;
}

static void start_heartbeat(struct progress *pr)
{
	sigset_t all, old;

	/* the signals stay the main thread's, as without this thread */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pr->thread_on = !pthread_create(&pr->thread, NULL, heartbeat, pr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void progress_begin(struct progress *pr, int points, int rounds, int warmup,
		    bool interleave)
{
	const char *iv = getenv("FABENCH_PROGRESS_INTERVAL");
	pthread_condattr_t ca;

	memset(pr, 0, sizeof(*pr));
	pr->points = points;
	pr->rounds = rounds;
	pr->warmup = warmup;
	pr->steps = points * rounds;
	pr->interleave = interleave;
	pr->tty = isatty(STDERR_FILENO);
	pr->start_ns = timer_clock_ns();
	pr->last_line_ns = pr->start_ns;
	pr->interval_s = iv && atof(iv) > 0 ? atof(iv) : PROGRESS_INTERVAL_S;
	pthread_mutex_init(&pr->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&pr->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (pr->tty)
		return;
	fprintf(stderr, "fabench: %d points x %d repetitions (%d warm-up), %s: %d steps\n"
		"progress: [steps done/%d, time since start, ~time left]\n",
		points, rounds, warmup, interleave ? "interleaved" : "point by point",
		pr->steps, pr->steps);
	fflush(stderr);
	start_heartbeat(pr);
}

void progress_step(struct progress *pr, int step, const char *label)
{
	double left;

	pthread_mutex_lock(&pr->lock);
	pr->done = step;
	snprintf(pr->running, sizeof(pr->running), "rep %d/%d: %s",
		 (pr->interleave ? step / pr->points : step % pr->rounds) + 1, pr->rounds,
		 label);
	pthread_mutex_unlock(&pr->lock);
	if (!pr->tty)
		return;
	left = step ? elapsed_s(pr, timer_clock_ns()) / step * (pr->steps - step) : 0;
	fprintf(stderr, "\r\033[K[%d/%d] ", step + 1, pr->steps);
	if (step)
		fprintf(stderr, "~%.0fs left ", left);
	fprintf(stderr, "%.56s", label);
	fflush(stderr);
}

void progress_step_done(struct progress *pr, int step)
{
	char body[64];
	int round;

	pthread_mutex_lock(&pr->lock);
	pr->done = step + 1;
	if (!pr->tty && pr->interleave && (step + 1) % pr->points == 0) {
		round = (step + 1) / pr->points;
		snprintf(body, sizeof(body), "round %d/%d%s done", round, pr->rounds,
			 round <= pr->warmup ? " (warm-up)" : "");
		line_locked(pr, body);
	}
	pthread_mutex_unlock(&pr->lock);
}

void progress_point_done(struct progress *pr, int step, const char *label,
			 const char *status, const char *result)
{
	char body[PROGRESS_COLS * 4], w[24], l[PROGRESS_COLS + 1];
	char d[PROGRESS_COLS * 2], t[PROGRESS_COLS * 2];
	const char *colon = strchr(status, ':');
	char *comma;
	int room, lw;

	if (pr->tty)
		return;		/* the step line already says it */
	/* "ok LABEL: RESULT" or "unsupported LABEL: REASON" */
	snprintf(w, sizeof(w), "%.*s", colon ? (int)(colon - status) : (int)sizeof(w) - 1,
		 status);
	if (colon)
		result = colon + 1 + strspn(colon + 1, " ");
	progress_fit(d, sizeof(d), result ? result : "", (int)sizeof(d) - 1);
	pthread_mutex_lock(&pr->lock);
	pr->done = step + 1;
	/* after the prefix: the status word, a space and ": " */
	room = PROGRESS_COLS - prefix(pr, timer_clock_ns(), body, sizeof(body)) -
	       (int)strlen(w) - 3;
	/*
	 * The metrics past the first give way first, then the label (to half
	 * the room); a reason gives way before the label (to 12 columns).
	 */
	while ((int)(strlen(label) + strlen(d)) > room && !colon &&
	       (comma = strrchr(d, ',')))
		*comma = '\0';
	lw = (int)strlen(label);
	if (lw + (int)strlen(d) > room) {
		lw = colon ? room - 12 : room - (int)strlen(d);
		if (lw < room / 2)
			lw = room / 2;
	}
	progress_fit(l, sizeof(l), label, lw);
	progress_fit(t, sizeof(t), d, room - (int)strlen(l));
	snprintf(body, sizeof(body), "%s %s%s%s", w, l, *t ? ": " : "", t);
	line_locked(pr, body);
	pthread_mutex_unlock(&pr->lock);
}

void progress_end(struct progress *pr)
{
	if (pr->thread_on) {
		pthread_mutex_lock(&pr->lock);
		pr->stop = true;
		pthread_cond_signal(&pr->wake);
		pthread_mutex_unlock(&pr->lock);
		pthread_join(pr->thread, NULL);
	}
	pthread_cond_destroy(&pr->wake);
	pthread_mutex_destroy(&pr->lock);
	if (pr->tty)
		fputs("\r\033[K", stderr);
}
