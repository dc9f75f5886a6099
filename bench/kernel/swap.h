/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The swap areas of /proc/swaps: behaviour, not configuration (a kernel
 * built with CONFIG_SWAP and no area swaps nothing out).
 */
#ifndef FABENCH_SWAP_H
#define FABENCH_SWAP_H

#define SWAPS_PATH "/proc/swaps"

/* One line of /proc/swaps after its header. */
struct swap_area {
	char name[256];
	char type[32];
	unsigned long long size_kib, used_kib;
};

typedef void swap_area_fn(const struct swap_area *a, void *arg);

/*
 * Each swap area of SWAPS_PATH, in its order, passed to fn (NULL: only
 * counted).  The number of areas, or -errno if the file cannot be opened.
 */
int swap_areas(swap_area_fn *fn, void *arg);

#endif /* FABENCH_SWAP_H */
