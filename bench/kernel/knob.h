/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel knobs the harness may change as matrix axes: debugfs
 * fault_around_bytes and THP shmem_enabled.  Every change is read back,
 * saved first to a restore record on disk, and undone on every exit path:
 * normal end, error, SIGINT/SIGTERM/SIGHUP (via the run loop), and, after a
 * SIGKILL, by the next `fabench run` or `fabench restore`.
 *
 * FABENCH_SYSFS_ROOT (default: none) is prefixed to the knob paths so tests
 * can use a fake tree; FABENCH_STATE_DIR (default /run/fabench) holds the
 * restore record.
 */
#ifndef FABENCH_KNOB_H
#define FABENCH_KNOB_H

#include <stdbool.h>
#include <stddef.h>

enum knob_id { KNOB_FAULT_AROUND, KNOB_THP_SHMEM, KNOB_COUNT };

const char *knob_name(enum knob_id id);
/* The full path, with FABENCH_SYSFS_ROOT applied. */
void knob_path(enum knob_id id, char *buf, size_t len);
/* Current value ("65536", "never"); -1 with why ("EPERM reading ..."). */
int knob_read(enum knob_id id, char *val, size_t len, char *why, size_t whylen);
/*
 * Set a value ("default" means the value fabench found), read it back.
 * -1 with why if the knob cannot be written or does not take the value.
 */
int knob_set(enum knob_id id, const char *val, char *why, size_t whylen);
/* Put back every value this process changed; remove the record. */
void knob_restore_all(void);
/*
 * Put back what a killed run left changed, from the record on disk.
 * Returns the number of knobs restored (0: nothing to do), -1 on error.
 */
int knob_restore_from_record(bool verbose);

#endif /* FABENCH_KNOB_H */
