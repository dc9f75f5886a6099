// SPDX-License-Identifier: GPL-2.0-only
/* Exercised once, claimed after: see caps_check.h. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/harness/caps_check.h"
#include "bench/probe/probe.h"

#define MISSING_ENV "FABENCH_CAPS_MISSING"

enum answer { UNKNOWN, WORKS, MISSING };

static struct {
	enum answer answer;
	char why[PROBE_TEXT];
} known[CAP_COUNT];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* c named in $FABENCH_CAPS_MISSING, a comma-separated list of cap_name()s */
static bool declared_missing(enum cap c)
{
	const char *list = getenv(MISSING_ENV), *name = cap_name(c), *p;
	size_t n = strlen(name);

	for (p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, name, n) && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

/* The probe's own PAGEMAP_SCAN call; its text says "unsupported: " on failure. */
static int try_pagemap_scan(char *why, size_t len)
{
	char text[PROBE_TEXT];

	probe_pagemap_scan(text, sizeof(text));
	if (strncmp(text, "unsupported: ", 13))
		return 0;
	snprintf(why, len, "%s", text + 13);
	return -1;
}

static void exercise(enum cap c)
{
	char *why = known[c].why;
	size_t len = sizeof(known[c].why);
	int ret;

	if (declared_missing(c)) {
		snprintf(why, len, "declared missing by " MISSING_ENV);
		ret = -1;
	} else if (c == CAP_PAGEMAP_SCAN) {
		ret = try_pagemap_scan(why, len);
	} else {
		ret = cap_exercise(c, why, len);
	}
	known[c].answer = ret ? MISSING : WORKS;
}

bool caps_have(enum cap c, char *why, size_t len)
{
	bool works;

	pthread_mutex_lock(&lock);
	if (known[c].answer == UNKNOWN)
		exercise(c);
	works = known[c].answer == WORKS;
	if (!works)
		snprintf(why, len, "%s", known[c].why);
	pthread_mutex_unlock(&lock);
	return works;
}

int caps_check(unsigned int needs, char *why, size_t len)
{
	char reason[PROBE_TEXT];
	int c;

	for (c = 0; c < CAP_COUNT; c++) {
		if (!(needs & CAP_BIT(c)) || caps_have((enum cap)c, reason, sizeof(reason)))
			continue;
		snprintf(why, len, "needs %s (%s)", cap_name((enum cap)c), reason);
		return -1;
	}
	return 0;
}

void caps_forget(void)
{
	pthread_mutex_lock(&lock);
	memset(known, 0, sizeof(known));
	pthread_mutex_unlock(&lock);
}
