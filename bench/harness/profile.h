/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * [run] profile = on: where each point's tasks spent their time, from
 * the sampler (bench/kernel/sampler.h) around the measured window and the
 * kernel's symbols: folded stacks ("entry;...;leaf samples", the format
 * flame graph tools read) and, per function, its self share (samples in
 * it) and its children share (samples with it anywhere in the stack), as
 * perf report and LKP's perf-profile lines give them.  Written per point
 * as profile/point-NNNN.csv and profile/point-NNNN.folded.
 */
#ifndef FABENCH_PROFILE_H
#define FABENCH_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "bench/kernel/ksyms.h"

struct profile_stack {
	char *folded;		/* "entry;...;leaf", NULL: a free slot */
	uint64_t samples;
};

struct profile {
	uint64_t period_ns;		/* a sample every period_ns of a task's CPU time */
	struct profile_stack *slot;	/* open addressing, cap a power of two */
	size_t n, cap;
	uint64_t samples;		/* every sample, user and kernel */
	uint64_t user;			/* samples in user mode ("[user]") */
	uint64_t lost;			/* samples the ring had no room for */
};

/* The function a user-mode sample is put under */
#define PROFILE_USER "[user]"

/* A sample of a kernel address no symbol covers */
#define PROFILE_UNKNOWN "[unknown]"

void profile_init(struct profile *p);
void profile_free(struct profile *p);
/* Add the records one task's sampler wrote (sampler_copy's buffer). */
void profile_add_records(struct profile *p, const struct ksyms *ks,
			 const uint8_t *buf, size_t len);
void profile_merge(struct profile *into, const struct profile *from);

/* One function's shares, from the folded stacks. */
struct profile_func {
	const char *name;
	uint64_t self, children;
};

/*
 * The functions of p by children, then self, most first, in *out (free
 * with profile_functions_free).  The count, or -1 out of memory.
 */
int profile_functions(const struct profile *p, struct profile_func **out);
void profile_functions_free(struct profile_func *f, int n);
/*
 * profile/point-NNNN.csv (function, self_pct, children_pct, self_samples,
 * children_samples; a "# samples N user N lost N" line first) and
 * profile/point-NNNN.folded in dir, checked writes.  0 or -1.
 */
int profile_write(const struct profile *p, const char *dir, int point);

#endif /* FABENCH_PROFILE_H */
