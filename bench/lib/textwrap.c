// SPDX-License-Identifier: GPL-2.0-only
/* Text in words on lines of at most 80 columns (textwrap.h). */
#include <string.h>

#include "bench/lib/textwrap.h"

struct wrapper {
	FILE *out;
	int col;		/* columns on the current line */
	int indent;		/* of the next lines */
};

static void newline(struct wrapper *w)
{
	w->col = fprintf(w->out, "\n%*s", w->indent, "") - 1;
}

/* s[0..n), NBSP as a space */
static void put(struct wrapper *w, const char *s, int n)
{
	int i;

	for (i = 0; i < n; i++)
		fputc(s[i] == TEXTWRAP_NBSP ? ' ' : s[i], w->out);
	w->col += n;
}

/*
 * How much of a word of n characters goes on a line with room columns
 * left: all of it if it fits, else up to its last '/' or ',' within room
 * (not a first character alone), else room.
 */
static int word_break(const char *s, int n, int room)
{
	int i;

	if (n <= room)
		return n;
	for (i = room; i > 1; i--)
		if (s[i - 1] == '/' || s[i - 1] == ',')
			return i;
	return room;
}

/* A word s[0..n) after gap spaces (the gap is dropped at a line break). */
static void place(struct wrapper *w, int gap, const char *s, int n)
{
	int room, take;

	/* the next line only when it has more room: never past its indent */
	if (w->col + gap + n > TEXTWRAP_COLS && w->col + gap > w->indent) {
		newline(w);
		gap = 0;
	}
	fprintf(w->out, "%*s", gap, "");
	w->col += gap;
	for (;;) {
		/* at least one character a line, whatever col and indent are */
		room = TEXTWRAP_COLS - w->col;
		take = word_break(s, n, room > 1 ? room : 1);
		put(w, s, take);
		s += take;
		n -= take;
		if (!n)
			break;
		newline(w);
	}
}

void textwrap(FILE *out, int col, const char *text, int indent)
{
	struct wrapper w = { out, col, indent };
	int gap, n;

	for (;;) {
		gap = (int)strspn(text, " ");
		text += gap;
		n = (int)strcspn(text, " ");
		if (!n)
			break;
		place(&w, gap, text, n);
		text += n;
	}
	fputc('\n', out);
}

void textwrap_words(FILE *out, int col, const char *const *word, int n, int indent)
{
	struct wrapper w = { out, col, indent };
	int i;

	for (i = 0; i < n; i++)
		if (word[i][0])
			place(&w, w.col ? 1 : 0, word[i], (int)strlen(word[i]));
	fputc('\n', out);
}
