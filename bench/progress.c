// SPDX-License-Identifier: GPL-2.0-only
/* Progress lines and the estimate of the time left. */
#include <stdio.h>
#include <unistd.h>

#include "progress.h"
#include "timer.h"

void progress_begin(struct progress *pr, int steps, int points)
{
	pr->steps = steps;
	pr->points = points;
	pr->tty = isatty(STDERR_FILENO);
	pr->start_ns = timer_clock_ns();
}

static double elapsed_s(const struct progress *pr)
{
	return (double)(timer_clock_ns() - pr->start_ns) / 1e9;
}

void progress_step(struct progress *pr, int step, const char *label)
{
	double left = step ? elapsed_s(pr) / step * (pr->steps - step) : 0;

	if (!pr->tty)
		return;
	fprintf(stderr, "\r\033[K[%d/%d] ", step + 1, pr->steps);
	if (step)
		fprintf(stderr, "~%.0fs left ", left);
	fprintf(stderr, "%.56s", label);
	fflush(stderr);
}

void progress_point_done(struct progress *pr, int ndone, const char *label,
			 const char *status)
{
	if (pr->tty)
		return;		/* the step line already says it */
	fprintf(stderr, "[%d/%d] %.0fs %s: %s\n", ndone, pr->points, elapsed_s(pr),
		status, label);
}

void progress_end(struct progress *pr)
{
	if (pr->tty)
		fputs("\r\033[K", stderr);
}
