/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * userfaultfd for workloads: open (UFFD_USER_MODE_ONLY, falling back to
 * /dev/userfaultfd), feature negotiation, registration, write-protection,
 * the handler threads that read a uffd's messages (struct uffd_handler,
 * the one read/stop loop), and the resolver built on them that
 * answers faults so nothing blocks forever.
 */
#ifndef FABENCH_UFFD_H
#define FABENCH_UFFD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UFFD_HANDLER_MAX_THREADS 16
#define UFFD_HANDLER_MAX_BATCH 512

struct uffd_msg;

/* Called in a handler thread for every message it read. */
typedef void uffd_msg_fn(const struct uffd_msg *msg, void *arg);
/* Called in a handler thread with the n messages of one read(). */
typedef void uffd_batch_fn(const struct uffd_msg *msg, int n, void *arg);

struct uffd_handler_conf {
	int uffd;
	int threads;			/* 1..UFFD_HANDLER_MAX_THREADS */
	int cpu;			/* every thread pinned here; -1: not pinned */
	unsigned int batch;		/* messages per read(), 1..UFFD_HANDLER_MAX_BATCH */
	/*
	 * One of the two (or both: on_msg first): per message, or per read
	 * for a handler that resolves a batch together (coalesced ranges).
	 */
	uffd_msg_fn *on_msg;
	uffd_batch_fn *on_batch;
	void *arg;			/* passed to both */
};

/*
 * Threads that each sleep in a blocking read() of the uffd for up to batch
 * messages and hand them to on_msg one by one, or to on_batch.
 * Zero-initialised, it is stopped, and uffd_handler_stop() does nothing.
 */
struct uffd_handler {
	struct uffd_handler_conf conf;
	atomic_bool stop;		/* uffd_handler_stop() was called */
	int running;			/* threads started */
	pthread_t th[UFFD_HANDLER_MAX_THREADS];
	atomic_uint_fast64_t reads;	/* read()s that returned messages */
	atomic_uint_fast64_t errors;	/* read() failures (each ends its thread) */
};

/* 0, or -errno (EINVAL for a bad conf, pthread_create's error) with nothing running. */
int uffd_handler_start(struct uffd_handler *h, const struct uffd_handler_conf *conf);
/* Interrupt every thread's read() with a signal and join them; once, or never started. */
void uffd_handler_stop(struct uffd_handler *h);

enum uffd_mode {
	UFFD_MODE_NONE,
	UFFD_MODE_MISSING,
	UFFD_MODE_WP,
	UFFD_MODE_MINOR,
};

struct uffd_ctx {
	int fd;
	uint64_t features;		/* negotiated with UFFDIO_API */
	const char *opened_by;		/* "userfaultfd(2)" or "/dev/userfaultfd" */
	size_t page_size;
	struct uffd_handler resolver;	/* uffd_resolver_start() */
	atomic_uint_fast64_t missing_events;
	atomic_uint_fast64_t minor_events;
	atomic_uint_fast64_t wp_events;
	atomic_uint_fast64_t resolve_errors;
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
/*
 * Start the handler thread that resolves MISSING (zero page), MINOR
 * (continue) and WP (unprotect) faults, pinned to cpu (-1: not pinned).
 * faulting: the threads that can fault in the range, so the most
 * messages that can be pending at once (each waits for its answer); the
 * thread reads that many at a time.  0 or -errno.
 */
int uffd_resolver_start(struct uffd_ctx *u, int cpu, int faulting);
/* Stops the resolver, closes the uffd; safe on a zeroed ctx with fd -1. */
void uffd_close(struct uffd_ctx *u);
/* Faults the resolver answered. */
uint64_t uffd_events(struct uffd_ctx *u);
/* The resolver's failures: ioctls that failed, and its read() errors. */
uint64_t uffd_resolver_errors(struct uffd_ctx *u);

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
