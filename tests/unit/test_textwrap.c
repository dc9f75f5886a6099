// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for bench/textwrap.[ch]: no line over 80 columns, a word that
 * fits a line never split, continuation lines hanging at the indent, a long
 * path broken after a '/', NBSP holding two words together, and the exact
 * output for the layouts of `fabench list`, report.txt and the summary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/lib/prng.h"
#include "bench/lib/textwrap.h"

#define COLS TEXTWRAP_COLS

/* head, then text wrapped after it (head's length is col); free() it */
static char *wrapped(const char *head, const char *text, int indent)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	textwrap(f, fprintf(f, "%s", head), text, indent);
	fclose(f);
	return buf;
}

static char *wrapped_words(const char *head, const char *const *word, int n, int indent)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	textwrap_words(f, fprintf(f, "%s", head), word, n, indent);
	fclose(f);
	return buf;
}

static void expect(char *seen, const char *want)
{
	if (strcmp(seen, want))
		fail_msg("expected\n%s---- saw\n%s----", want, seen);
	free(seen);
}

/* "  name      " and the help hanging under its first word, as in list */
static void test_exact_list(void **s)
{
	(void)s;
	expect(wrapped("  wp_range   ",
		       "whether the range is registered (empty ptes, no markers) or "
		       "write-protected after the populate", 13),
	       "  wp_range   whether the range is registered (empty ptes, no markers) or\n"
	       "             write-protected after the populate\n");
	/* short text: one line, its ending spaces dropped */
	expect(wrapped("  size       ", "mapping size  ", 13), "  size       mapping size\n");
	expect(wrapped("x", "", 4), "x\n");
}

/*
 * The spaces before the first word count: at column 6 with indent 6, " "
 * and a word of 74 do not fit, the word alone on the next line does.
 */
static void test_leading_spaces(void **s)
{
	char text[80], want[96];

	(void)s;
	memset(text, 'w', 75);
	text[0] = ' ';
	text[75] = '\0';
	snprintf(want, sizeof(want), "[name]\n      %s\n", text + 1);
	expect(wrapped("[name]", text, 6), want);
	/* one shorter: on the first line, the space with it */
	text[74] = '\0';
	snprintf(want, sizeof(want), "[name]%s\n", text);
	expect(wrapped("[name]", text, 6), want);
}

/* report.txt's "  name  value": a 24-column name, the value under itself */
static void test_exact_report(void **s)
{
	(void)s;
	expect(wrapped("  fault_around_bytes    ",
		       "unsupported: EPERM reading /sys/kernel/debug/fault_around_bytes", 24),
	       "  fault_around_bytes    unsupported: EPERM reading\n"
	       "                        /sys/kernel/debug/fault_around_bytes\n");
	/* spaces inside a line are kept as they are ("Jan  4") */
	expect(wrapped("  kernel version        ", "#1 SMP Thu Jan  4 12:00:00 UTC 2024", 24),
	       "  kernel version        #1 SMP Thu Jan  4 12:00:00 UTC 2024\n");
	/* the guest line: from column 0, the next lines indented by 2 */
	expect(wrapped("", "guest: x86_64 kernel stock (6.1.0), qemu TCG: times emulated: "
		       "do not compare them with a native run", 2),
	       "guest: x86_64 kernel stock (6.1.0), qemu TCG: times emulated: do not compare\n"
	       "  them with a native run\n");
}

/* A path longer than a line: broken after its last '/' that fits. */
static void test_long_path(void **s)
{
	(void)s;
	expect(wrapped("tracepoint         ",
		       "present (id 598, /sys/kernel/tracing/events/filemap/"
		       "mm_filemap_map_pages/id_and_a_longer_tail_than_fits)", 19),
	       "tracepoint         present (id 598,\n"
	       "                   /sys/kernel/tracing/events/filemap/mm_filemap_map_pages/\n"
	       "                   id_and_a_longer_tail_than_fits)\n");
	/* then after a ',', and a word with neither is cut at the line's end */
	expect(wrapped("", "4k,8k,16k,32k,64k,128k,256k,512k,1M,2M,4M,8M,16M,32M,64M,128M,"
		       "256M,512M,1G,2G,4G,8G,16G", 0),
	       "4k,8k,16k,32k,64k,128k,256k,512k,1M,2M,4M,8M,16M,32M,64M,128M,256M,512M,1G,2G,\n"
	       "4G,8G,16G\n");
	expect(wrapped("ab ",
		       "01234567890123456789012345678901234567890123456789012345678901234567890123456789xyz",
		       3),
	       "ab 01234567890123456789012345678901234567890123456789012345678901234567890123456\n"
	       "   789xyz\n");
	/* a lone leading '/' is no place to break */
	expect(wrapped("",
		       "/0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567",
		       0),
	       "/0123456789012345678901234567890123456789012345678901234567890123456789012345678\n"
	       "901234567\n");
}

/* NBSP: printed as a space, never broken at; the pair moves as one word. */
static void test_nbsp(void **s)
{
	char *out;

	(void)s;
	/* "default" alone would fit the first line, "default missing+minor" not */
	out = wrapped("               ", "enum none|missing|wp|minor|missing+wp|wp+minor; "
		      "default\1missing+minor", 15);
	if (strstr(out, "default\n") || !strstr(out, "\n               default missing+minor\n"))
		fail_msg("default and its value apart:\n%s", out);
	expect(out, "               enum none|missing|wp|minor|missing+wp|wp+minor;\n"
	       "               default missing+minor\n");
	expect(wrapped("", "a\1b c", 0), "a b c\n");
}

/* The summary's words: a space before each, spaces inside one kept. */
static void test_words(void **s)
{
	static const char *const ov[] = {
		"fault_read.size=16M", "run.repeat=3", "fault_read.uffd=none, wp, minor",
		"", "dirty_uffd_wp.pages=256", "dirty_uffd_wp.handlers=1",
	};

	(void)s;
	expect(wrapped_words("overrides:", ov, 6, 4),
	       "overrides: fault_read.size=16M run.repeat=3 fault_read.uffd=none, wp, minor\n"
	       "    dirty_uffd_wp.pages=256 dirty_uffd_wp.handlers=1\n");
	expect(wrapped_words("[run]", ov + 1, 1, 4), "[run] run.repeat=3\n");
	expect(wrapped_words("", ov, 2, 4), "fault_read.size=16M run.repeat=3\n");
	expect(wrapped_words("[a]", ov, 0, 4), "[a]\n");
}

/* A pseudo-random text: words, one or two spaces before each. */
struct sample {
	int col, indent, nw;
	char word[20][128];
	char text[20 * 130];
};

static void sample(struct sample *c, uint64_t *seed)
{
	static const char alpha[] = "abcdefghij/,.-";
	int i, j, len;

	c->nw = 1 + (int)(prng_next(seed) % 20);
	c->col = (int)(prng_next(seed) % 40);
	c->indent = (int)(prng_next(seed) % 30);
	c->text[0] = '\0';
	for (i = 0; i < c->nw; i++) {
		/* mostly short words, one in eight up to 120 characters */
		len = 1 + (int)(prng_next(seed) % (prng_next(seed) % 8 ? 14 : 120));
		for (j = 0; j < len; j++)
			c->word[i][j] = alpha[prng_next(seed) % (prng_next(seed) % 6 ?
								 10 : sizeof(alpha) - 1)];
		c->word[i][len] = '\0';
		strcat(c->text, prng_next(seed) % 4 ? " " : "  ");
		strcat(c->text, c->word[i]);
	}
}

/*
 * The words of line (from column from) against c's, *wi words and *at
 * characters of the next one seen so far.
 */
static void check_words(const struct sample *c, char *line, int from, int *wi, int *at)
{
	const char *w;
	char *tok;
	int n, len;

	for (tok = strtok(line + from, " "); tok; tok = strtok(NULL, " ")) {
		if (*wi >= c->nw)
			fail_msg("\"%s\" beyond the words of \"%s\"", tok, c->text);
		w = c->word[*wi];
		n = (int)strlen(tok);
		len = (int)strlen(w);
		if (strncmp(w + *at, tok, (size_t)n))
			fail_msg("\"%s\" is not the next of \"%s\"", tok, w);
		*at += n;
		if (*at == len) {
			++*wi;
			*at = 0;
			continue;
		}
		/* a piece: only of a word longer than a line, and it ends the line */
		if (len <= COLS - c->indent)
			fail_msg("\"%s\" split (indent %d)", w, c->indent);
		if (n != COLS - (int)(tok - line) && !strchr("/,", tok[n - 1]))
			fail_msg("piece \"%s\" of \"%s\" ends mid-line", tok, w);
	}
}

/*
 * Pseudo-random texts at pseudo-random columns and indents: every line
 * within 80 columns, the next ones indented by exactly indent, and the
 * words back in order: a word that fits a line as one piece, a longer one
 * in pieces that each fill their line or end it after '/' or ','.
 */
static void test_random(void **s)
{
	struct sample *c = malloc(sizeof(*c));
	char head[64], *out, *line, *next;
	uint64_t seed = 0x5eed;
	int t, j, wi, at;

	(void)s;
	assert_non_null(c);
	for (t = 0; t < 2000; t++) {
		sample(c, &seed);
		memset(head, 'h', (size_t)c->col);
		head[c->col] = '\0';
		out = wrapped(head, c->text, c->indent);
		wi = 0;
		at = 0;
		for (line = out, j = 0; *line; line = next, j++) {
			next = strchr(line, '\n');
			assert_non_null(next);
			*next++ = '\0';
			if ((int)strlen(line) > COLS)
				fail_msg("%d columns: \"%s\" (col %d, indent %d, text \"%s\")",
					 (int)strlen(line), line, c->col, c->indent, c->text);
			if (j && (strspn(line, " ") != (size_t)c->indent || !line[c->indent]))
				fail_msg("not indented by %d: \"%s\"", c->indent, line);
			check_words(c, line, j ? 0 : c->col, &wi, &at);
		}
		if (wi != c->nw)
			fail_msg("%d of %d words in the output of \"%s\"", wi, c->nw, c->text);
		free(out);
	}
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_list),
		cmocka_unit_test(test_leading_spaces),
		cmocka_unit_test(test_exact_report),
		cmocka_unit_test(test_long_path),
		cmocka_unit_test(test_nbsp),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
