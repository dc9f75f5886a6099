/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The runner's capability check: each capability a point needs
 * (workload.needs, bench/kernel/caps.h) is exercised once per process and
 * the answer kept; a point whose needs are not all met is unsupported with
 * one reason format, "needs <capability> (<what failed>)".
 *
 * Test hook: FABENCH_CAPS_MISSING="soft-dirty on anon,uffd-wp on shmem"
 * declares the capabilities of those names missing without exercising
 * them ("declared missing by FABENCH_CAPS_MISSING").
 */
#ifndef FABENCH_CAPS_CHECK_H
#define FABENCH_CAPS_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "bench/kernel/caps.h"

/* Whether c works here, exercised on the first call; why says what failed. */
bool caps_have(enum cap c, char *why, size_t len);
/*
 * 0 if every capability of needs works, else -1 with why:
 * "needs uffd-wp on shmem (UFFDIO_API refused features 0x0: EINVAL)".
 */
int caps_check(unsigned int needs, char *why, size_t len);
/* Forget every answer (tests). */
void caps_forget(void);

#endif /* FABENCH_CAPS_CHECK_H */
