/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * debugfs fault_around_bytes: how many bytes around a read fault the kernel
 * maps from the page cache (do_fault_around).  The one owner of its path and
 * of the values a config may give it.
 */
#ifndef FABENCH_KNOB_FAULT_AROUND_BYTES_H
#define FABENCH_KNOB_FAULT_AROUND_BYTES_H

#include <stdbool.h>
#include <stdint.h>

#include "bench/kernel/knobs/knobs.h"

extern const struct knob knob_fault_around_bytes;

/* The knob's name, and the [run] axis's */
#define FAULT_AROUND_BYTES_NAME "fault_around_bytes"

/* What a config may give: "default" (leave it) or a byte count. */
#define FAULT_AROUND_BYTES_SYNTAX "default|BYTES (4096 turns fault-around off)"
#define FAULT_AROUND_BYTES_EXPECTED "expected default or a byte count such as 4096 or 64K"
/*
 * Whether a byte count is one fabench may write (at most 64 MiB); the
 * kernel itself rejects what it dislikes, which the read-back reports.
 */
bool fault_around_bytes_valid(uint64_t bytes);

#endif /* FABENCH_KNOB_FAULT_AROUND_BYTES_H */
