// SPDX-License-Identifier: GPL-2.0-only
/* Named metric values of one repetition. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/lib/metrics.h"

static struct metric *slot(struct metric_sink *ms, const char *name)
{
	int i;

	for (i = 0; i < ms->n; i++)
		if (!strcmp(ms->m[i].name, name))
			return &ms->m[i];
	if (ms->n == METRICS_MAX) {
		fprintf(stderr, "fabench: more than %d metrics (harness bug)\n", METRICS_MAX);
		abort();
	}
	snprintf(ms->m[ms->n].name, sizeof(ms->m[0].name), "%s", name);
	return &ms->m[ms->n++];
}

void metric_put(struct metric_sink *ms, const char *name, double value)
{
	struct metric *m = slot(ms, name);

	m->value = value;
	m->unsupported[0] = '\0';
	m->must_be_zero = false;
}

void metric_put_check(struct metric_sink *ms, const char *name, double count)
{
	metric_put(ms, name, count);
	slot(ms, name)->must_be_zero = true;
}

const struct metric *metric_failed_check(const struct metric_sink *ms)
{
	int i;

	for (i = 0; i < ms->n; i++)
		if (ms->m[i].must_be_zero && ms->m[i].value != 0)
			return &ms->m[i];
	return NULL;
}

void metric_put_unsupported(struct metric_sink *ms, const char *name,
			    const char *reason)
{
	struct metric *m = slot(ms, name);

	m->value = 0;
	snprintf(m->unsupported, sizeof(m->unsupported), "%s", reason);
}

void metric_sink_release(struct metric_sink *ms)
{
	free(ms->notes);
	ms->notes = NULL;
}

const struct metric *metric_get(const struct metric_sink *ms, const char *name)
{
	int i;

	for (i = 0; i < ms->n; i++)
		if (!strcmp(ms->m[i].name, name))
			return &ms->m[i];
	return NULL;
}

void metric_note(struct metric_sink *ms, const char *fmt, ...)
{
	size_t have = ms->notes ? strlen(ms->notes) : 0;
	va_list ap;
	char *grown;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	grown = n < 0 ? NULL : realloc(ms->notes, have + (size_t)n + 1);
	if (!grown) {
		fprintf(stderr, "fabench: out of memory for a workload's notes; dropped\n");
		return;
	}
	va_start(ap, fmt);
	vsnprintf(grown + have, (size_t)n + 1, fmt, ap);
	va_end(ap);
	ms->notes = grown;
}
