// SPDX-License-Identifier: GPL-2.0-only
/* userfaultfd open, negotiation, registration, handler threads, the resolver. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench/kernel/compat.h"
#include "bench/kernel/uffd.h"

#define RESOLVER_BATCH 64	/* the most messages per read() */

static const char *const feature_names[] = {
	"PAGEFAULT_FLAG_WP", "EVENT_FORK", "EVENT_REMAP", "EVENT_REMOVE",
	"MISSING_HUGETLBFS", "MISSING_SHMEM", "EVENT_UNMAP", "SIGBUS",
	"THREAD_ID", "MINOR_HUGETLBFS", "MINOR_SHMEM", "EXACT_ADDRESS",
	"WP_HUGETLBFS_SHMEM", "WP_UNPOPULATED", "POISON", "WP_ASYNC", "MOVE",
};

const char *uffd_feature_name(unsigned int bit)
{
	if (bit >= sizeof(feature_names) / sizeof(feature_names[0]))
		return NULL;
	return feature_names[bit];
}

/* The release that brought a feature, for the reason of an unsupported point. */
static const char *feature_since(uint64_t bit)
{
	switch (bit) {
	case UFFD_FEATURE_MINOR_SHMEM: return "5.14";
	case UFFD_FEATURE_WP_HUGETLBFS_SHMEM: return "5.19";
	case UFFD_FEATURE_WP_UNPOPULATED: return "6.4";
	case UFFD_FEATURE_POISON: return "6.6";
	case UFFD_FEATURE_WP_ASYNC: return "6.7";
	case UFFD_FEATURE_MOVE: return "6.8";
	default: return NULL;
	}
}

int uffd_require_features(uint64_t want, char *why, size_t len)
{
	uint64_t have, missing;
	unsigned int b;

	if (uffd_probe_features(&have, why, len))
		return -1;
	missing = want & ~have;
	if (!missing)
		return 0;
	b = 63 - (unsigned int)__builtin_clzll(missing);	/* the newest first */
	snprintf(why, len, "UFFD_FEATURE_%s not offered%s%s%s",
		 uffd_feature_name(b) ?: "?", feature_since(1ull << b) ? " (kernel < " : "",
		 feature_since(1ull << b) ?: "", feature_since(1ull << b) ? ")" : "");
	return -1;
}

const char *uffd_mode_name(enum uffd_mode mode)
{
	static const char *const names[] = { "none", "missing", "wp", "minor" };

	return names[mode];
}

uint64_t uffd_mode_features(enum uffd_mode mode)
{
	return mode == UFFD_MODE_MINOR ? UFFD_FEATURE_MINOR_SHMEM : 0;
}

/*
 * UFFD_USER_MODE_ONLY lets an unprivileged process use uffd when
 * vm.unprivileged_userfaultfd is 0; /dev/userfaultfd is the other way in.
 */
static int open_fd(const char **how, char *why, size_t len)
{
	int fd, dev, err1, err2;

	/* blocking: the handler threads sleep in read(), see handler_main() */
	fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | UFFD_USER_MODE_ONLY);
	if (fd >= 0) {
		*how = "userfaultfd(2)";
		return fd;
	}
	err1 = errno;
	dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);
	if (dev >= 0) {
		fd = ioctl(dev, USERFAULTFD_IOC_NEW, O_CLOEXEC);
		err2 = errno;
		close(dev);
		if (fd >= 0) {
			*how = "/dev/userfaultfd";
			return fd;
		}
	} else {
		err2 = errno;
	}
	snprintf(why, len, "%s from userfaultfd(2), %s from /dev/userfaultfd",
		 strerrorname_np(err1) ?: "error", strerrorname_np(err2) ?: "error");
	return -err1;
}

int uffd_open(struct uffd_ctx *u, uint64_t want, char *why, size_t len)
{
	struct uffdio_api api = { .api = UFFD_API, .features = want };
	int err;

	memset(u, 0, sizeof(*u));
	u->page_size = (size_t)sysconf(_SC_PAGESIZE);
	u->fd = open_fd(&u->opened_by, why, len);
	if (u->fd < 0)
		return u->fd;
	if (ioctl(u->fd, UFFDIO_API, &api)) {
		err = errno;
		snprintf(why, len, "UFFDIO_API refused features 0x%llx: %s",
			 (unsigned long long)want, strerrorname_np(err) ?: "error");
		close(u->fd);
		u->fd = -1;
		return -err;
	}
	u->features = api.features;
	return 0;
}

int uffd_probe_features(uint64_t *features, char *why, size_t len)
{
	struct uffd_ctx u;
	int ret = uffd_open(&u, 0, why, len);

	if (ret)
		return ret;
	/* With nothing asked, UFFDIO_API reports everything it supports. */
	*features = u.features;
	uffd_close(&u);
	return 0;
}

int uffd_register(struct uffd_ctx *u, void *addr, size_t len,
		  enum uffd_mode mode, char *why, size_t whylen)
{
	static const uint64_t reg_mode[] = {
		[UFFD_MODE_MISSING] = UFFDIO_REGISTER_MODE_MISSING,
		[UFFD_MODE_WP] = UFFDIO_REGISTER_MODE_WP,
		[UFFD_MODE_MINOR] = UFFDIO_REGISTER_MODE_MINOR,
	};
	struct uffdio_register reg = {
		.range = { .start = (uintptr_t)addr, .len = len },
		.mode = reg_mode[mode],
	};
	int err;

	if (mode == UFFD_MODE_NONE)
		return 0;
	if (!ioctl(u->fd, UFFDIO_REGISTER, &reg))
		return 0;
	err = errno;
	snprintf(why, whylen, "UFFDIO_REGISTER mode %s: %s", uffd_mode_name(mode),
		 strerrorname_np(err) ?: "error");
	return -err;
}

int uffd_writeprotect(struct uffd_ctx *u, void *addr, size_t len, bool protect)
{
	struct uffdio_writeprotect wp = {
		.range = { .start = (uintptr_t)addr, .len = len },
		.mode = protect ? UFFDIO_WRITEPROTECT_MODE_WP : 0,
	};

	return ioctl(u->fd, UFFDIO_WRITEPROTECT, &wp) ? -errno : 0;
}

/* Resolve one fault; EEXIST means another path already mapped the page. */
static int resolve(struct uffd_ctx *u, const struct uffd_msg *msg)
{
	uint64_t page = msg->arg.pagefault.address & ~(uint64_t)(u->page_size - 1);
	uint64_t flags = msg->arg.pagefault.flags;
	int ret;

	if (flags & UFFD_PAGEFAULT_FLAG_WP) {
		atomic_fetch_add(&u->wp_events, 1);
		return uffd_writeprotect(u, (void *)page, u->page_size, false);
	}
	if (flags & UFFD_PAGEFAULT_FLAG_MINOR) {
		struct uffdio_continue c = { .range = { page, u->page_size } };

		atomic_fetch_add(&u->minor_events, 1);
		ret = ioctl(u->fd, UFFDIO_CONTINUE, &c);
	} else {
		struct uffdio_zeropage z = { .range = { page, u->page_size } };

		atomic_fetch_add(&u->missing_events, 1);
		ret = ioctl(u->fd, UFFDIO_ZEROPAGE, &z);
	}
	return ret && errno != EEXIST ? -errno : 0;
}

/*
 * A handler thread is stopped by a signal that interrupts its read(): a
 * real-time signal of its own, whose handler does nothing, installed
 * without SA_RESTART.  (pthread_cancel would need libgcc_s.so.1 at run
 * time, which a guest's initramfs does not have.)
 */
#define STOP_SIGNAL (SIGRTMIN + 1)
#define STOP_RETRY_US 100

static void on_stop_signal(int sig)
{
	(void)sig;
}

static void install_stop_signal(void)
{
	struct sigaction sa = { .sa_handler = on_stop_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(STOP_SIGNAL, &sa, NULL);
}

/*
 * One handler thread: read a batch, hand it out.  The thread sleeps in a
 * blocking read(), the one system call a message costs it besides the
 * answer (the bare loop of bench/vm/touch_loop.c does the same; a poll()
 * of the uffd and a stop descriptor before each read cost ~720
 * instructions a fault more, counted under QEMU icount).
 */
static void *handler_main(void *arg)
{
	struct uffd_handler *h = arg;
	const struct uffd_handler_conf *c = &h->conf;
	struct uffd_msg msg[UFFD_HANDLER_MAX_BATCH];
	sigset_t stop;
	ssize_t got;
	int i, n;

	sigemptyset(&stop);
	sigaddset(&stop, STOP_SIGNAL);
	pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
	while (!atomic_load(&h->stop)) {
		got = read(c->uffd, msg, sizeof(msg[0]) * c->batch);
		if (got < 0) {
			if (errno != EAGAIN && errno != EINTR) {
				atomic_fetch_add(&h->errors, 1);
				break;
			}
			continue;
		}
		atomic_fetch_add(&h->reads, 1);
		n = (int)(got / (ssize_t)sizeof(msg[0]));
		for (i = 0; c->on_msg && i < n; i++)
			c->on_msg(&msg[i], c->arg);
		if (c->on_batch)
			c->on_batch(msg, n, c->arg);
	}
	return NULL;
}

int uffd_handler_start(struct uffd_handler *h, const struct uffd_handler_conf *conf)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_attr_t attr;
	cpu_set_t set;
	int i, err = 0;

	memset(h, 0, sizeof(*h));
	h->conf = *conf;
	if (conf->threads < 1 || conf->threads > UFFD_HANDLER_MAX_THREADS ||
	    conf->batch < 1 || conf->batch > UFFD_HANDLER_MAX_BATCH || (!conf->on_msg && !conf->on_batch))
		return -EINVAL;
	pthread_once(&once, install_stop_signal);
	pthread_attr_init(&attr);
	if (conf->cpu >= 0) {
		CPU_ZERO(&set);
		CPU_SET(conf->cpu, &set);
		pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
	}
	for (i = 0; i < conf->threads && !err; i++) {
		err = pthread_create(&h->th[i], &attr, handler_main, h);
		h->running += !err;
	}
	pthread_attr_destroy(&attr);
	if (!err)
		return 0;
	uffd_handler_stop(h);
	return -err;
}

void uffd_handler_stop(struct uffd_handler *h)
{
	int i;

	atomic_store(&h->stop, true);
	/*
	 * A signal that lands before the thread is back in read() is lost:
	 * send it again until the thread has ended.
	 */
	for (i = 0; i < h->running; i++) {
		while (pthread_tryjoin_np(h->th[i], NULL) == EBUSY) {
			pthread_kill(h->th[i], STOP_SIGNAL);
			usleep(STOP_RETRY_US);
		}
	}
	h->running = 0;
}

static void resolve_msg(const struct uffd_msg *msg, void *arg)
{
	struct uffd_ctx *u = arg;

	if (msg->event == UFFD_EVENT_PAGEFAULT && resolve(u, msg))
		atomic_fetch_add(&u->resolve_errors, 1);
}

int uffd_resolver_start(struct uffd_ctx *u, int cpu, int faulting)
{
	/*
	 * A read() asked for more than is pending tries once more (41
	 * instructions a minor fault on 6.12, counted under QEMU icount): ask
	 * for no more than can be.
	 */
	const struct uffd_handler_conf conf = {
		.uffd = u->fd, .threads = 1, .cpu = cpu,
		.batch = faulting < 1 ? 1 : faulting > RESOLVER_BATCH ? RESOLVER_BATCH :
			 (unsigned int)faulting,
		.on_msg = resolve_msg, .arg = u,
	};

	return uffd_handler_start(&u->resolver, &conf);
}

void uffd_close(struct uffd_ctx *u)
{
	uffd_handler_stop(&u->resolver);
	if (u->fd >= 0)
		close(u->fd);
	u->fd = -1;
}

uint64_t uffd_resolver_errors(struct uffd_ctx *u)
{
	return atomic_load(&u->resolve_errors) + atomic_load(&u->resolver.errors);
}

uint64_t uffd_events(struct uffd_ctx *u)
{
	return atomic_load(&u->missing_events) + atomic_load(&u->minor_events) +
	       atomic_load(&u->wp_events);
}
