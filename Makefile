# SPDX-License-Identifier: GPL-2.0-only
#
# make            build build/fabench (gcc)
# make bench      install packages if missing, build, run configs/default.conf
# make check      install packages if missing, build with gcc, clang and
#                 ASan/UBSan, run unit and integration tests
# make static     build/fabench-static (for QEMU guests)
# make compare A=DIR B=DIR
#                 fabench compare: the runs' means, changes and significance
# make regress BASELINE=DIR CURRENT=DIR
#                 fabench regress: exit 1 on a significant regression
# make arm64-pmu-test
#                 the arm64 PMU tables: tests/unit/arm64/ built for aarch64,
#                 run under qemu-user

CC ?= gcc
BUILD ?= build
CONFIG ?= configs/default.conf
LABEL ?=

WARN := -Wall -Wextra -Werror
CFLAGS ?= -O2 -g
CPPFLAGS += -D_GNU_SOURCE -Ibench -Iworkloads -Ianalysis -I$(BUILD)
ALL_CFLAGS = -std=gnu11 $(WARN) $(CFLAGS) $(CPPFLAGS)
LDLIBS = -linih -ljansson -lgsl -lgslcblas -lpfm -lhwloc -lpthread -lm

LIB_SRCS := $(filter-out bench/main.c,$(wildcard bench/*.c)) $(wildcard workloads/*.c) \
	$(wildcard analysis/*.c)
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
KERNEL_SRCS := $(wildcard tests/kernel/test_*.c)
KERNEL_BINS := $(KERNEL_SRCS:tests/kernel/%.c=$(BUILD)/tests/%)

.PHONY: FORCE report all arm64-pmu-test bench bench-overhead bench-dirty check compare deps regress static unit tests clean quick

all: $(BUILD)/fabench

$(BUILD)/%.o: %.c $(wildcard bench/*.h workloads/*.h analysis/*.h) Makefile
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# the harness revision recorded in meta.json; rewritten only when it changes
$(BUILD)/gitrev.h: FORCE
	@mkdir -p $(BUILD)
	@rev=$$(git describe --always --dirty 2>/dev/null || echo unknown); \
	echo "#define FABENCH_GIT_REV \"$$rev\"" >$@.new; \
	cmp -s $@.new $@ && rm -f $@.new || mv $@.new $@

$(BUILD)/bench/meta.o: $(BUILD)/gitrev.h

$(BUILD)/libfabench.a: $(LIB_OBJS)
	ar rcs $@ $^

$(BUILD)/fabench: $(BUILD)/bench/main.o $(BUILD)/libfabench.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# bench/static/: stand-ins for libraries Debian ships no static archive of
$(BUILD)/fabench-static: $(BUILD)/bench/main.o $(BUILD)/libfabench.a $(BUILD)/bench/static/udev_stubs.o
	$(CC) $(CFLAGS) -static -o $@ $^ $(LDLIBS)

static: $(BUILD)/fabench-static

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libfabench.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -o $@ $^ $(LDLIBS) -lcmocka

# kernel tests share tests/kernel/support/
KERNEL_SUPPORT := $(wildcard tests/kernel/support/*.c)

$(BUILD)/tests/%: tests/kernel/%.c $(KERNEL_SUPPORT) $(BUILD)/libfabench.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -Itests/kernel -o $@ $^ $(LDLIBS) -lcmocka

# Debian's amd64 libpfm4 has no ARM PMU tables: bench/pmu.c and its arm64
# test are built statically with the aarch64 cross compiler against Debian's
# arm64 libpfm.a (fetched, not installed) and run under qemu-user, which
# needs no arm64 runtime for a static binary.  The cross build gets the same
# warnings as the native ones.
ARM64_BUILD ?= build-arm64
ARM64_CC ?= aarch64-linux-gnu-gcc
QEMU_AARCH64 ?= qemu-aarch64
ARM64_SYSROOT := $(ARM64_BUILD)/sysroot
ARM64_LIBPFM := $(ARM64_SYSROOT)/usr/lib/aarch64-linux-gnu/libpfm.a

$(ARM64_LIBPFM):
	@bench/fetch-arm64-pfm.sh $(ARM64_BUILD)

$(ARM64_BUILD)/test_pmu_arm64: tests/unit/arm64/test_pmu_arm64.c bench/pmu.c bench/pmu.h $(ARM64_LIBPFM) Makefile
	@mkdir -p $(dir $@)
	$(ARM64_CC) -std=gnu11 $(WARN) $(CFLAGS) -D_GNU_SOURCE -Ibench \
		-isystem $(ARM64_SYSROOT)/usr/include -static -o $@ \
		tests/unit/arm64/test_pmu_arm64.c bench/pmu.c $(ARM64_LIBPFM)

arm64-pmu-test: $(ARM64_BUILD)/test_pmu_arm64
	$(QEMU_AARCH64) $<

$(BUILD)/bench-dirty: tests/bench/dirty_handler.c $(KERNEL_SUPPORT) $(BUILD)/libfabench.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -Itests/kernel -o $@ $^ $(LDLIBS) -lcmocka

# dirty tracking: fabench's sync handler against a minimal loop, WP_ASYNC against sync
bench-dirty: deps
	$(MAKE) $(BUILD)/bench-dirty
	$(BUILD)/bench-dirty

unit: $(UNIT_BINS)

tests: $(UNIT_BINS) $(KERNEL_BINS) $(BUILD)/fabench

deps:
	@bench/install-deps.sh

bench: deps
	$(MAKE) all
	$(BUILD)/fabench run -c $(CONFIG) $(if $(LABEL),-l $(LABEL))

quick: deps
	$(MAKE) all
	$(BUILD)/fabench run -c configs/quick.conf $(if $(LABEL),-l $(LABEL))

# the latency meter's overhead, measured: prints latency/throughput ratios
bench-overhead: deps
	$(MAKE) all
	$(BUILD)/fabench run -c configs/overhead.conf -l overhead

# the mail-ready report of a result directory (default: the newest)
DIR ?= results/latest
report: all
	$(BUILD)/fabench report $(DIR)

compare: all
	$(BUILD)/fabench compare $(A) $(B)

regress: all
	$(BUILD)/fabench regress --baseline $(BASELINE) --current $(CURRENT)

check: deps
	@tests/run-all.sh

clean:
	rm -rf build build-*
