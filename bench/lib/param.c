// SPDX-License-Identifier: GPL-2.0-only
/* Parsing and describing typed parameter values. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/kernel/pagesize.h"
#include "bench/lib/param.h"

int param_parse_uint(const char *text, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!isdigit((unsigned char)text[0]))
		return -1;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

int param_parse_size(const char *text, uint64_t *out)
{
	char *end;
	unsigned long long v;
	unsigned int shift = 0;

	if (!isdigit((unsigned char)text[0]))
		return -1;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno)
		return -1;
	switch (toupper((unsigned char)*end)) {
	case 'K':
		shift = 10;
		break;
	case 'M':
		shift = 20;
		break;
	case 'G':
		shift = 30;
		break;
	case 'T':
		shift = 40;
		break;
	case '\0':
		break;
	default:
		return -1;
	}
	if (shift) {
		end++;
		if (toupper((unsigned char)*end) == 'I')
			end++;
		if (toupper((unsigned char)*end) == 'B')
			end++;
	}
	if (*end || (shift && v > (UINT64_MAX >> shift)))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

void param_format_size(uint64_t bytes, char *buf, size_t len)
{
	static const char unit[] = "KMGT";
	int u = -1;

	while (u < 3 && bytes && !(bytes & 1023)) {
		bytes >>= 10;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%llu", (unsigned long long)bytes);
	else
		snprintf(buf, len, "%llu%c", (unsigned long long)bytes, unit[u]);
}

void param_describe(const struct param_desc *pd, char *buf, size_t len)
{
	char lo[32], hi[32], pg[32];
	size_t off;
	int i;

	switch (pd->type) {
	case PT_ENUM:
		off = (size_t)snprintf(buf, len, "one of");
		for (i = 0; pd->values[i] && off < len; i++)
			off += (size_t)snprintf(buf + off, len - off, "%s%s",
						i ? "|" : " ", pd->values[i]);
		break;
	case PT_UINT:
		snprintf(buf, len, "an integer %llu..%llu",
			 (unsigned long long)pd->min, (unsigned long long)pd->max);
		break;
	case PT_SIZE:
		param_format_size(pd->min, lo, sizeof(lo));
		param_format_size(pd->max, hi, sizeof(hi));
		/* the running kernel's page: 4K, or 16K or 64K on some arm64 */
		param_format_size(page_size(), pg, sizeof(pg));
		snprintf(buf, len, "a size %s..%s (suffix K, M, G or T)%s%s", lo, hi,
			 pd->flags & PF_PAGE_ALIGNED ? ", a multiple of " : "",
			 pd->flags & PF_PAGE_ALIGNED ? pg : "");
		break;
	case PT_CUSTOM:
		snprintf(buf, len, "%s", pd->custom_syntax);
		break;
	}
}

static int parse_enum(const struct param_desc *pd, const char *text,
		      struct param_value *out)
{
	int i;

	for (i = 0; pd->values[i]; i++) {
		if (!strcmp(pd->values[i], text)) {
			out->idx = i;
			return 0;
		}
	}
	return -1;
}

static int check_range(const struct param_desc *pd, uint64_t v,
		       uint64_t avail, char *err, size_t errlen)
{
	char have[32], desc[160];

	param_describe(pd, desc, sizeof(desc));
	if (v < pd->min || v > pd->max ||
	    (pd->flags & PF_PAGE_ALIGNED && v % page_size())) {
		snprintf(err, errlen, "expected %s", desc);
		return -1;
	}
	if (pd->flags & PF_MEMORY && avail && v > avail) {
		param_format_size(avail & ~((1ull << 20) - 1), have, sizeof(have));
		snprintf(err, errlen,
			 "larger than the memory available (MemAvailable %s)", have);
		return -1;
	}
	return 0;
}

int param_parse(const struct param_desc *pd, const char *text,
		struct param_value *out, uint64_t avail_bytes,
		char *err, size_t errlen)
{
	char desc[160];

	memset(out, 0, sizeof(*out));
	param_describe(pd, desc, sizeof(desc));
	if (!*text || strlen(text) >= sizeof(out->text)) {
		snprintf(err, errlen, "expected %s", desc);
		return -1;
	}
	snprintf(out->text, sizeof(out->text), "%s", text);
	switch (pd->type) {
	case PT_ENUM:
		if (parse_enum(pd, text, out))
			break;
		return 0;
	case PT_UINT:
		if (param_parse_uint(text, &out->num))
			break;
		return check_range(pd, out->num, avail_bytes, err, errlen);
	case PT_SIZE:
		if (param_parse_size(text, &out->num))
			break;
		param_format_size(out->num, out->text, sizeof(out->text));
		return check_range(pd, out->num, avail_bytes, err, errlen);
	case PT_CUSTOM:
		return pd->parse(text, out, err, errlen);
	}
	snprintf(err, errlen, "expected %s", desc);
	return -1;
}

size_t param_count(const struct param_desc *table)
{
	size_t n = 0;

	while (table && table[n].name)
		n++;
	return n;
}

const struct param_desc *param_find(const struct param_desc *table,
				    const char *name, int *index)
{
	size_t i;

	for (i = 0; table && table[i].name; i++) {
		if (!strcmp(table[i].name, name)) {
			if (index)
				*index = (int)i;
			return &table[i];
		}
	}
	return NULL;
}

size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64], prev, tmp;

	if (lb >= 64 || la >= 64)
		return 64;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = prev + (a[i - 1] != b[j - 1]);
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (tmp + 1 < row[j])
				row[j] = tmp + 1;
			prev = tmp;
		}
	}
	return row[lb];
}

const struct param_desc *param_closest(const struct param_desc *table,
				       const char *name)
{
	const struct param_desc *best = NULL;
	size_t i, d, best_d = 3;	/* suggest only near misses */

	for (i = 0; table && table[i].name; i++) {
		d = edit_distance(name, table[i].name);
		if (d < best_d) {
			best_d = d;
			best = &table[i];
		}
	}
	return best;
}

int param_parse_pattern(const char *text, const char *const *names, int n,
			uint64_t stride_min, struct param_value *out,
			char *err, size_t errlen)
{
	const uint64_t stride_max = 1u << 20;
	uint64_t v;
	size_t off;
	int i;

	for (i = 0; i < n; i++) {
		if (!strcmp(text, names[i])) {
			out->idx = i;
			return 0;
		}
	}
	if (!strncmp(text, "stride=", 7) && !param_parse_uint(text + 7, &v) &&
	    v >= stride_min && v <= stride_max) {
		out->idx = n;
		out->num = v;
		return 0;
	}
	off = (size_t)snprintf(err, errlen, "expected");
	for (i = 0; i < n && off < errlen; i++)
		off += (size_t)snprintf(err + off, errlen - off, " %s,", names[i]);
	if (off < errlen)
		snprintf(err + off - 1, errlen - off + 1, " or stride=N (N pages, %llu..%llu)",
			 (unsigned long long)stride_min, (unsigned long long)stride_max);
	return -1;
}

/* The bytes an entry's value takes in the options struct. */
static size_t field_size(const struct param_desc *pd)
{
	switch (pd->type) {
	case PT_ENUM:
		return sizeof(int);
	case PT_UINT:
	case PT_SIZE:
		return sizeof(uint64_t);
	case PT_CUSTOM:
		break;
	}
	return sizeof(struct param_value);
}

void param_fill(const struct param_desc *table, const struct param_value *values,
		void *options, size_t options_size)
{
	char *o = options;
	size_t i;

	memset(options, 0, options_size);
	for (i = 0; table && table[i].name; i++) {
		const struct param_desc *pd = &table[i];

		switch (pd->type) {
		case PT_ENUM:
			memcpy(o + pd->off, &values[i].idx, sizeof(int));
			break;
		case PT_UINT:
		case PT_SIZE:
			memcpy(o + pd->off, &values[i].num, sizeof(uint64_t));
			break;
		case PT_CUSTOM:
			memcpy(o + pd->off, &values[i], sizeof(struct param_value));
			break;
		}
	}
}

/*
 * "POP_READ_NOFA" names "read-nofa": its lower-case tail after an
 * underscore (or the whole identifier) is the name with '-' as '_'.
 */
static bool ident_names(const char *ident, const char *name)
{
	size_t li = strlen(ident), ln = strlen(name), i;
	const char *tail = ident + li - ln;
	char c;

	if (ln > li || (li > ln && tail[-1] != '_'))
		return false;
	for (i = 0; i < ln; i++) {
		c = name[i] == '-' ? '_' : (char)tolower((unsigned char)name[i]);
		if ((char)tolower((unsigned char)tail[i]) != c)
			return false;
	}
	return true;
}

static int check_enum(const struct param_desc *pd, char *err, size_t errlen)
{
	const struct param_ident *id = pd->idents;
	int nvalues = 0, n;

	while (pd->values[nvalues])
		nvalues++;
	if (!id) {
		snprintf(err, errlen, "%s: an enum with no idents (PARAM_IDENT list)", pd->name);
		return -1;
	}
	for (n = 0; id[n].ident; n++) {
		if (id[n].value < 0 || id[n].value >= nvalues ||
		    !ident_names(id[n].ident, pd->values[id[n].value])) {
			snprintf(err, errlen, "%s: enumerator %s = %d does not name \"%s\"",
				 pd->name, id[n].ident, id[n].value,
				 id[n].value >= 0 && id[n].value < nvalues ?
				 pd->values[id[n].value] : "(no such value)");
			return -1;
		}
	}
	if (n != nvalues) {
		snprintf(err, errlen, "%s: %d enumerators for %d values", pd->name, n, nvalues);
		return -1;
	}
	return 0;
}

int param_check(const struct param_desc *table, size_t options_size,
		char *err, size_t errlen)
{
	size_t i, j, a, b;

	for (i = 0; table && table[i].name; i++) {
		a = table[i].off;
		if (a + field_size(&table[i]) > options_size) {
			snprintf(err, errlen,
				 "%s: offset %zu + %zu bytes past the %zu-byte options",
				 table[i].name, a, field_size(&table[i]), options_size);
			return -1;
		}
		for (j = 0; j < i; j++) {
			b = table[j].off;
			if (a < b + field_size(&table[j]) && b < a + field_size(&table[i])) {
				snprintf(err, errlen, "%s: its field overlaps %s's", table[i].name,
					 table[j].name);
				return -1;
			}
		}
		if (table[i].type == PT_ENUM && check_enum(&table[i], err, errlen))
			return -1;
	}
	return 0;
}
