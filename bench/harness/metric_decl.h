/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the harness's own metrics mean (the runner's times and rates, the
 * fault counts, counters and tracepoints, the latency percentiles), and
 * meta.json's "metrics" object: these and the declarations of each
 * workload the run used (workloads/workload.h, struct wl_metric).
 */
#ifndef FABENCH_METRIC_DECL_H
#define FABENCH_METRIC_DECL_H

#include <jansson.h>

#include "workloads/workload.h"

/*
 * The harness's declarations, NULL-name terminated; a name may be a glob
 * ("*_ms").  A workload's own declaration of a name wins over these.
 */
extern const struct wl_metric harness_metrics[];

/*
 * {"<workload>": [declaration...], ..., "*": [the harness's]} for the n
 * workloads wl (a workload listed twice is written once).
 */
json_t *metric_decl_json(const struct workload *const *wl, int n);

/* What metric means in wl: its own declaration, else the harness's; or NULL. */
const struct wl_metric *metric_decl_find(const struct workload *wl, const char *metric);

#endif /* FABENCH_METRIC_DECL_H */
