// SPDX-License-Identifier: GPL-2.0-only
/* /proc/swaps; see swap.h. */
#include <errno.h>
#include <stdio.h>

#include "bench/kernel/swap.h"

int swap_areas(swap_area_fn *fn, void *arg)
{
	FILE *f = fopen(SWAPS_PATH, "r");
	struct swap_area a;
	char line[512];
	int n = 0;

	if (!f)
		return -errno;
	if (fgets(line, sizeof(line), f)) {	/* the header */
		while (fgets(line, sizeof(line), f)) {
			if (sscanf(line, "%255s %31s %llu %llu", a.name, a.type,
				   &a.size_kib, &a.used_kib) != 4)
				continue;
			n++;
			if (fn)
				fn(&a, arg);
		}
	}
	fclose(f);
	return n;
}
