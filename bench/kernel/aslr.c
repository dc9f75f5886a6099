// SPDX-License-Identifier: GPL-2.0-only
/* Address-space randomisation of this process; see aslr.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <unistd.h>

#include "bench/kernel/aslr.h"
#include "bench/kernel/sysinfo.h"

/* set in the new image: how ASLR was before the re-exec */
#define REEXEC_ENV "FABENCH_ASLR_BEFORE"

static int randomize_va_space(void)
{
	char buf[32];

	if (sysinfo_read_file("/proc/sys/kernel/randomize_va_space", buf, sizeof(buf)))
		return -1;
	return atoi(buf);
}

bool aslr_on(void)
{
	int p = personality(0xffffffff);

	return randomize_va_space() != 0 && !(p != -1 && (p & ADDR_NO_RANDOMIZE));
}

void aslr_describe(char *buf, size_t len)
{
	int p = personality(0xffffffff), r = randomize_va_space();

	if (r == 0)
		snprintf(buf, len, "off (randomize_va_space 0)");
	else if (p != -1 && (p & ADDR_NO_RANDOMIZE))
		snprintf(buf, len, "off (ADDR_NO_RANDOMIZE; randomize_va_space %d)", r);
	else if (r < 0)
		snprintf(buf, len, "on (randomize_va_space unreadable)");
	else
		snprintf(buf, len, "on (randomize_va_space %d)", r);
}

/* argv as the kernel has it, from /proc/self/cmdline; NULL on error */
static char **own_argv(void)
{
	static char buf[65536];
	char **argv;
	size_t n = 0, i, argc = 0;
	FILE *f = fopen("/proc/self/cmdline", "r");

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	if (!n || n == sizeof(buf) - 1)
		return NULL;
	buf[n] = '\0';
	for (i = 0; i < n; i++)
		argc += !buf[i];
	argv = calloc(argc + 1, sizeof(*argv));
	if (!argv)
		return NULL;
	for (i = 0, argc = 0; i < n; i += strlen(buf + i) + 1)
		argv[argc++] = buf + i;
	return argv;
}

void aslr_off_reexec(char *why, size_t len)
{
	char before[96];
	char **argv;
	int p;

	if (getenv(REEXEC_ENV)) {
		snprintf(why, len, "ADDR_NO_RANDOMIZE did not hold across exec");
		return;
	}
	p = personality(0xffffffff);
	argv = own_argv();
	if (p == -1 || !argv) {
		snprintf(why, len, "%s reading the personality or /proc/self/cmdline",
			 strerrorname_np(errno) ?: "error");
		free(argv);
		return;
	}
	aslr_describe(before, sizeof(before));
	if (personality((unsigned long)p | ADDR_NO_RANDOMIZE) == -1) {
		snprintf(why, len, "personality(ADDR_NO_RANDOMIZE): %s",
			 strerrorname_np(errno) ?: "error");
		free(argv);
		return;
	}
	setenv(REEXEC_ENV, before, 1);
	fflush(NULL);
	execv("/proc/self/exe", argv);
	snprintf(why, len, "re-executing /proc/self/exe: %s", strerrorname_np(errno) ?: "error");
	unsetenv(REEXEC_ENV);
	personality((unsigned long)p);
	free(argv);
}

bool aslr_reexeced(char *before, size_t len)
{
	const char *b = getenv(REEXEC_ENV);

	if (!b)
		return false;
	snprintf(before, len, "%s", b);
	return true;
}
