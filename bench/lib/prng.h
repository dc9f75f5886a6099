/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xorshift64*: the harness's one pseudo-random sequence.  Seeded from
 * [run] seed (recorded in meta.json), so a random order or write plan can
 * be reproduced exactly; the seed must not be 0.
 */
#ifndef FABENCH_PRNG_H
#define FABENCH_PRNG_H

#include <stdint.h>

static inline uint64_t prng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1Dull;
}

#endif /* FABENCH_PRNG_H */
