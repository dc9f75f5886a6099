// SPDX-License-Identifier: GPL-2.0-only
/* Folded stacks and function shares of a point's samples; see profile.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/harness/profile.h"
#include "bench/kernel/sampler.h"
#include "bench/lib/outfile.h"

/* PERF_CONTEXT_* markers in a call chain: the top 4095 values */
#define CONTEXT_MARKER ((uint64_t)-4095)

/* A folded stack at most: deeper chains keep their leaf end */
#define MAX_FOLDED 4096

void profile_init(struct profile *p)
{
	memset(p, 0, sizeof(*p));
}

void profile_free(struct profile *p)
{
	size_t i;

	for (i = 0; i < p->cap; i++)
		free(p->slot[i].folded);
	free(p->slot);
	profile_init(p);
}

static uint64_t hash(const char *s)
{
	uint64_t h = 14695981039346656037ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static struct profile_stack *find(struct profile_stack *slot, size_t cap, const char *key)
{
	size_t i = (size_t)hash(key) & (cap - 1);

	while (slot[i].folded && strcmp(slot[i].folded, key))
		i = (i + 1) & (cap - 1);
	return &slot[i];
}

static int grow(struct profile *p)
{
	size_t cap = p->cap ? 2 * p->cap : 256, i;
	struct profile_stack *slot = calloc(cap, sizeof(*slot)), *s;

	if (!slot)
		return -1;
	for (i = 0; i < p->cap; i++) {
		if (!p->slot[i].folded)
			continue;
		s = find(slot, cap, p->slot[i].folded);
		*s = p->slot[i];
	}
	free(p->slot);
	p->slot = slot;
	p->cap = cap;
	return 0;
}

static void add_stack(struct profile *p, const char *folded, uint64_t samples)
{
	struct profile_stack *s;

	if (2 * (p->n + 1) > p->cap && grow(p))
		abort();
	s = find(p->slot, p->cap, folded);
	if (!s->folded) {
		s->folded = strdup(folded);
		if (!s->folded)
			abort();
		p->n++;
	}
	s->samples += samples;
}

struct walk {
	struct profile *p;
	const struct ksyms *ks;
};

/* A kernel address on both 64-bit architectures: the top half */
static int kernel_address(uint64_t a)
{
	return (int)(a >> 63);
}

/* The chain, entry first, as "a;b;c": the frames come leaf first. */
static void fold(const struct sampler_sample *smp, const struct ksyms *ks, char *out, size_t len)
{
	const char *name;
	size_t off = 0;
	uint64_t i, a;
	int any = 0;

	out[0] = '\0';
	for (i = smp->nr; i-- > 0;) {
		a = smp->frames[i];
		if (a >= CONTEXT_MARKER || !kernel_address(a))
			continue;
		name = ksyms_name(ks, a);
		off += (size_t)snprintf(out + off, off < len ? len - off : 0, "%s%s",
					any ? ";" : "", name ? name : PROFILE_UNKNOWN);
		any = 1;
	}
	if (!any) {	/* no kernel chain: the sampled address alone */
		name = kernel_address(smp->ip) ? ksyms_name(ks, smp->ip) : PROFILE_USER;
		snprintf(out, len, "%s", name ? name : PROFILE_UNKNOWN);
	}
}

static void one_sample(const struct sampler_sample *smp, void *arg)
{
	struct walk *w = arg;
	char folded[MAX_FOLDED];

	w->p->samples++;
	if (!kernel_address(smp->ip))
		w->p->user++;
	fold(smp, w->ks, folded, sizeof(folded));
	add_stack(w->p, folded, 1);
}

void profile_add_records(struct profile *p, const struct ksyms *ks,
			 const uint8_t *buf, size_t len)
{
	struct walk w = { .p = p, .ks = ks };

	p->lost += sampler_walk(buf, len, one_sample, &w);
}

void profile_merge(struct profile *into, const struct profile *from)
{
	size_t i;

	for (i = 0; i < from->cap; i++)
		if (from->slot[i].folded)
			add_stack(into, from->slot[i].folded, from->slot[i].samples);
	into->period_ns = from->period_ns;
	into->samples += from->samples;
	into->user += from->user;
	into->lost += from->lost;
}

static int by_share(const void *a, const void *b)
{
	const struct profile_func *x = a, *y = b;

	if (x->children != y->children)
		return x->children < y->children ? 1 : -1;
	if (x->self != y->self)
		return x->self < y->self ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* The function of name in f[0..n), added (its name copied) if new. */
static struct profile_func *func(struct profile_func **f, int *n, int *cap, const char *name)
{
	struct profile_func *grown;
	char *copy;
	int i;

	for (i = 0; i < *n; i++)
		if (!strcmp((*f)[i].name, name))
			return &(*f)[i];
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		grown = realloc(*f, (size_t)*cap * sizeof(*grown));
		if (!grown)
			return NULL;
		*f = grown;
	}
	copy = strdup(name);
	if (!copy)
		return NULL;
	(*f)[*n] = (struct profile_func){ .name = copy };
	return &(*f)[(*n)++];
}

/*
 * A stack's samples go to each function in it once as children, however
 * often it recurs, and to its leaf as self.
 */
static int count_stack(const struct profile_stack *s, struct profile_func **f, int *n, int *cap)
{
	char copy[MAX_FOLDED], *tok, *save = NULL, *leaf = NULL;
	struct profile_func *fn;
	int k;

	snprintf(copy, sizeof(copy), "%s", s->folded);
	for (tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
		leaf = tok;
		fn = func(f, n, cap, tok);
		if (!fn)
			return -1;
		/* the top bit marks a function this stack has counted */
		if (!(fn->children >> 63))
			fn->children = (fn->children + s->samples) | (1ull << 63);
	}
	for (k = 0; k < *n; k++)
		(*f)[k].children &= ~(1ull << 63);
	fn = leaf ? func(f, n, cap, leaf) : NULL;
	if (!fn)
		return -1;
	fn->self += s->samples;
	return 0;
}

void profile_functions_free(struct profile_func *f, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free((char *)f[i].name);
	free(f);
}

int profile_functions(const struct profile *p, struct profile_func **out)
{
	struct profile_func *f = NULL;
	int n = 0, cap = 0;
	size_t i;

	*out = NULL;
	for (i = 0; i < p->cap; i++) {
		if (p->slot[i].folded && count_stack(&p->slot[i], &f, &n, &cap)) {
			profile_functions_free(f, n);
			return -1;
		}
	}
	if (n > 0)
		qsort(f, (size_t)n, sizeof(*f), by_share);
	*out = f;
	return n;
}

static int by_samples(const void *a, const void *b)
{
	const struct profile_stack *x = *(const struct profile_stack *const *)a;
	const struct profile_stack *y = *(const struct profile_stack *const *)b;

	if (x->samples != y->samples)
		return x->samples < y->samples ? 1 : -1;
	return strcmp(x->folded, y->folded);
}

static int write_folded(const struct profile *p, const char *path)
{
	const struct profile_stack **s = calloc(p->n + 1, sizeof(*s));
	size_t i, k = 0;
	FILE *f;

	if (!s)
		return -1;
	for (i = 0; i < p->cap; i++)
		if (p->slot[i].folded)
			s[k++] = &p->slot[i];
	qsort(s, k, sizeof(*s), by_samples);
	f = outfile_open(path);
	if (!f) {
		free(s);
		return -1;
	}
	for (i = 0; i < k; i++)
		fprintf(f, "%s %llu\n", s[i]->folded, (unsigned long long)s[i]->samples);
	free(s);
	return outfile_close(f, path);
}

static int write_functions(const struct profile *p, const char *path)
{
	struct profile_func *fn;
	double total = p->samples ? (double)p->samples : 1;
	int n = profile_functions(p, &fn), i;
	FILE *f;

	if (n < 0)
		return -1;
	f = outfile_open(path);
	if (!f) {
		profile_functions_free(fn, n);
		return -1;
	}
	fprintf(f, "# samples %llu user %llu lost %llu period_ns %llu\n",
		(unsigned long long)p->samples, (unsigned long long)p->user,
		(unsigned long long)p->lost, (unsigned long long)p->period_ns);
	fprintf(f, "function,self_pct,children_pct,self_samples,children_samples\n");
	for (i = 0; i < n; i++)
		fprintf(f, "%s,%.2f,%.2f,%llu,%llu\n", fn[i].name, 100.0 * (double)fn[i].self / total,
			100.0 * (double)fn[i].children / total, (unsigned long long)fn[i].self,
			(unsigned long long)fn[i].children);
	profile_functions_free(fn, n);
	return outfile_close(f, path);
}

int profile_write(const struct profile *p, const char *dir, int point)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/profile", dir);
	if (outfile_mkdir(path))
		return -1;
	snprintf(path, sizeof(path), "%s/profile/point-%04d.folded", dir, point);
	if (write_folded(p, path))
		return -1;
	snprintf(path, sizeof(path), "%s/profile/point-%04d.csv", dir, point);
	return write_functions(p, path);
}
