/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * plant_lost_write: a self-test knob of the uffd dirty methods, the write
 * that proves the verifier can fail.  After protect, one page of the region
 * is written through a second MAP_SHARED mapping of the same memfd, which is
 * not registered with userfaultfd, so no fault and no PAGEMAP_SCAN bit ever
 * reports it; the page is recorded in writer 0's ground truth all the same.
 * verify must then count missed >= 1 and `fabench run` exit with
 * EXIT_CORRECTNESS.  Not a measurement: leave it at "no".
 */
#ifndef FABENCH_DIRTY_PLANT_H
#define FABENCH_DIRTY_PLANT_H

#include <stdint.h>

#include "workloads/dirty/dirty.h"

struct dirty_plant {
	char *alias;		/* the page's second mapping, NULL: not planted */
	uint64_t page;		/* a page no writer's plan touches */
};

enum dirty_plant_choice { PLANT_NO, PLANT_YES };

extern const char *const dirty_plant_values[];
extern const struct param_ident dirty_plant_idents[];

/*
 * A method's parameter table entry, after the method's own parameters:
 * its options struct (options_type) has an enum dirty_plant_choice plant_lost_write.
 */
#define DIRTY_PLANT_PARAM(options_type)						\
	{ .name = "plant_lost_write", .type = PT_ENUM,			\
	  .off = offsetof(options_type, plant_lost_write),			\
	  .values = dirty_plant_values, .idents = dirty_plant_idents,	\
	  .def = "no",							\
	  .help = "self-test: one write the method cannot see (memfd); the run must fail" }

/* In setup: map the alias if plant says yes; WL_UNSUPPORTED for anon. */
int dirty_plant_setup(struct dirty_plant *pl, const struct dirty *d,
		      enum dirty_plant_choice plant, char *why, size_t len);
/* In protect, after the protection: the unseen write and its ground truth. */
void dirty_plant_write(const struct dirty_plant *pl, struct dirty *d);
void dirty_plant_teardown(struct dirty_plant *pl);

#endif /* FABENCH_DIRTY_PLANT_H */
