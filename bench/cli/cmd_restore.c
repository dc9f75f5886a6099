// SPDX-License-Identifier: GPL-2.0-only
/*
 * `fabench restore`: put back the kernel knobs a killed run left changed,
 * and remove the temporary result directories such runs left.
 */
#include <getopt.h>
#include <stdio.h>

#include "bench/cli/commands.h"
#include "bench/harness/resultdir.h"
#include "bench/harness/runlock.h"
#include "bench/kernel/knobs/knobs.h"

int cmd_restore(int argc, char **argv)
{
	const char *root = "results";
	enum runlock_state lock;
	char why[256];
	int n, c;

	optind = 1;
	while ((c = getopt(argc, argv, "o:")) != -1) {
		if (c != 'o')
			goto usage;
		root = optarg;
	}
	if (optind != argc)
		goto usage;
	/* a running run's knobs are its own to restore */
	lock = runlock_take(false, why, sizeof(why));
	if (lock == RUNLOCK_BUSY) {
		fprintf(stderr, "fabench: %s; it restores its knobs itself\n", why);
		return EXIT_USAGE;
	}
	resultdir_remove_stale(root, lock == RUNLOCK_HELD);
	n = knob_restore_from_record(true);
	if (n < 0)
		return 1;
	if (!n)
		printf("fabench: no knob left changed\n");
	return 0;
usage:
	fprintf(stderr, "usage: fabench restore [-o RESULTS_ROOT]\n");
	return EXIT_USAGE;
}
