// SPDX-License-Identifier: GPL-2.0-only
/* CSV output; see csv.h. */
#include <string.h>

#include "bench/lib/csv.h"

void csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}
