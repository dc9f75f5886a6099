/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Text in words on lines of at most 80 columns: the one word wrapper of
 * `fabench list`, the run summary, report.txt and `fabench probe`.
 *
 * The text goes after col columns already on the line; a word that does
 * not fit there starts the next line, which is indented by indent spaces.
 * Spaces between words are printed as they are within a line and dropped
 * where a line breaks.  A word longer than a line is broken after its last
 * '/' or ',' that fits (a path, a comma list), else cut at the line's end,
 * and continues on the next line: nothing is dropped.  TEXTWRAP_NBSP ('\1')
 * joins two words: it is printed as a space but never broken at.  The last
 * line is ended with '\n'.
 */
#ifndef FABENCH_TEXTWRAP_H
#define FABENCH_TEXTWRAP_H

#include <stdio.h>

#define TEXTWRAP_COLS 80
#define TEXTWRAP_NBSP '\1'

/*
 * text, its words separated by spaces: "  name      " then
 * textwrap(out, 12, help, 12) hangs help's lines under its first word.
 */
void textwrap(FILE *out, int col, const char *text, int indent);

/*
 * n words, a space before each but at column 0 ("[run]", then the words
 * "order=interleave" ...); a word's own spaces join like TEXTWRAP_NBSP.
 */
void textwrap_words(FILE *out, int col, const char *const *word, int n, int indent);

#endif
