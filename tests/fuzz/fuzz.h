/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fuzz harnesses' common part (tests/fuzz/driver.c has main()).
 *
 * Built with afl-clang-fast (make fuzz, into build-fuzz/) and run with no
 * argument, a harness is AFL++'s persistent-mode target: one input per
 * __AFL_LOOP iteration from AFL's shared memory (or stdin outside
 * afl-fuzz).  Given arguments, or built with gcc or clang (make tests:
 * BUILD/tests/fuzz_NAME), it is a replay driver: `fuzz_NAME FILE|DIR...`
 * runs every file given (every regular file of a DIR, in name order) and
 * exits 0.  Under ASan each file is also checked for leaks; a leak makes
 * it exit 1 after naming the file.
 */
#ifndef FABENCH_TEST_FUZZ_H
#define FABENCH_TEST_FUZZ_H

#include <stddef.h>

/* Once, before the first input (and before AFL's fork server). */
void fuzz_setup(void);
/* One input: data[len] is '\0' (a copy the harness may change). */
void fuzz_one(char *data, size_t len);

/*
 * A memfd holding text, reachable by path ("/proc/self/fd/N") for the
 * parsers that take a file name; one per harness, rewritten per input.
 */
const char *fuzz_memfd_path(const char *text, size_t len);

/*
 * The lines at the top of data that start with prefix ("%p "), each cut
 * at its newline: their text after the prefix into lines[] (at most max,
 * *n of them); returns where the rest of data begins.
 */
char *fuzz_take_lines(char *data, const char *prefix, char **lines, int max, int *n);

#endif /* FABENCH_TEST_FUZZ_H */
