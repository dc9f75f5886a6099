/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Time units, and what they count where a guest's clock counts
 * instructions (QEMU icount: one ns of guest time per instruction):
 * "ns" -> "ins", "us" -> "Kins", "ms" -> "Mins", "s" -> "Gins", a rate per
 * second ("pages/s") -> per Gins ("pages/Gins").  The one table, for the
 * run's summary and for every report of analysis/.
 */
#ifndef FABENCH_TIMEUNIT_H
#define FABENCH_TIMEUNIT_H

#include <stdbool.h>
#include <stddef.h>

/* A time or a rate per time, as metrics declare them ("ns", "pages/s"). */
bool timeunit_is_time(const char *unit);
/* One of the instruction units timeunit_instructions() gives. */
bool timeunit_is_instructions(const char *unit);
/* unit as instructions into buf; false, buf untouched, where unit is no time */
bool timeunit_instructions(const char *unit, char *buf, size_t len);
/*
 * text (a column header: "ns/page", "p50ns", "punch us", "pages/s") with
 * its first mention of the time in unit replaced by the instruction
 * unit, into buf; false, buf untouched, where unit is no time or text does
 * not mention it.
 */
bool timeunit_rename(const char *text, const char *unit, char *buf, size_t len);

#endif /* FABENCH_TIMEUNIT_H */
