// SPDX-License-Identifier: GPL-2.0-only
/* /proc/vmstat and /proc/interrupts counters; see procstat.h. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/kernel/procstat.h"

int procstat_vmstat(const char *const *names, int n, int64_t *vals)
{
	FILE *f = fopen("/proc/vmstat", "re");
	char line[256], *sp;
	int i;

	for (i = 0; i < n; i++)
		vals[i] = -1;
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		sp = strchr(line, ' ');
		if (!sp)
			continue;
		*sp = '\0';
		for (i = 0; i < n; i++)
			if (!strcmp(line, names[i]))
				vals[i] = strtoll(sp + 1, NULL, 10);
	}
	fclose(f);
	return 0;
}

int64_t procstat_interrupts(const char *label)
{
	FILE *f = fopen("/proc/interrupts", "re");
	size_t len = strlen(label);
	int64_t sum = -1;
	char *line = NULL, *p, *end;
	size_t cap = 0;
	long long v;

	if (!f)
		return -2;
	while (getline(&line, &cap, f) > 0) {
		for (p = line; *p == ' '; p++)
			;
		if (strncmp(p, label, len))
			continue;
		/* the per-CPU counts, up to the description */
		sum = 0;
		for (p += len;; p = end) {
			while (*p == ' ')
				p++;
			if (!isdigit((unsigned char)*p))
				break;
			v = strtoll(p, &end, 10);
			sum += v;
		}
		break;
	}
	free(line);
	fclose(f);
	return sum;
}

int procstat_interrupts_per_cpu(int64_t *count, int max)
{
	static int col_cpu[8192];
	static long long v[8192];
	FILE *f = fopen("/proc/interrupts", "re");
	char *line = NULL, *p, *end;
	int ncols = 0, n, i;
	size_t cap = 0;

	if (!f)
		return -1;
	memset(count, 0, (size_t)max * sizeof(*count));
	/* the header: "           CPU0       CPU1 ..." (the online CPUs) */
	if (getline(&line, &cap, f) > 0)
		for (p = line; (p = strstr(p, "CPU")) && ncols < 8192; p += 3)
			col_cpu[ncols++] = atoi(p + 3);
	while (ncols && getline(&line, &cap, f) > 0) {
		p = strchr(line, ':');
		if (!p)
			continue;
		for (p++, n = 0; n < ncols; n++, p = end) {
			while (*p == ' ')
				p++;
			if (!isdigit((unsigned char)*p))
				break;
			v[n] = strtoll(p, &end, 10);
		}
		/* a line of one count for all CPUs (ERR:, MIS:) is not per CPU */
		if (n < ncols)
			continue;
		for (i = 0; i < ncols; i++)
			if (col_cpu[i] >= 0 && col_cpu[i] < max)
				count[col_cpu[i]] += v[i];
	}
	free(line);
	fclose(f);
	return ncols ? 0 : -1;
}
