/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-size shmem THP (mTHP, Linux 6.11+): the folio size anonymous shmem
 * (MAP_SHARED|MAP_ANONYMOUS) is allocated in.  The one owner of the
 * /sys/kernel/mm/transparent_hugepage/hugepages-<N>kB/ directories: which
 * sizes the running kernel lists, their shmem_enabled files ("always
 * inherit within_size advise [never]") and their stats/shmem_alloc and
 * stats/shmem_fallback counters.
 *
 * Each listed size's shmem_enabled is a knob of the registry (knobs.h,
 * KNOB_SHMEM_FOLIO + i), discovered at run time: setting a folio size
 * writes one file per size through knob_set(), so every change is read
 * back, recorded first and restored like any other knob.
 *
 * memfd and /dev/shm files do not follow these files on 6.18: mm/shmem.c
 * shmem_allowable_huge_orders() returns the mount's huge= orders for any
 * VMA that is not anonymous shmem (the internal mount's huge= is the
 * top-level shmem_enabled, the thp_shmem knob), and on a fault of such a
 * mapping only the PMD order.  A write() to a file on a huge=within_size
 * mount gets a folio the size of the write (measured on 6.18: 32M written
 * in 64K writes, 512 more in hugepages-64kB/stats/shmem_alloc, with every
 * per-size file at never), which shmem_folio_set_writes() uses.
 */
#ifndef FABENCH_KNOB_SHMEM_FOLIO_H
#define FABENCH_KNOB_SHMEM_FOLIO_H

#include <stdbool.h>
#include <stdint.h>

#include "bench/kernel/knobs/knobs.h"

/* The knob's name, and the [run] axis's */
#define SHMEM_FOLIO_NAME "shmem_folio"
#define SHMEM_FOLIO_SYNTAX "default|4K|8K|16K|...|2M (a size the kernel lists)"
#define SHMEM_FOLIO_EXPECTED "expected default or a power-of-two size 4K..1G such as 64K or 2M"
/* The reason of a point whose shmem's folio size fabench cannot set */
#define SHMEM_FOLIO_FILES_REASON \
	"shmem_folio: a file faulted into holes, or on /dev/shm, gets its mount's huge= " \
	"(PMD size or pages on a fault); only anonymous shmem and a memfd filled by writes follow it"

/* The reason where the kernel lists no size */
#define SHMEM_FOLIO_NONE_REASON \
	"no per-size shmem_enabled (hugepages-*kB/shmem_enabled; Linux 6.11+)"

/* The most sizes a kernel may list */
#define SHMEM_FOLIO_MAX KNOB_SHMEM_FOLIO_SIZES

/*
 * "default" -> 0, "4K".."1G" -> the size in kB (canonical text in canon,
 * "64K", "2M"); -1 for anything else.
 */
int shmem_folio_parse(const char *text, unsigned int *kb, char *canon, size_t len);
/*
 * The sizes (kB, ascending) whose hugepages-<N>kB/shmem_enabled exists;
 * 0 when none does (before 6.11, or no THP).  Looked up once.
 */
int shmem_folio_sizes(const unsigned int **kb);
/* The listed sizes as a config gives them: "16K, 64K, 2M" ("": none). */
void shmem_folio_list(char *buf, size_t len);
/*
 * Each listed size with its shmem_enabled as read: "16K never, 64K always,
 * 2M inherit", or "unsupported: <reason>" where the kernel lists none.
 */
void shmem_folio_describe(char *buf, size_t len);
/* The registry's knob of size i of shmem_folio_sizes(); NULL past the end. */
const struct knob *shmem_folio_knob(int i);
/*
 * Set the folio size of anonymous shmem: "default" puts back what fabench
 * found, "4K" writes never to every size, another size always to it and
 * never to the others.  -1 with why (no "unsupported: " prefix) when the
 * kernel has no per-size files, does not list the size, or a file does
 * not take the value.
 */
int shmem_folio_set(const char *value, char *why, size_t whylen);
/*
 * The same size for a memfd filled by writes of it (WL_FOLIO_WRITES):
 * thp_shmem (the internal mount's huge=) within_size, never for 4K, and
 * the per-size files as fabench found them.  thp_shmem is the point's own
 * thp_shmem value: one that disagrees is -1 with why; so is a size the
 * kernel does not list (its stats counters say what was allocated).
 */
int shmem_folio_set_writes(const char *value, const char *thp_shmem, char *why, size_t whylen);

/* The per-size counters, for the metrics: -1 where a file is unreadable. */
struct shmem_folio_stats {
	int n;
	unsigned int kb[SHMEM_FOLIO_MAX];
	int64_t alloc[SHMEM_FOLIO_MAX];		/* stats/shmem_alloc */
	int64_t fallback[SHMEM_FOLIO_MAX];	/* stats/shmem_fallback */
};
void shmem_folio_stats(struct shmem_folio_stats *s);

#endif /* FABENCH_KNOB_SHMEM_FOLIO_H */
