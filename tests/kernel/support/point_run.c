// SPDX-License-Identifier: GPL-2.0-only
/* See point_run.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "point_run.h"
#include "timer.h"

#define HANG_LIMIT_S 120	/* a handler that never answers fails, not hangs */

struct run_env test_env;

int point_env_setup(void **state)
{
	struct timer_info ti;
	struct param_value all = { .text = "all" };
	char err[256];

	(void)state;
	timer_init(&ti, -1);
	if (runner_cpus(&all, &test_env, err, sizeof(err)) ||
	    counters_setup(&test_env.counters, "default", err, sizeof(err)) ||
	    topology_init(&test_env.topo, err, sizeof(err))) {
		fprintf(stderr, "test setup: %s\n", err);
		return -1;
	}
	test_env.seed = 1;
	return 0;
}

int point_env_teardown(void **state)
{
	(void)state;
	counters_release(&test_env.counters);
	topology_release(&test_env.topo);
	return 0;
}

struct point_run *point_run_text(const char *text, int point)
{
	struct point_run *pr = calloc(1, sizeof(*pr));
	char path[] = "/tmp/fabench-test-XXXXXX";
	int fd = mkstemp(path);

	assert_non_null(pr);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(config_load(&pr->cfg, path, NULL, 0, 0), 0);
	unlink(path);
	assert_int_equal(matrix_expand(&pr->cfg, &pr->m), 0);
	assert_true(point < pr->m.npoints);
	alarm(HANG_LIMIT_S);
	runner_run_rep(&pr->m.points[point], &test_env, &pr->rep);
	alarm(0);
	return pr;
}

void point_run_free(struct point_run *pr)
{
	matrix_free(&pr->m);
	free(pr);
}

double point_metric(const struct point_run *pr, const char *name)
{
	const struct metric *m = metric_get(&pr->rep.metrics, name);

	if (!m)
		fail_msg("no metric %s", name);
	if (m->unsupported[0])
		fail_msg("%s: %s", name, m->unsupported);
	return m->value;
}

void point_assert_ok(const struct point_run *pr)
{
	if (pr->rep.status)
		fail_msg("point failed: %s", pr->rep.why);
}
