// SPDX-License-Identifier: GPL-2.0-only
/* Time units and their instruction counterparts under QEMU icount; see timeunit.h. */
#include <stdio.h>
#include <string.h>

#include "bench/lib/timeunit.h"

static const struct {
	const char *time, *instructions;
} units[] = {
	{ "ns", "ins" }, { "us", "Kins" }, { "ms", "Mins" }, { "s", "Gins" },
};

#define NUNITS (sizeof(units) / sizeof(units[0]))

/* The n characters at w as a time word (0) or an instruction word (1): its row, or -1. */
static int row_of(const char *w, size_t n, int column)
{
	size_t i;

	for (i = 0; i < NUNITS; i++) {
		const char *u = column ? units[i].instructions : units[i].time;

		if (strlen(u) == n && !strncmp(w, u, n))
			return (int)i;
	}
	return -1;
}

/* A unit is a numerator and, after a '/', a denominator: "ns", "pages/s", "us/MiB". */
struct parts {
	const char *num, *den;	/* den: NULL without a '/' */
	size_t num_len;
	int num_row, den_row;	/* in units[], or -1 */
};

static void split(const char *unit, int column, struct parts *p)
{
	p->num = unit;
	p->num_len = strcspn(unit, "/");
	p->den = unit[p->num_len] == '/' ? unit + p->num_len + 1 : NULL;
	p->num_row = row_of(p->num, p->num_len, column);
	p->den_row = p->den ? row_of(p->den, strlen(p->den), column) : -1;
}

bool timeunit_is_time(const char *unit)
{
	struct parts p;

	split(unit, 0, &p);
	return p.num_row >= 0 || p.den_row >= 0;
}

bool timeunit_is_instructions(const char *unit)
{
	struct parts p;

	split(unit, 1, &p);
	return p.num_row >= 0 || p.den_row >= 0;
}

bool timeunit_instructions(const char *unit, char *buf, size_t len)
{
	struct parts p;
	const char *den;

	split(unit, 0, &p);
	if (p.num_row < 0 && p.den_row < 0)
		return false;
	den = p.den_row >= 0 ? units[p.den_row].instructions : p.den;
	if (p.num_row < 0)	/* a rate per time: "pages/s" */
		snprintf(buf, len, "%.*s/%s", (int)p.num_len, p.num, den);
	else			/* a time, or a time per something: "ns", "us/MiB" */
		snprintf(buf, len, "%s%s%s", units[p.num_row].instructions, den ? "/" : "",
			 den ?: "");
	return true;
}

/* The n characters from at stand alone: no letter either side ("p50ns", "punch us"). */
static bool alone(const char *text, const char *at, size_t n)
{
	char before = at > text ? at[-1] : ' ', after = at[n];

	return !((before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z')) &&
	       !((after >= 'a' && after <= 'z') || (after >= 'A' && after <= 'Z'));
}

bool timeunit_rename(const char *text, const char *unit, char *buf, size_t len)
{
	struct parts p;
	const char *word, *ins, *at;
	size_t n;

	split(unit, 0, &p);
	if (p.num_row >= 0) {
		word = units[p.num_row].time;
		ins = units[p.num_row].instructions;
	} else if (p.den_row >= 0) {
		/* a rate per time: the word after a '/' in text */
		word = units[p.den_row].time;
		ins = units[p.den_row].instructions;
	} else {
		return false;
	}
	n = strlen(word);
	for (at = strstr(text, word); at; at = strstr(at + 1, word))
		if (alone(text, at, n) && (p.num_row >= 0 || (at > text && at[-1] == '/')))
			break;
	if (!at)
		return false;
	snprintf(buf, len, "%.*s%s%s", (int)(at - text), text, ins, at + n);
	return true;
}
