/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One measuring run per machine: `fabench run` and `fabench restore` take
 * an exclusive flock on run.lock in the state directory (statedir.h)
 * before any knob changes, and hold it until they exit.  Two runs at once
 * would measure each other and would each record the other's knob value
 * as the one to restore.  Read-only commands never take it.
 */
#ifndef FABENCH_RUNLOCK_H
#define FABENCH_RUNLOCK_H

#include <stdbool.h>
#include <stddef.h>

enum runlock_state {
	RUNLOCK_HELD,		/* this process holds it */
	RUNLOCK_BUSY,		/* another run holds it: why says which */
	RUNLOCK_UNSUPPORTED,	/* no lock (state directory not writable): why says so */
};

/*
 * Take the lock; with wait, block until the other run ends (saying so
 * once on stderr).  why: "another fabench run (pid N, started ...) is
 * running" or "unsupported: ...".
 */
enum runlock_state runlock_take(bool wait, char *why, size_t len);
/* What the last runlock_take gave: "held", "unsupported: ..." (meta.json) */
const char *runlock_status(void);

#endif /* FABENCH_RUNLOCK_H */
