/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fabench's per-machine state: the knobs' restore record and the run
 * lock.  $FABENCH_STATE_DIR, default /run/fabench (gone at reboot, as
 * the state it describes is).
 */
#ifndef FABENCH_STATEDIR_H
#define FABENCH_STATEDIR_H

#include <stddef.h>

/* The path of NAME in the state directory. */
void statedir_file(const char *name, char *buf, size_t len);
/* Create the state directory if needed; -1 with errno set. */
int statedir_make(void);

#endif /* FABENCH_STATEDIR_H */
