/* SPDX-License-Identifier: GPL-2.0-only */
/* Small readers of the machine's state, for metadata and the probe. */
#ifndef FABENCH_SYSINFO_H
#define FABENCH_SYSINFO_H

#include <stdbool.h>
#include <stddef.h>

/*
 * $FABENCH_SYSFS_ROOT, or "" (the real root) when unset: prefixed to the
 * /sys paths of the kernel knobs (bench/kernel/knobs/) so that tests can
 * point the harness at a fake tree.
 */
const char *sysinfo_sysfs_root(void);

/*
 * Read a small text file, trailing newline removed.  On failure writes
 * "unsupported: <ERRNO> reading PATH" into buf and returns -1.
 */
int sysinfo_read_file(const char *path, char *buf, size_t len);
/* "always within_size advise [never]" -> "never" */
void sysinfo_bracketed(const char *text, char *out, size_t len);
void sysinfo_cpu_model(char *buf, size_t len);
/*
 * Find tracefs (/sys/kernel/tracing, then /sys/kernel/debug/tracing), or
 * mount it on the first as root (*mounted set; sysinfo_tracefs_put undoes
 * it).  0, or -1 with "unsupported: <reason>" in why.
 */
int sysinfo_tracefs(char *dir, size_t len, bool *mounted, char *why, size_t whylen);
void sysinfo_tracefs_put(const char *dir, bool mounted);
void sysinfo_hostname(char *buf, size_t len);

#endif /* FABENCH_SYSINFO_H */
