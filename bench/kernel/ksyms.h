/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's text symbols from /proc/kallsyms, to name the addresses a
 * profile samples: the same table in the host and in a guest, where no
 * perf binary runs.
 */
#ifndef FABENCH_KSYMS_H
#define FABENCH_KSYMS_H

#include <stddef.h>
#include <stdint.h>

struct ksym {
	uint64_t addr;
	char *name;
};

struct ksyms {
	struct ksym *sym;	/* text symbols, by address */
	size_t n;
};

/*
 * Load the text symbols.  -1 with why ("unsupported: ...") when the file
 * is missing (CONFIG_KALLSYMS off) or every address reads 0 (kptr_restrict,
 * or not root).
 */
int ksyms_load(struct ksyms *ks, char *why, size_t len);
void ksyms_free(struct ksyms *ks);
/* The function addr is in, or NULL below the first symbol. */
const char *ksyms_name(const struct ksyms *ks, uint64_t addr);

#endif /* FABENCH_KSYMS_H */
