// SPDX-License-Identifier: GPL-2.0-only
/* The planted lost write of the uffd dirty methods; see dirty_plant.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "workloads/dirty/dirty_plant.h"

#include "bench/kernel/pagesize.h"

const char *const dirty_plant_values[] = { "no", "yes", NULL };
const struct param_ident dirty_plant_idents[] = {
	PARAM_IDENT(PLANT_NO), PARAM_IDENT(PLANT_YES), { 0, NULL },
};

/*
 * A page no writer writes: if one did, its write through the registered
 * mapping would be reported and the planted write would hide behind it.
 */
static int unplanned_page(const struct dirty *d, uint64_t *page)
{
	uint64_t words = (d->npages + 63) / 64, *seen, i;
	int w, ret = -1;

	seen = calloc(words, sizeof(*seen));
	if (!seen)
		return -1;
	for (w = 0; w < d->writers; w++)
		for (i = 0; i < d->plan_len[w]; i++)
			seen[d->plan[w][i] / 64] |= 1ull << (d->plan[w][i] % 64);
	for (i = 0; i < d->npages && ret; i++) {
		if (!(seen[i / 64] >> (i % 64) & 1)) {
			*page = i;
			ret = 0;
		}
	}
	free(seen);
	return ret;
}

int dirty_plant_setup(struct dirty_plant *pl, const struct dirty *d,
		      enum dirty_plant_choice plant, char *why, size_t len)
{
	void *p;

	pl->alias = NULL;
	if (plant == PLANT_NO)
		return 0;
	if (d->fd < 0) {
		snprintf(why, len, "plant_lost_write needs a second mapping of the memory: "
			 "backend memfd (private anonymous memory has none)");
		return WL_UNSUPPORTED;
	}
	if (unplanned_page(d, &pl->page)) {
		snprintf(why, len, "plant_lost_write: the writers write every page, "
			 "none is left for the unseen write");
		return WL_UNSUPPORTED;
	}
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, d->fd,
		 (off_t)(pl->page * PAGE));
	if (p == MAP_FAILED) {
		snprintf(why, len, "plant_lost_write: mmap: %s", strerror(errno));
		return WL_ERROR;
	}
	pl->alias = p;
	return 0;
}

void dirty_plant_write(const struct dirty_plant *pl, struct dirty *d)
{
	if (!pl->alias)
		return;
	((volatile uint64_t *)pl->alias)[0] = d->round;
	d->written[0][pl->page / 64] |= 1ull << (pl->page % 64);
}

void dirty_plant_teardown(struct dirty_plant *pl)
{
	if (pl->alias)
		munmap(pl->alias, PAGE);
	pl->alias = NULL;
}
