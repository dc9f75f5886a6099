// SPDX-License-Identifier: GPL-2.0-only
/* Progress lines and the estimate of the time left. */
#include <stdio.h>
#include <unistd.h>

#include "progress.h"
#include "timer.h"

void progress_begin(struct progress *pr, int total)
{
	pr->total = total;
	pr->tty = isatty(STDERR_FILENO);
	pr->start_ns = timer_clock_ns();
}

/* done points finished; label is the point now starting or just done */
void progress_point(struct progress *pr, int done, const char *label,
		    const char *status)
{
	double elapsed = (double)(timer_clock_ns() - pr->start_ns) / 1e9;
	double left = done ? elapsed / done * (pr->total - done) : 0;

	if (pr->tty) {
		if (status)
			return;		/* the next point's line replaces it */
		fprintf(stderr, "\r\033[K[%d/%d] ~%.0fs left: %.60s", done + 1,
			pr->total, left, label);
		fflush(stderr);
		return;
	}
	if (status)
		fprintf(stderr, "[%d/%d] %.0fs %s: %s\n", done, pr->total, elapsed,
			status, label);
}

void progress_end(struct progress *pr)
{
	if (pr->tty)
		fputs("\r\033[K", stderr);
}
