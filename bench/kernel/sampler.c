// SPDX-License-Identifier: GPL-2.0-only
/* The cpu-clock sampler; see sampler.h. */
#include <errno.h>
#include <linux/perf_event.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench/kernel/sampler.h"

size_t sampler_data_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE) * SAMPLER_RING_PAGES;
}

int sampler_open(struct sampler *s, uint64_t period_ns)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_CPU_CLOCK,
		.sample_period = period_ns,
		.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_CALLCHAIN,
		.disabled = 1,
		.exclude_hv = 1,
		.exclude_callchain_user = 1,
	};
	long page = sysconf(_SC_PAGESIZE);
	int err;

	memset(s, 0, sizeof(*s));
	s->fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (s->fd < 0)
		return -errno;
	s->data_len = sampler_data_size();
	s->map_len = s->data_len + (size_t)page;
	s->map = mmap(NULL, s->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, s->fd, 0);
	if (s->map == MAP_FAILED) {
		err = -errno;
		close(s->fd);
		s->fd = -1;
		s->map = NULL;
		return err;
	}
	return 0;
}

void sampler_enable(struct sampler *s)
{
	if (s->map)
		ioctl(s->fd, PERF_EVENT_IOC_ENABLE, 0);
}

void sampler_disable(struct sampler *s)
{
	if (s->map)
		ioctl(s->fd, PERF_EVENT_IOC_DISABLE, 0);
}

size_t sampler_copy(const struct sampler *s, uint8_t *buf, size_t cap)
{
	const struct perf_event_mmap_page *meta = s->map;
	uint64_t head;
	size_t n;

	if (!s->map)
		return 0;
	head = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
	/* nothing consumed, no overwrite: the records start at 0 and never wrap */
	n = head < s->data_len ? (size_t)head : s->data_len;
	n = n < cap ? n : cap;
	memcpy(buf, (const uint8_t *)s->map + meta->data_offset, n);
	return n;
}

void sampler_close(struct sampler *s)
{
	if (!s->map)
		return;		/* never opened */
	munmap(s->map, s->map_len);
	close(s->fd);
	s->map = NULL;
	s->fd = -1;
}

uint64_t sampler_walk(const uint8_t *buf, size_t len,
		      void (*fn)(const struct sampler_sample *, void *), void *arg)
{
	const struct perf_event_header *h;
	struct sampler_sample smp;
	const uint64_t *u;
	uint64_t lost = 0;
	size_t off = 0;

	while (off + sizeof(*h) <= len) {
		h = (const void *)(buf + off);
		if (h->size < sizeof(*h) || off + h->size > len)
			break;
		u = (const void *)(h + 1);
		if (h->type == PERF_RECORD_SAMPLE && h->size >= sizeof(*h) + 16) {
			smp.ip = u[0];
			smp.nr = u[1];
			smp.frames = u + 2;
			if (sizeof(*h) + 16 + smp.nr * 8 <= h->size)
				fn(&smp, arg);
		} else if (h->type == PERF_RECORD_LOST && h->size >= sizeof(*h) + 16) {
			lost += u[1];
		}
		off += h->size;
	}
	return lost;
}
