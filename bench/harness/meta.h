/* SPDX-License-Identifier: GPL-2.0-only */
/* meta.json: what was run, on what, and how it was measured. */
#ifndef FABENCH_META_H
#define FABENCH_META_H

#include <jansson.h>

#include "bench/harness/record.h"

int meta_write(const char *dir, const struct run_record *rr);
/* the guest runner's description of this boot, or NULL outside a guest */
json_t *meta_vm(void);
/* the binary: arch, static, page size, libraries (also in `fabench probe`) */
json_t *meta_build_json(void);
/* the active timer: source, why, ns per tick, cntfrq_el0 on arm64 */
json_t *meta_timer_json(void);

#endif /* FABENCH_META_H */
