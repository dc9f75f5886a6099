/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Address-space layout randomisation of this process: on or off by its
 * personality (ADDR_NO_RANDOMIZE, which setarch -R sets) and by the
 * system's /proc/sys/kernel/randomize_va_space.  A mapping that lands at
 * another address each run can span one page-table page or two, which
 * page-table-bound benchmarks see (will-it-scale turns it off the same
 * way).  Only the process changes: nothing system-wide to restore.
 */
#ifndef FABENCH_ASLR_H
#define FABENCH_ASLR_H

#include <stdbool.h>
#include <stddef.h>

/* "on", "off (ADDR_NO_RANDOMIZE)" or "off (randomize_va_space 0)", with randomize_va_space */
void aslr_describe(char *buf, size_t len);
/* Whether this process's mappings are randomised. */
bool aslr_on(void);
/*
 * Turn it off: set ADDR_NO_RANDOMIZE and execute this program again with
 * the same arguments (the personality takes effect at exec).  Returns only
 * when it could not, with why; a new image that finds the flag lost
 * (aslr_reexec_lost) does not try again.
 */
void aslr_off_reexec(char *why, size_t len);
/* In the new image: whether aslr_off_reexec ran before it, and how ASLR was then. */
bool aslr_reexeced(char *before, size_t len);

#endif /* FABENCH_ASLR_H */
