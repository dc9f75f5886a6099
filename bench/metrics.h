/* SPDX-License-Identifier: GPL-2.0-only */
/* A repetition's named metrics; a metric may be unsupported, with a reason. */
#ifndef FABENCH_METRICS_H
#define FABENCH_METRICS_H

#define METRICS_MAX 96

struct metric {
	char name[48];
	double value;
	char unsupported[96];	/* non-empty: no value, this reason instead */
};

struct metric_sink {
	int n;
	struct metric m[METRICS_MAX];
};

void metric_put(struct metric_sink *ms, const char *name, double value);
void metric_put_unsupported(struct metric_sink *ms, const char *name,
			    const char *reason);
const struct metric *metric_get(const struct metric_sink *ms, const char *name);

#endif /* FABENCH_METRICS_H */
