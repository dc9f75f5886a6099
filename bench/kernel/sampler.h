/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A sampling profiler of the calling thread through perf_event_open: the
 * cpu-clock software event (it needs no PMU, so it works in guests and
 * VMs without one), every period_ns of the thread's CPU time a sample of
 * the instruction pointer and the kernel call chain into a ring buffer,
 * enabled only around the measured window and read after it.
 */
#ifndef FABENCH_SAMPLER_H
#define FABENCH_SAMPLER_H

#include <stddef.h>
#include <stdint.h>

/* Ring buffer pages (a power of two) after the header page: 4 MiB */
#define SAMPLER_RING_PAGES 1024

struct sampler {
	int fd;
	void *map;
	size_t map_len;
	size_t data_len;
};

/* A sample as the profile reads it: ip, then the kernel frames leaf first. */
struct sampler_sample {
	uint64_t ip;
	uint64_t nr;
	const uint64_t *frames;	/* may hold PERF_CONTEXT_* markers */
};

/* The bytes of records a sampler holds at most (its ring's data area). */
size_t sampler_data_size(void);
/* Open on the calling thread, disabled.  0, or -errno. */
int sampler_open(struct sampler *s, uint64_t period_ns);
void sampler_enable(struct sampler *s);
void sampler_disable(struct sampler *s);
/*
 * Copy the records written since the open into buf (at most cap bytes):
 * their length.  Records are self-describing (perf_event_header).
 */
size_t sampler_copy(const struct sampler *s, uint8_t *buf, size_t cap);
void sampler_close(struct sampler *s);
/*
 * Walk records copied by sampler_copy: calls fn for each sample; returns
 * the samples the kernel reported lost (PERF_RECORD_LOST).
 */
uint64_t sampler_walk(const uint8_t *buf, size_t len,
		      void (*fn)(const struct sampler_sample *, void *), void *arg);

#endif /* FABENCH_SAMPLER_H */
