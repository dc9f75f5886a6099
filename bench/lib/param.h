/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Typed parameters: the tables that workloads (and the [run] section)
 * declare, and the parsing of one value against one table entry.
 */
#ifndef FABENCH_PARAM_H
#define FABENCH_PARAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum param_type {
	PT_ENUM,	/* one of values[] */
	PT_UINT,	/* decimal, min..max */
	PT_SIZE,	/* bytes, K/M/G/T binary suffixes, min..max */
	PT_CUSTOM,	/* parsed and canonicalised by parse() */
};

#define PF_SCALAR	(1u << 0)	/* one value only: not a matrix axis */
#define PF_MEMORY	(1u << 1)	/* size must fit in MemAvailable */
#define PF_PAGE_ALIGNED	(1u << 2)	/* size must be a page multiple */
#define PF_RAW		(1u << 3)	/* kept whole in config_key.raw: a list that is not an axis */

struct param_value {
	char text[64];		/* canonical form, as written to results */
	uint64_t num;		/* PT_UINT, PT_SIZE, PT_CUSTOM's number */
	int idx;		/* PT_ENUM index; PT_CUSTOM's kind */
};

/*
 * An enumerator and its identifier as written in C, PARAM_IDENT(UFFD_MODE_WP):
 * param_check() holds each against the values[] name at its value, so an
 * enum whose order disagrees with its names is refused.
 */
struct param_ident {
	int value;
	const char *ident;	/* "UFFD_MODE_WP"; NULL ends the list */
};

#define PARAM_IDENT(e) { (int)(e), #e }

struct param_desc {
	const char *name;
	enum param_type type;
	const char *help;
	const char *def;			/* default value text */
	const char *const *values;		/* PT_ENUM, NULL terminated */
	uint64_t min, max;			/* PT_UINT, PT_SIZE */
	unsigned int flags;
	/* PT_CUSTOM: fill out or write what was expected into err */
	int (*parse)(const char *text, struct param_value *out,
		     char *err, size_t errlen);
	const char *custom_syntax;		/* PT_CUSTOM, for `list` */
	/*
	 * Where param_fill() stores the value in the workload's options
	 * struct: offsetof(struct <workload>_options, field).  PT_ENUM: an
	 * enum (int) whose enumerators are idents; PT_UINT, PT_SIZE: a
	 * uint64_t; PT_CUSTOM: its struct param_value.
	 */
	size_t off;
	const struct param_ident *idents;	/* PT_ENUM of a workload table */
};

/*
 * Parse one value (already trimmed).  On error returns -1 and writes what
 * was expected into err.  avail_bytes (0: unknown) bounds PF_MEMORY sizes.
 */
int param_parse(const struct param_desc *pd, const char *text,
		struct param_value *out, uint64_t avail_bytes,
		char *err, size_t errlen);

/* "64M", "1G", "12K": the largest exact binary unit. */
void param_format_size(uint64_t bytes, char *buf, size_t len);
int param_parse_size(const char *text, uint64_t *out);
int param_parse_uint(const char *text, uint64_t *out);
/* "enum: a|b|c", "size: 4K..64G", ... for `fabench list` and errors. */
void param_describe(const struct param_desc *pd, char *buf, size_t len);
size_t param_count(const struct param_desc *table);
const struct param_desc *param_find(const struct param_desc *table,
				    const char *name, int *index);
/* The table entry whose name is closest to name (typo hints), or NULL. */
const struct param_desc *param_closest(const struct param_desc *table,
				       const char *name);
size_t edit_distance(const char *a, const char *b);
/*
 * Fill a workload's options struct (options_size bytes, zeroed first) from
 * values[], indexed like table: each value at its entry's off.
 */
void param_fill(const struct param_desc *table, const struct param_value *values,
		void *options, size_t options_size);
/*
 * A workload table against its options struct: every field inside
 * options_size and apart from the others, every PT_ENUM with idents that
 * name its values[] in order ("BE_SHM" for "shm", "POP_READ_NOFA" for
 * "read-nofa").  0, or -1 with what is wrong in err.
 */
int param_check(const struct param_desc *table, size_t options_size,
		char *err, size_t errlen);
/*
 * An access pattern: one of names[0..n-1] (idx = its index) or "stride=N"
 * with stride_min <= N <= 1048576 (idx = n, num = N).  On error, err says
 * "expected a, b, c or stride=N (N pages, MIN..1048576)".
 */
int param_parse_pattern(const char *text, const char *const *names, int n,
			uint64_t stride_min, struct param_value *out,
			char *err, size_t errlen);

#endif /* FABENCH_PARAM_H */
