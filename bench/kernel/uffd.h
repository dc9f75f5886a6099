/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * userfaultfd for workloads: open (UFFD_USER_MODE_ONLY, falling back to
 * /dev/userfaultfd), feature negotiation, registration, write-protection,
 * and a handler thread that answers faults so nothing blocks forever.
 */
#ifndef FABENCH_UFFD_H
#define FABENCH_UFFD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum uffd_mode {
	UFFD_MODE_NONE,
	UFFD_MODE_MISSING,
	UFFD_MODE_WP,
	UFFD_MODE_MINOR,
};

struct uffd_ctx {
	int fd;
	int stop_fd;			/* eventfd that stops the handler */
	uint64_t features;		/* negotiated with UFFDIO_API */
	const char *opened_by;		/* "userfaultfd(2)" or "/dev/userfaultfd" */
	size_t page_size;
	pthread_t handler;
	bool handler_running;
	atomic_uint_fast64_t missing_events;
	atomic_uint_fast64_t minor_events;
	atomic_uint_fast64_t wp_events;
	atomic_uint_fast64_t handler_errors;
};

/*
 * Open a uffd and negotiate want_features.  Returns 0, or a negative errno
 * with why ("EPERM from userfaultfd(2) and /dev/userfaultfd", ...).
 */
int uffd_open(struct uffd_ctx *u, uint64_t want_features, char *why, size_t len);
/* Register [addr, addr+len) for one mode; -errno and why on refusal. */
int uffd_register(struct uffd_ctx *u, void *addr, size_t len,
		  enum uffd_mode mode, char *why, size_t whylen);
int uffd_writeprotect(struct uffd_ctx *u, void *addr, size_t len, bool protect);
/* Start the thread that resolves MISSING (zero page), MINOR (continue), WP. */
int uffd_handler_start(struct uffd_ctx *u);
/* The same, with the handler pinned to cpu (-1: not pinned). */
int uffd_handler_start_on(struct uffd_ctx *u, int cpu);
void uffd_close(struct uffd_ctx *u);
/* stop a handler thread that polls stop_fd (an eventfd), once */
void uffd_thread_stop(pthread_t thread, int stop_fd, bool *running);
uint64_t uffd_events(struct uffd_ctx *u);

/* The features the running kernel offers (UFFDIO_API with none asked). */
int uffd_probe_features(uint64_t *features, char *why, size_t len);
/*
 * 0 if the kernel offers every feature of want, else -1 with why naming the
 * first one missing ("UFFD_FEATURE_WP_ASYNC not offered (kernel < 6.7)").
 * Offered, not merely accepted: UFFDIO_API fails outright on an unknown bit.
 */
int uffd_require_features(uint64_t want, char *why, size_t len);
/* Name of feature bit b, or NULL for a bit this harness does not know. */
const char *uffd_feature_name(unsigned int bit);
/* The features a mode needs on shmem (MINOR needs MINOR_SHMEM). */
uint64_t uffd_mode_features(enum uffd_mode mode);
const char *uffd_mode_name(enum uffd_mode mode);

#endif /* FABENCH_UFFD_H */
