/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel knobs the harness may change: as matrix axes, and for the whole
 * run ([run] machine).  Each knob is owned by its own file
 * (fault_around_bytes.c, thp_shmem.c, shmem_folio.c, thp_defrag.c,
 * khugepaged.c, cpufreq.c): its path, the format
 * of its file and the values a config may give it.  What they share is
 * here: the registry, read, write with read-back, debugfs mounting, and the
 * restore.  Every change is read back, saved first to a restore record on
 * disk, and undone on every exit path: normal end, error, SIGINT/SIGTERM/
 * SIGHUP (via the run loop), and, after a SIGKILL, by the next
 * `fabench run` or `fabench restore`.
 *
 * FABENCH_SYSFS_ROOT (default: none) is prefixed to the knob paths so tests
 * can use a fake tree; FABENCH_STATE_DIR (default /run/fabench) holds the
 * restore record.
 */
#ifndef FABENCH_KNOBS_H
#define FABENCH_KNOBS_H

#include <stdbool.h>
#include <stddef.h>

/* One knob, defined by its own file. */
struct knob {
	const char *name;	/* as the [run] axis is called */
	const char *relpath;	/* under FABENCH_SYSFS_ROOT */
	bool debugfs;		/* in debugfs, which may need mounting */
	/* the file's text -> the value ("always [never]" -> "never"); NULL: as read */
	void (*decode)(const char *raw, char *val, size_t len);
};

/* The most per-size shmem knobs (hugepages-<N>kB/shmem_enabled) a kernel may list */
#define KNOB_SHMEM_FOLIO_SIZES 16

/* The most CPUs whose cpufreq governor a run sets (cpufreq.h) */
#define KNOB_GOVERNOR_CPUS 1024

/*
 * The registry: every knob the harness may change.  KNOB_SHMEM_FOLIO + i
 * is the shmem_enabled of the i-th size the running kernel lists
 * (shmem_folio.h), known at run time; the ids past the listed sizes are
 * never set.  KNOB_GOVERNOR + cpu is that CPU's scaling_governor.
 */
enum knob_id {
	KNOB_FAULT_AROUND, KNOB_THP_SHMEM, KNOB_THP_DEFRAG, KNOB_KHUGEPAGED,
	KNOB_NO_TURBO, KNOB_BOOST, KNOB_SHMEM_FOLIO,
	KNOB_GOVERNOR = KNOB_SHMEM_FOLIO + KNOB_SHMEM_FOLIO_SIZES,
	KNOB_COUNT = KNOB_GOVERNOR + KNOB_GOVERNOR_CPUS
};

const char *knob_name(enum knob_id id);
/* The full path, with FABENCH_SYSFS_ROOT applied. */
void knob_path(enum knob_id id, char *buf, size_t len);
/*
 * The file's text, trailing newline removed; -1 with "unsupported: <ERRNO>
 * reading PATH" in raw.  debugfs is mounted for it if needed (and stays
 * mounted until knob_restore_all).
 */
int knob_read_raw(enum knob_id id, char *raw, size_t len);
/* The value in a file's text ("always [never]" -> "never"). */
void knob_decode(enum knob_id id, const char *raw, char *val, size_t len);
/* Current value ("65536", "never"); -1 with why ("EPERM reading ..."). */
int knob_read(enum knob_id id, char *val, size_t len, char *why, size_t whylen);
/*
 * For the metadata and the probe, nothing written: the file's text, or
 * "unsupported: <reason>" (no debugfs, no file, EPERM under lockdown);
 * and, when writable is not NULL, whether the file opens for writing
 * ("yes", "no (EPERM)", or the same "unsupported: ...").  Under the real
 * root, mounts debugfs for the look if needed and unmounts it again, so
 * the reason reported is the knob's own.
 */
void knob_inspect(enum knob_id id, char *value, size_t vlen, char *writable, size_t wlen);
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

#endif /* FABENCH_KNOBS_H */
