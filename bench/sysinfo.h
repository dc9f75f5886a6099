/* SPDX-License-Identifier: GPL-2.0-only */
/* Small readers of the machine's state, for metadata and the probe. */
#ifndef FABENCH_SYSINFO_H
#define FABENCH_SYSINFO_H

#include <stddef.h>

/*
 * Read a small text file, trailing newline removed.  On failure writes
 * "unsupported: <ERRNO> reading PATH" into buf and returns -1.
 */
int sysinfo_read_file(const char *path, char *buf, size_t len);
/* "always within_size advise [never]" -> "never" */
void sysinfo_bracketed(const char *text, char *out, size_t len);
void sysinfo_cpu_model(char *buf, size_t len);
/*
 * debugfs fault_around_bytes: the value, or "unsupported: <reason>"
 * (debugfs not mounted, EPERM under lockdown, ...).  Never mounts.
 */
void sysinfo_fault_around_bytes(char *buf, size_t len);
void sysinfo_hostname(char *buf, size_t len);

#endif /* FABENCH_SYSINFO_H */
