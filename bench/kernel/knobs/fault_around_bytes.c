// SPDX-License-Identifier: GPL-2.0-only
/* debugfs fault_around_bytes; see fault_around_bytes.h. */
#include "bench/kernel/knobs/fault_around_bytes.h"

#define FAULT_AROUND_BYTES_MAX (64ull << 20)

const struct knob knob_fault_around_bytes = {
	.name = FAULT_AROUND_BYTES_NAME,
	.relpath = "sys/kernel/debug/fault_around_bytes",
	.debugfs = true,
};

bool fault_around_bytes_valid(uint64_t bytes)
{
	return bytes <= FAULT_AROUND_BYTES_MAX;
}
