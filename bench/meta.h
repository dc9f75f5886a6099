/* SPDX-License-Identifier: GPL-2.0-only */
/* meta.json: what was run, on what, and how it was measured. */
#ifndef FABENCH_META_H
#define FABENCH_META_H

#include "record.h"

int meta_write(const char *dir, const struct run_record *rr);

#endif /* FABENCH_META_H */
