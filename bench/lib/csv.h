/* SPDX-License-Identifier: GPL-2.0-only */
/* CSV output shared by the result writers and analysis. */
#ifndef FABENCH_CSV_H
#define FABENCH_CSV_H

#include <stdio.h>

/* s as one CSV field: quoted (quotes doubled) if it holds , " or a newline. */
void csv_field(FILE *f, const char *s);

#endif /* FABENCH_CSV_H */
