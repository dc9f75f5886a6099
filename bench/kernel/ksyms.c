// SPDX-License-Identifier: GPL-2.0-only
/* /proc/kallsyms; see ksyms.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/kernel/ksyms.h"

static int by_addr(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return (x->addr > y->addr) - (x->addr < y->addr);
}

int ksyms_load(struct ksyms *ks, char *why, size_t len)
{
	FILE *f = fopen("/proc/kallsyms", "re");
	char *line = NULL, type, name[256];
	unsigned long long addr;
	size_t cap = 0, alloc = 0, nonzero = 0;
	struct ksym *grown;

	memset(ks, 0, sizeof(*ks));
	if (!f) {
		snprintf(why, len, "unsupported: /proc/kallsyms: %s (CONFIG_KALLSYMS off?)",
			 strerrorname_np(errno) ?: "error");
		return -1;
	}
	while (getline(&line, &cap, f) > 0) {
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3 ||
		    (type != 't' && type != 'T'))
			continue;
		if (ks->n == alloc) {
			alloc = alloc ? 2 * alloc : 65536;
			grown = realloc(ks->sym, alloc * sizeof(*grown));
			if (!grown)
				break;
			ks->sym = grown;
		}
		ks->sym[ks->n].addr = addr;
		ks->sym[ks->n].name = strdup(name);
		if (!ks->sym[ks->n].name)
			break;
		nonzero += addr != 0;
		ks->n++;
	}
	free(line);
	fclose(f);
	if (!nonzero) {
		snprintf(why, len, "unsupported: /proc/kallsyms lists %s (kptr_restrict, or not root)",
			 ks->n ? "every address as 0" : "no text symbol");
		ksyms_free(ks);
		return -1;
	}
	qsort(ks->sym, ks->n, sizeof(*ks->sym), by_addr);
	return 0;
}

void ksyms_free(struct ksyms *ks)
{
	size_t i;

	for (i = 0; i < ks->n; i++)
		free(ks->sym[i].name);
	free(ks->sym);
	memset(ks, 0, sizeof(*ks));
}

const char *ksyms_name(const struct ksyms *ks, uint64_t addr)
{
	size_t lo = 0, hi = ks->n, mid;

	if (!ks->n || addr < ks->sym[0].addr)
		return NULL;
	/* the last symbol at or below addr */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (ks->sym[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	return ks->sym[lo].name;
}
