// SPDX-License-Identifier: GPL-2.0-only
/*
 * dirty_softdirty: soft-dirty bits, the dirty tracking of CRIU's pre-dump
 * before PAGEMAP_SCAN (Documentation/admin-guide/mm/soft-dirty.rst).
 *
 *   protect  "4" to /proc/self/clear_refs: every pte of the process loses
 *            its soft-dirty bit and is write-protected, every VMA its
 *            VM_SOFTDIRTY (fs/proc/task_mmu.c, clear_refs_write)
 *   run      a first write to a page faults and sets the bit again
 *   collect  the region's /proc/self/pagemap entries, 8 bytes a page read
 *            in large chunks: bit 55 is soft-dirty
 *
 * clear_refs works on the whole process, the harness's own memory too: that
 * costs what it costs (protect_ms says), and the ground truth is only the
 * region's pages, so soft-dirty pages elsewhere are never counted.  A VMA
 * created or grown next to the region during the round would be soft-dirty
 * as a whole (a new VMA always is): that shows as false_positive, never as
 * a miss.
 *
 * Needs CONFIG_MEM_SOFT_DIRTY, found by behaviour as the probe does
 * (CAP_SOFT_DIRTY_*); without it every point is unsupported, with the
 * probe's reason.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "workloads/dirty/dirty.h"
#include "bench/lib/metrics.h"
#include "bench/kernel/pagemap.h"

#include "bench/kernel/pagesize.h"

#define CHUNK (64ul << 10)	/* pagemap entries per pread: 512 KiB */

struct softdirty {
	int pagemap_fd, clear_fd;
	uint64_t *buf;
	uint64_t reads, errors;		/* thread 0's phases only */
};

/*
 * The probe's test, on a page of the region's kind (shmem for memfd,
 * private anonymous for anon) apart from the region, so that its `start`
 * state stays as asked: the runner makes it before prepare().
 */
static unsigned int sd_needs(const void *options)
{
	const struct dirty_options *o = options;

	return CAP_BIT(o->backend == DB_MEMFD ? CAP_SOFT_DIRTY_SHMEM : CAP_SOFT_DIRTY_ANON);
}

static int sd_setup(struct dirty *d, char *why, size_t len)
{
	struct softdirty *sd = calloc(1, sizeof(*sd));

	if (!sd)
		return WL_ERROR;
	d->priv = sd;
	sd->pagemap_fd = sd->clear_fd = -1;
	sd->pagemap_fd = open(PAGEMAP_PATH, O_RDONLY | O_CLOEXEC);
	sd->clear_fd = open(CLEAR_REFS_PATH, O_WRONLY | O_CLOEXEC);
	if (sd->pagemap_fd < 0 || sd->clear_fd < 0) {
		snprintf(why, len, "%s or %s: %s", PAGEMAP_PATH, CLEAR_REFS_PATH,
			 strerror(errno));
		return WL_ERROR;
	}
	sd->buf = malloc(CHUNK * sizeof(*sd->buf));
	return sd->buf ? 0 : WL_ERROR;
}

static uint64_t sd_protect(struct dirty *d)
{
	struct softdirty *sd = d->priv;

	/* clear_refs_write parses the buffer and ignores the file position */
	if (write(sd->clear_fd, "4", 1) != 1)
		sd->errors++;
	return d->npages;
}

/* n entries from page `first` of the region; false on a read error */
static bool read_entries(struct softdirty *sd, const struct dirty *d, uint64_t first,
			 uint64_t n)
{
	off_t off = (off_t)(((uintptr_t)d->base / PAGE + first) * sizeof(uint64_t));
	size_t want = n * sizeof(uint64_t), got = 0;
	ssize_t r;

	while (got < want) {
		r = pread(sd->pagemap_fd, (char *)sd->buf + got, want - got, off + (off_t)got);
		sd->reads++;
		if (r <= 0) {
			sd->errors++;
			return false;
		}
		got += (size_t)r;
	}
	return true;
}

static uint64_t sd_collect(struct dirty *d)
{
	struct softdirty *sd = d->priv;
	uint64_t first, n, i;

	for (first = 0; first < d->npages; first += n) {
		n = d->npages - first < CHUNK ? d->npages - first : CHUNK;
		if (!read_entries(sd, d, first, n))
			break;
		for (i = 0; i < n; i++)
			if (sd->buf[i] >> PM_SOFT_DIRTY_BIT & 1)
				dirty_mark_collected(d, first + i);
	}
	return d->npages;
}

static void sd_report(struct dirty *d, struct metric_sink *ms)
{
	struct softdirty *sd = d->priv;

	metric_put(ms, "pagemap_reads", (double)sd->reads);
	metric_put_check(ms, "io_errors", (double)sd->errors);
}

static void sd_teardown(struct dirty *d)
{
	struct softdirty *sd = d->priv;

	if (sd->pagemap_fd >= 0)
		close(sd->pagemap_fd);
	if (sd->clear_fd >= 0)
		close(sd->clear_fd);
	free(sd->buf);
	free(sd);
	d->priv = NULL;
}

static const struct dirty_method softdirty_method = {
	.setup = sd_setup,
	.protect = sd_protect,
	.collect = sd_collect,
	.report = sd_report,
	.teardown = sd_teardown,
};

static const struct param_desc sd_params[] = {
	DIRTY_COMMON_PARAMS,
	{ .name = NULL },
};

static const struct wl_metric sd_metrics[] = {
	DIRTY_COMMON_METRICS,
	{ .name = "pagemap_reads", .unit = "reads", .label = "pagemap reads of the collect" },
	{ .name = "io_errors", .unit = "errors",
	  .label = "clear_refs or pagemap accesses that failed", .better = WL_BETTER_ZERO },
	{ .name = NULL },
};

DIRTY_WORKLOAD(dirty_softdirty, "dirty tracking by soft-dirty bits (clear_refs, pagemap)",
	       softdirty_method, sd_params, sd_metrics,
	       .options_size = sizeof(struct dirty_options), .needs = sd_needs);
