// SPDX-License-Identifier: GPL-2.0-only
/* The [run] cpus list; see cpulist.h. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/harness/cpulist.h"

int cpulist_parse(const char *text, int *cpu, int max, char *err, size_t errlen)
{
	const char *s = text;
	unsigned long a, b, c;
	char *end;
	int n = 0;

	if (!strcmp(text, "all"))
		return 0;
	while (*s) {
		while (*s == ' ')
			s++;
		if (!isdigit((unsigned char)*s))
			goto bad;
		a = strtoul(s, &end, 10);
		b = a;
		if (*end == '-') {
			if (!isdigit((unsigned char)end[1]))
				goto bad;
			b = strtoul(end + 1, &end, 10);
		}
		while (*end == ' ')
			end++;
		if (b < a || b > CPULIST_MAX_CPU || (*end && *end != ','))
			goto bad;
		if (*end == ',' && !end[1 + strspn(end + 1, " ")])
			goto bad;	/* a trailing comma */
		for (c = a; c <= b; c++, n++) {
			if (cpu && n >= max) {
				snprintf(err, errlen, "more than %d CPUs in the list", max);
				return -1;
			}
			if (cpu)
				cpu[n] = (int)c;
		}
		s = *end ? end + 1 : end;
	}
	if (n)
		return n;
bad:
	snprintf(err, errlen, "expected all, or a CPU list such as 0,2-3");
	return -1;
}

int cpulist_unique(const int *cpu, int n, int *out, int max)
{
	int i, j, k = 0;

	for (i = 0; i < n && k < max; i++) {
		for (j = 0; j < k && out[j] != cpu[i]; j++)
			;
		if (j == k)
			out[k++] = cpu[i];
	}
	return k;
}
