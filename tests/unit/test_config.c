// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for bench/config.[ch] and bench/matrix.[ch]: loading configs
 * written by the test into a temporary directory, defaults, -p overrides,
 * matrix expansion order, and the single "FILE:LINE: ..." error line that
 * every bad config must produce on stderr.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/harness/config.h"
#include "bench/harness/matrix.h"
#include "tests/unit/scratch.h"

extern const struct workload fault_read_workload;

#define MEM_PLENTY (16ull << 30)	/* so sizes are never memory bound */

static char tmpdir[SCRATCH_DIR_MAX];

static int group_setup(void **state)
{
	(void)state;
	return scratch_make(tmpdir, "test-config");
}

static int group_teardown(void **state)
{
	(void)state;
	return scratch_remove(tmpdir);
}

/* struct config is megabytes: one on the heap per test */
static int cfg_setup(void **state)
{
	*state = calloc(1, sizeof(struct config));
	return *state ? 0 : -1;
}

static int cfg_teardown(void **state)
{
	free(*state);
	return 0;
}

static void conf_path(const char *name, char *path, size_t len)
{
	assert_true((size_t)snprintf(path, len, "%s/%s.conf", tmpdir, name) < len);
}

static void write_conf(const char *name, const char *text, char *path,
		       size_t len)
{
	char file[NAME_MAX + 1];

	assert_true((size_t)snprintf(file, sizeof(file), "%s.conf", name) < sizeof(file));
	scratch_put(tmpdir, file, text);
	conf_path(name, path, len);
}

/* config_load with fd 2 sent to a file; what it printed goes to err. */
static int load_capture(struct config *cfg, const char *path,
			char *const *ov, int nov, uint64_t mem,
			char *err, size_t errlen)
{
	char cap[PATH_MAX];
	int fd, saved, rc;
	ssize_t n;

	snprintf(cap, sizeof(cap), "%s/stderr-XXXXXX", tmpdir);
	fd = mkstemp(cap);
	assert_true(fd >= 0);
	unlink(cap);
	fflush(stderr);
	saved = dup(2);
	assert_true(saved >= 0);
	assert_true(dup2(fd, 2) == 2);
	rc = config_load(cfg, path, ov, nov, mem);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = pread(fd, err, errlen - 1, 0);
	close(fd);
	err[n > 0 ? n : 0] = '\0';
	return rc;
}

static void load_good(struct config *cfg, const char *name, const char *text,
		      char *const *ov, int nov)
{
	char path[PATH_MAX], err[1024];

	write_conf(name, text, path, sizeof(path));
	if (load_capture(cfg, path, ov, nov, MEM_PLENTY, err, sizeof(err)))
		fail_msg("%s: config_load failed: %s", name, err);
	assert_string_equal(err, "");
}

static void assert_one_line(const char *err)
{
	size_t len = strlen(err);

	if (!len || strchr(err, '\n') != err + len - 1)
		fail_msg("expected exactly one line on stderr, got \"%s\"", err);
}

static void assert_contains(const char *err, const char *needle)
{
	if (needle && !strstr(err, needle))
		fail_msg("stderr \"%s\" lacks \"%s\"", err, needle);
}

/*
 * Load text (expect -1) and check the one error line: it names FILE:LINE
 * (line > 0) and contains both needles (either may be NULL).
 */
static void load_bad(struct config *cfg, const char *name, const char *text,
		     uint64_t mem, int line, const char *n1, const char *n2)
{
	char path[PATH_MAX], where[PATH_MAX + 16], err[1024];

	write_conf(name, text, path, sizeof(path));
	assert_int_equal(load_capture(cfg, path, NULL, 0, mem, err,
				      sizeof(err)), -1);
	assert_one_line(err);
	snprintf(where, sizeof(where), "%s:%d: ", path, line);
	assert_contains(err, where);
	assert_contains(err, n1);
	assert_contains(err, n2);
}

/* A -p override that must fail with one line containing needle. */
static void override_bad(struct config *cfg, const char *ov,
			 const char *needle)
{
	char path[PATH_MAX], err[1024];
	char *const ovs[] = { (char *)ov };

	write_conf("ovbase", "[fault_read]\nsize = 64M\n", path, sizeof(path));
	assert_int_equal(load_capture(cfg, path, ovs, 1, MEM_PLENTY, err,
				      sizeof(err)), -1);
	assert_one_line(err);
	assert_contains(err, needle);
}

static int key_index(const char *name)
{
	int idx = -1;

	assert_non_null(param_find(fault_read_workload.params, name, &idx));
	return idx;
}

static const struct config_key *fr_key(const struct config_section *sec,
				       const char *name)
{
	return &sec->keys[key_index(name)];
}

/* ------------------------------------------------------------------ */

static const char good_conf[] =
	"; two backends, two uffd modes, two timings\n"	/* 1 */
	"[run]\n"					/* 2 */
	"repeat = 3\n"					/* 3 */
	"timing = throughput, latency\n"		/* 4 */
	"cpus = 0,1\n"					/* 5 */
	"\n"						/* 6 */
	"[fault_read]\n"				/* 7 */
	"backend = memfd, shm\n"			/* 8 */
	"uffd = none, wp\n";				/* 9 */

static void test_good_values(void **state)
{
	struct config *cfg = *state;
	const struct config_section *sec = &cfg->sections[0];

	load_good(cfg, "good", good_conf, NULL, 0);
	assert_int_equal(cfg->nsections, 1);
	assert_string_equal(sec->name, "fault_read");
	assert_ptr_equal(sec->wl, &fault_read_workload);
	assert_int_equal(sec->line, 7);
	assert_int_equal(fr_key(sec, "backend")->nvals, 2);
	assert_int_equal(fr_key(sec, "backend")->line, 8);
	assert_string_equal(fr_key(sec, "backend")->vals[1].text, "shm");
	assert_int_equal(fr_key(sec, "uffd")->nvals, 2);
	assert_int_equal(fr_key(sec, "uffd")->vals[1].idx, 2);	/* wp */
	assert_int_equal(config_run_value(cfg, RP_REPEAT)->num, 3);
	assert_int_equal(cfg->run.keys[RP_TIMING].nvals, 2);
}

static void test_cpus_list_is_one_value(void **state)
{
	struct config *cfg = *state;

	load_good(cfg, "cpus", good_conf, NULL, 0);
	assert_int_equal(cfg->run.keys[RP_CPUS].nvals, 1);
	assert_string_equal(config_run_value(cfg, RP_CPUS)->text, "0,1");
	assert_int_equal(cfg->run.keys[RP_CPUS].line, 5);
}

static void test_matrix_order(void **state)
{
	/* backend slowest, then uffd, timing fastest: 2 * 2 * 2 */
	static const char *const expect[8][3] = {
		{ "memfd", "none", "throughput" }, { "memfd", "none", "latency" },
		{ "memfd", "wp", "throughput" },   { "memfd", "wp", "latency" },
		{ "shm", "none", "throughput" },   { "shm", "none", "latency" },
		{ "shm", "wp", "throughput" },     { "shm", "wp", "latency" },
	};
	struct config *cfg = *state;
	int i, be = key_index("backend"), uf = key_index("uffd");
	struct matrix m;

	load_good(cfg, "order", good_conf, NULL, 0);
	assert_int_equal(matrix_expand(cfg, &m), 0);
	assert_int_equal(m.npoints, 8);
	for (i = 0; i < 8; i++) {
		assert_int_equal(m.points[i].index, i);
		assert_ptr_equal(m.points[i].sec, &cfg->sections[0]);
		assert_string_equal(m.points[i].vals[be].text, expect[i][0]);
		assert_string_equal(m.points[i].vals[uf].text, expect[i][1]);
		assert_string_equal(m.points[i].run[RP_TIMING].text, expect[i][2]);
		assert_int_equal(m.points[i].run[RP_REPEAT].num, 3);
	}
	matrix_free(&m);
	assert_null(m.points);
}

static void test_tagged_section(void **state)
{
	static const char text[] =
		"[fault_read]\n"
		"uffd = none, wp\n"
		"[fault_read.holes]\n"
		"cache = holes\n"
		"uffd = none, missing, wp\n";
	static const char *const uffd[5] = {
		"none", "wp", "none", "missing", "wp"
	};
	struct config *cfg = *state;
	int i, uf = key_index("uffd"), ca = key_index("cache");
	struct matrix m;

	load_good(cfg, "tagged", text, NULL, 0);
	assert_int_equal(cfg->nsections, 2);
	assert_string_equal(cfg->sections[1].name, "fault_read.holes");
	assert_ptr_equal(cfg->sections[1].wl, &fault_read_workload);
	/* 2 points, then the tag's own 3, in file order */
	assert_int_equal(matrix_expand(cfg, &m), 0);
	assert_int_equal(m.npoints, 5);
	for (i = 0; i < 5; i++) {
		assert_ptr_equal(m.points[i].sec, &cfg->sections[i < 2 ? 0 : 1]);
		assert_string_equal(m.points[i].vals[uf].text, uffd[i]);
		assert_string_equal(m.points[i].vals[ca].text,
				    i < 2 ? "populated" : "holes");
	}
	matrix_free(&m);
}

static void test_defaults(void **state)
{
	struct config *cfg = *state;
	const struct config_section *sec = &cfg->sections[0];

	load_good(cfg, "defaults", "[fault_read]\nbackend = anon\n", NULL, 0);
	assert_string_equal(fr_key(sec, "size")->vals[0].text, "64M");
	assert_int_equal(fr_key(sec, "size")->vals[0].num, 64ull << 20);
	assert_int_equal(fr_key(sec, "size")->line, 0);
	assert_string_equal(fr_key(sec, "cache")->vals[0].text, "populated");
	assert_string_equal(fr_key(sec, "pattern")->vals[0].text, "seq");
	assert_int_equal(fr_key(sec, "tasks")->vals[0].num, 1);
	assert_string_equal(fr_key(sec, "uffd")->vals[0].text, "none");
	assert_int_equal(config_run_value(cfg, RP_REPEAT)->num, 5);
	assert_int_equal(config_run_value(cfg, RP_WARMUP)->num, 1);
	assert_string_equal(config_run_value(cfg, RP_CPUS)->text, "all");
	assert_string_equal(config_run_value(cfg, RP_TIMING)->text, "throughput");
	assert_int_equal(config_run_value(cfg, RP_SEED)->num, 1);
}

static void test_overrides(void **state)
{
	static const char text[] =
		"[run]\nrepeat = 2\n"
		"[fault_read]\nsize = 64M, 1G\n"
		"[fault_read.holes]\nuffd = none, wp\n";
	char *const ov[] = {
		"fault_read.size=128M, 256M", "run.repeat=7",
		"fault_read.holes.uffd=minor",
	};
	struct config *cfg = *state;
	const struct config_key *size, *uffd;

	load_good(cfg, "override", text, ov, 3);
	size = fr_key(&cfg->sections[0], "size");
	uffd = fr_key(&cfg->sections[1], "uffd");
	/* the file's list is replaced, not appended to */
	assert_int_equal(size->nvals, 2);
	assert_string_equal(size->vals[0].text, "128M");
	assert_int_equal(size->vals[1].num, 256ull << 20);
	assert_int_equal(size->line, -1);
	assert_int_equal(config_run_value(cfg, RP_REPEAT)->num, 7);
	assert_int_equal(uffd->nvals, 1);
	assert_string_equal(uffd->vals[0].text, "minor");
}

static void test_override_missing_section(void **state)
{
	override_bad(*state, "fault_raed.size=64M", "no section [fault_raed]");
}

static void test_override_missing_tag(void **state)
{
	override_bad(*state, "fault_read.holes.size=64M",
		     "no section [fault_read.holes]");
}

static void test_override_bad_value(void **state)
{
	override_bad(*state, "fault_read.size=0", "expected");
}

static void test_override_bad_key(void **state)
{
	override_bad(*state, "fault_read.szie=64M", "did you mean 'size'");
}

static void test_override_syntax(void **state)
{
	override_bad(*state, "fault_read.size", "section.key=value");
}

/* ------------------------------------------------------------------ */

static void test_bad_key_typo(void **state)
{
	load_bad(*state, "typo",
		 "[fault_read]\n"
		 "backend = memfd\n"
		 "szie = 64M\n", MEM_PLENTY, 3, "'szie'", "did you mean 'size'");
}

static void test_bad_size_zero(void **state)
{
	load_bad(*state, "size0",
		 "[fault_read]\n"
		 "size = 0\n", MEM_PLENTY, 2, "size = 0", "expected");
}

static void test_bad_size_memory(void **state)
{
	/* 2G > 1G available; the first value of the list is fine */
	load_bad(*state, "sizemem",
		 "[run]\n"
		 "repeat = 1\n"
		 "[fault_read]\n"
		 "size = 64M, 2G\n", 1ull << 30, 4, "2G", "MemAvailable 1G");
}

static void test_bad_uffd_mode(void **state)
{
	load_bad(*state, "uffd",
		 "[fault_read]\n"
		 "backend = memfd\n"
		 "uffd = none, bogus\n", MEM_PLENTY, 3, "bogus",
		 "none|missing|wp|minor");
}

static void test_bad_section(void **state)
{
	load_bad(*state, "section",
		 "[run]\n"
		 "[fault_raed]\n"
		 "size = 64M\n", MEM_PLENTY, 2, "unknown section [fault_raed]",
		 "[fault_read]");
}

static void test_bad_empty_tag(void **state)
{
	load_bad(*state, "emptytag",
		 "[fault_read.]\n"
		 "size = 64M\n", MEM_PLENTY, 1, "unknown section [fault_read.]",
		 NULL);
}

static void test_bad_first_error_wins(void **state)
{
	/* line 3 is also wrong (a duplicate), but line 1 is reported */
	load_bad(*state, "first",
		 "[fault_raed]\n"
		 "[fault_read]\n"
		 "[fault_read]\n", MEM_PLENTY, 1, "unknown section [fault_raed]",
		 NULL);
}

static void test_bad_key_outside_section(void **state)
{
	load_bad(*state, "outside",
		 "; no header yet\n"
		 "repeat = 3\n"
		 "[fault_read]\n", MEM_PLENTY, 2, "'repeat'", "outside any section");
}

static void test_bad_duplicate_key(void **state)
{
	load_bad(*state, "dupkey",
		 "[fault_read]\n"
		 "size = 64M\n"
		 "backend = shm\n"
		 "size = 128M\n", MEM_PLENTY, 4, "'size' set twice",
		 "first on line 2");
}

static void test_bad_duplicate_section(void **state)
{
	load_bad(*state, "dupsec",
		 "[fault_read]\n"
		 "size = 64M\n"
		 "[fault_read]\n"
		 "size = 128M\n", MEM_PLENTY, 3, "[fault_read] appears twice",
		 "first on line 1");
}

static void test_bad_duplicate_run(void **state)
{
	load_bad(*state, "duprun",
		 "[run]\n"
		 "[fault_read]\n"
		 "[run]\n", MEM_PLENTY, 3, "[run] appears twice", NULL);
}

static void test_bad_scalar_list(void **state)
{
	load_bad(*state, "scalar",
		 "[run]\n"
		 "repeat = 1, 2\n"
		 "[fault_read]\n", MEM_PLENTY, 2, "repeat", "not a list");
}

static void test_bad_repeat_zero(void **state)
{
	load_bad(*state, "repeat0",
		 "[fault_read]\n"
		 "[run]\n"
		 "repeat = 0\n", MEM_PLENTY, 3, "repeat = 0", "1..10000");
}

static void test_bad_no_value(void **state)
{
	load_bad(*state, "novalue",
		 "[fault_read]\n"
		 "size =\n", MEM_PLENTY, 2, "no value", NULL);
}

static void test_bad_syntax(void **state)
{
	load_bad(*state, "syntax",
		 "[fault_read]\n"
		 "backend = memfd\n"
		 "this line has no equals sign\n"
		 "uffd = wp\n", MEM_PLENTY, 3, "syntax error", NULL);
}

static void test_bad_empty_matrix(void **state)
{
	struct config *cfg = *state;
	char path[PATH_MAX], where[PATH_MAX + 16], err[1024];

	write_conf("runonly", "[run]\nrepeat = 2\n", path, sizeof(path));
	assert_int_equal(load_capture(cfg, path, NULL, 0, MEM_PLENTY, err,
				      sizeof(err)), -1);
	assert_one_line(err);
	/* no line number: "PATH: empty matrix..." */
	snprintf(where, sizeof(where), "%s: empty matrix", path);
	assert_contains(err, where);
	assert_contains(err, "[fault_read]");
}

static void test_bad_missing_file(void **state)
{
	struct config *cfg = *state;
	char path[PATH_MAX], err[1024];

	conf_path("does-not-exist", path, sizeof(path));
	assert_int_equal(load_capture(cfg, path, NULL, 0, MEM_PLENTY, err,
				      sizeof(err)), -1);
	assert_one_line(err);
	assert_contains(err, path);
	assert_contains(err, "cannot open");
}

/* A syntax error before a bad key is the error reported (the first one). */
static void test_bad_syntax_before_key(void **state)
{
	load_bad(*state, "synfirst",
		 "[fault_read]\n"
		 "oops\n"
		 "szie = 64M\n", MEM_PLENTY, 2, "syntax error", NULL);
}

/* A line longer than the parser takes is an error, not two lines. */
static void test_bad_long_line(void **state)
{
	char text[512];

	snprintf(text, sizeof(text), "[fault_read]\nsize = %0250d\n", 1);
	load_bad(*state, "longline", text, MEM_PLENTY, 2, "longer than", NULL);
}

/* Indented lines are keys of their own, not continuations. */
static void test_indented_lines(void **state)
{
	struct config *cfg = *state;

	load_good(cfg, "indent",
		  "  [run]\n"
		  "\ttiming = latency\n"
		  "  [fault_read]\n"
		  "  backend = shm\n"
		  "  size = 1M\n", NULL, 0);
	assert_int_equal(cfg->nsections, 1);
	assert_string_equal(fr_key(&cfg->sections[0], "backend")->vals[0].text, "shm");
	assert_string_equal(fr_key(&cfg->sections[0], "size")->vals[0].text, "1M");
	assert_string_equal(config_run_value(cfg, RP_TIMING)->text, "latency");
}

/* A UTF-8 byte-order mark before the first header is ignored. */
static void test_bom(void **state)
{
	struct config *cfg = *state;

	load_good(cfg, "bom", "\xEF\xBB\xBF[run]\nrepeat = 3\n[fault_read]\n", NULL, 0);
	assert_int_equal(config_run_value(cfg, RP_REPEAT)->num, 3);
}

/* The default size (64M) is checked against memory too: 32M available. */
static void test_bad_default_size_memory(void **state)
{
	load_bad(*state, "defsize",
		 "[fault_read]\n"
		 "backend = memfd\n", 32ull << 20, 1, "(the default)", "MemAvailable");
}

/* "0, 1" is the CPU list 0,1; a trailing comma is not a list. */
/* shmem_folio: default or a power-of-two size, canonical K or M; which exist is the kernel's */
static void test_shmem_folio_values(void **state)
{
	struct config *cfg = *state;
	const struct config_key *k = &cfg->run.keys[RP_SHMEM_FOLIO];

	load_good(cfg, "folio",
		  "[run]\n"
		  "shmem_folio = default, 4k, 64K, 2048K, 2M, 32K\n"
		  "[fault_read]\n"
		  "backend = anon\n", NULL, 0);
	assert_int_equal(k->nvals, 6);
	assert_string_equal(k->vals[0].text, "default");
	assert_int_equal(k->vals[0].num, 0);
	assert_string_equal(k->vals[1].text, "4K");
	assert_string_equal(k->vals[2].text, "64K");
	assert_int_equal(k->vals[2].num, 64);
	assert_string_equal(k->vals[3].text, "2M");
	assert_string_equal(k->vals[4].text, "2M");
	assert_int_equal(k->vals[4].num, 2048);
}

static void test_bad_shmem_folio(void **state)
{
	static const char *const bad[] = { "48K", "2K", "64", "64KB", "2G", "x" };
	char text[128];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "[run]\nshmem_folio = 64K, %s\n[fault_read]\n",
			 bad[i]);
		load_bad(*state, "badfolio", text, MEM_PLENTY, 2, "shmem_folio",
			 "expected default or a power-of-two size 4K..1G");
	}
}

static void test_cpus_spaces_and_trailing_comma(void **state)
{
	struct config *cfg = *state;

	load_good(cfg, "cpusp", "[run]\ncpus = 0, 1\n[fault_read]\n", NULL, 0);
	assert_int_equal(cfg->run.keys[RP_CPUS].nvals, 1);
	load_bad(cfg, "cpucomma", "[run]\ncpus = 0,\n[fault_read]\n", MEM_PLENTY, 2,
		 "CPU list", NULL);
}

#define CFG_TEST(f) cmocka_unit_test_setup_teardown(f, cfg_setup, cfg_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		CFG_TEST(test_good_values),
		CFG_TEST(test_cpus_list_is_one_value),
		CFG_TEST(test_matrix_order),
		CFG_TEST(test_tagged_section),
		CFG_TEST(test_defaults),
		CFG_TEST(test_overrides),
		CFG_TEST(test_override_missing_section),
		CFG_TEST(test_override_missing_tag),
		CFG_TEST(test_override_bad_value),
		CFG_TEST(test_override_bad_key),
		CFG_TEST(test_override_syntax),
		CFG_TEST(test_bad_key_typo),
		CFG_TEST(test_bad_size_zero),
		CFG_TEST(test_bad_size_memory),
		CFG_TEST(test_bad_uffd_mode),
		CFG_TEST(test_bad_section),
		CFG_TEST(test_bad_empty_tag),
		CFG_TEST(test_bad_first_error_wins),
		CFG_TEST(test_bad_key_outside_section),
		CFG_TEST(test_bad_duplicate_key),
		CFG_TEST(test_bad_duplicate_section),
		CFG_TEST(test_bad_duplicate_run),
		CFG_TEST(test_bad_scalar_list),
		CFG_TEST(test_bad_repeat_zero),
		CFG_TEST(test_bad_no_value),
		CFG_TEST(test_bad_syntax),
		CFG_TEST(test_bad_empty_matrix),
		CFG_TEST(test_bad_missing_file),
		CFG_TEST(test_bad_syntax_before_key),
		CFG_TEST(test_bad_long_line),
		CFG_TEST(test_indented_lines),
		CFG_TEST(test_bom),
		CFG_TEST(test_bad_default_size_memory),
		CFG_TEST(test_cpus_spaces_and_trailing_comma),
		CFG_TEST(test_shmem_folio_values),
		CFG_TEST(test_bad_shmem_folio),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
