# SPDX-License-Identifier: GPL-2.0-only
#
# make            build build/fabench (gcc)
# make bench      install packages if missing, build, run configs/default.conf
# make check      install packages if missing, build with gcc, clang and
#                 ASan/UBSan, run unit and integration tests, build a
#                 kernel and run the tests in QEMU guests
# make check-host the same without the QEMU guests and kernel builds
# make lint       the kernel's checkpatch.pl on every C file and shellcheck
#                 on every shell script (tests/lint.sh; make check runs it)
# make guest-tests
#                 the kernel tests for a QEMU guest (build/guest-tests/)
# make static     build/fabench-static (for QEMU guests)
# make fabench-test
#                 build/fabench-test: fabench with tests/workloads/ (tests/example.sh)
# make lkp-install DEST=DIR [FABENCH_GIT=URL]
#                 fabench's LKP program (contrib/lkp) onto an lkp-tests tree
# make compare A=DIR B=DIR
#                 fabench compare: the runs' means, changes and significance
# make regress BASELINE=DIR CURRENT=DIR
#                 fabench regress: exit 1 on a significant regression
# make arm64-pmu-test
#                 the arm64 PMU tables: tests/unit/arm64/ built for aarch64,
#                 run under qemu-user
# make ARCH=arm64 build-arm64/fabench: static aarch64 fabench, against
#                 Debian's arm64 libraries (bench/fetch-arm64-sysroot.sh)
# make ARCH=arm64 check-arm64
#                 the unit and kernel tests built for aarch64, run under
#                 qemu-aarch64 (kernel tests skip where qemu-user has no
#                 userfaultfd or perf)

CC ?= gcc
BUILD ?= build
CONFIG ?= configs/default.conf
LABEL ?=
# ARCH=arm64 cross-builds into build-arm64; set here because BUILD names
# every object below (the rest of the arm64 build is further down)
ifeq ($(ARCH),arm64)
CC := aarch64-linux-gnu-gcc
BUILD := build-arm64
endif

WARN := -Wall -Wextra -Werror
CFLAGS ?= -O2 -g
# every include names its path from the repository root:
# #include "bench/kernel/uffd.h" (tests/layers.sh checks the layering)
CPPFLAGS += -D_GNU_SOURCE -I. -I$(BUILD)
ALL_CFLAGS = -std=gnu11 $(WARN) $(CFLAGS) $(CPPFLAGS)
LDLIBS = -linih -ljansson -lgsl -lgslcblas -lpfm -lhwloc -lpthread -lm

LIB_SRCS := $(wildcard bench/lib/*.c bench/kernel/*.c bench/kernel/*/*.c bench/probe/*.c bench/harness/*.c \
	bench/cli/cmd_*.c workloads/*.c workloads/*/*.c analysis/*.c)
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
KERNEL_SRCS := $(wildcard tests/kernel/test_*.c)
KERNEL_BINS := $(KERNEL_SRCS:tests/kernel/%.c=$(BUILD)/tests/%)
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/tests/%,$(wildcard tests/fuzz/fuzz_*.c))

.PHONY: FORCE report mail anchors docs-figures regress-power all arm64-pmu-test bench bench-overhead bench-dirty check check-host compare \
	deps deps-check deps-check-host deps-vm fabench-test fuzz guest-tests lint lkp-install regress static unit tests clean quick

all: $(BUILD)/fabench

# (a test binary links only its .c, .o and .a prerequisites: -MMD lists
# its headers among them)
# every object and binary also writes its header dependencies (-MMD):
# a header change rebuilds what includes it, not everything
DEPFLAGS = -MMD -MP

$(BUILD)/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

# the harness revision recorded in meta.json; rewritten only when it changes
$(BUILD)/gitrev.h: FORCE
	@mkdir -p $(BUILD)
	@rev=$$(git describe --always --dirty 2>/dev/null || echo unknown); \
	echo "#define FABENCH_GIT_REV \"$$rev\"" >$@.new; \
	cmp -s $@.new $@ && rm -f $@.new || mv $@.new $@

$(BUILD)/bench/harness/meta.o: $(BUILD)/gitrev.h

$(BUILD)/libfabench.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/fabench: $(BUILD)/bench/cli/main.o $(BUILD)/libfabench.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# bench/static/: stand-ins for libraries Debian ships no static archive of
$(BUILD)/fabench-static: $(BUILD)/bench/cli/main.o $(BUILD)/libfabench.a $(BUILD)/bench/static/udev_stubs.o
	$(CC) $(CFLAGS) -static -o $@ $^ $(LDLIBS)

# the guests' yardstick of fabench's own cost (run-guest.sh --touch-loop)
$(BUILD)/touch-loop-static: bench/vm/touch_loop.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -static -o $@ $< -lpthread

static: $(BUILD)/fabench-static $(BUILD)/touch-loop-static

# build/fabench-test: fabench with the workloads of tests/workloads/ too
# (tests/example.sh); the registry lists them only when compiled with
# FABENCH_TEST_WORKLOADS, so build/fabench never does
TEST_WL_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(wildcard tests/workloads/*.c))

$(BUILD)/tests/registry-test.o: workloads/registry.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -DFABENCH_TEST_WORKLOADS -c -o $@ $<

# fault_read with its test-only plant_ns (a planted slowdown); linked
# before the library, so the library's fault_read.o is not
$(BUILD)/tests/fault_read-test.o: workloads/fault_read.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -DFABENCH_TEST_WORKLOADS -c -o $@ $<

$(BUILD)/fabench-test: $(BUILD)/bench/cli/main.o $(BUILD)/tests/registry-test.o \
		$(BUILD)/tests/fault_read-test.o $(TEST_WL_OBJS) $(BUILD)/libfabench.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

fabench-test: $(BUILD)/fabench-test

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libfabench.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -o $@ $(filter %.c %.o %.a,$^) $(LDLIBS) -lcmocka

# kernel tests share tests/kernel/support/
KERNEL_SUPPORT := $(wildcard tests/kernel/support/*.c)

$(BUILD)/tests/%: tests/kernel/%.c $(KERNEL_SUPPORT) $(BUILD)/libfabench.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -o $@ $(filter %.c %.o %.a,$^) $(LDLIBS) -lcmocka

# The kernel tests for the QEMU guests (bench/vm/run-guest.sh --mode ktest),
# as static as Debian allows: every library with a static archive is linked
# in (with bench/static/udev_stubs.c, as `make static`); Debian ships no
# libcmocka.a, so libcmocka.so.0 stays dynamic and with it glibc (libc,
# libm; a static libc cannot load a shared library).  run-guest.sh copies
# what ldd lists, and the dynamic loader, into the initramfs.
GUEST_TESTS := $(KERNEL_SRCS:tests/kernel/%.c=$(BUILD)/guest-tests/%)
GUEST_LDLIBS = -Wl,-Bstatic -linih -ljansson -lgsl -lgslcblas -lpfm -lhwloc \
	-Wl,-Bdynamic -lcmocka -lpthread -lm

$(BUILD)/guest-tests/%: tests/kernel/%.c $(KERNEL_SUPPORT) $(BUILD)/libfabench.a \
		$(BUILD)/bench/static/udev_stubs.o
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -o $@ $(filter %.c %.o %.a,$^) $(GUEST_LDLIBS)

guest-tests: $(GUEST_TESTS)

# Debian's amd64 libpfm4 has no ARM PMU tables: bench/kernel/pmu.c and its arm64
# test are built statically with the aarch64 cross compiler against Debian's
# arm64 libpfm.a (fetched, not installed) and run under qemu-user, which
# needs no arm64 runtime for a static binary.  The cross build gets the same
# warnings as the native ones.
ARM64_BUILD ?= build-arm64
ARM64_CC ?= aarch64-linux-gnu-gcc
QEMU_AARCH64 ?= qemu-aarch64
ARM64_SYSROOT := $(ARM64_BUILD)/sysroot
ARM64_LIBDIR := $(ARM64_SYSROOT)/usr/lib/aarch64-linux-gnu
ARM64_LIBPFM := $(ARM64_LIBDIR)/libpfm.a
# written by the fetcher once every package is unpacked
ARM64_STAMP := $(ARM64_SYSROOT)/.fabench-packages
# the cross toolchain's own libc: the dynamic loader for the test binaries
ARM64_LIBC ?= /usr/aarch64-linux-gnu

$(ARM64_STAMP): bench/fetch-arm64-sysroot.sh
	@bench/fetch-arm64-sysroot.sh $(ARM64_BUILD)

$(ARM64_LIBPFM): $(ARM64_STAMP)

$(ARM64_BUILD)/test_pmu_arm64: tests/unit/arm64/test_pmu_arm64.c bench/kernel/pmu.c bench/kernel/pmu.h $(ARM64_STAMP) Makefile
	@mkdir -p $(dir $@)
	$(ARM64_CC) -std=gnu11 $(WARN) $(CFLAGS) -D_GNU_SOURCE -I. \
		-isystem $(ARM64_SYSROOT)/usr/include -static -o $@ \
		tests/unit/arm64/test_pmu_arm64.c bench/kernel/pmu.c $(ARM64_LIBPFM)

arm64-pmu-test: $(ARM64_BUILD)/test_pmu_arm64
	$(QEMU_AARCH64) $<

# make ARCH=arm64: the same sources, warnings and libraries as the native
# build, against the fetched sysroot.  fabench links fully static (with
# bench/static/udev_stubs.c, as `make static`).  Debian ships no
# libcmocka.a, so the test binaries link the static archives and the
# dynamic libc and libcmocka.so.0 (found through an rpath into the sysroot)
# and run under qemu-aarch64 with the cross libc as its prefix.
ifeq ($(ARCH),arm64)
CPPFLAGS += -isystem $(ARM64_SYSROOT)/usr/include \
	-isystem $(ARM64_SYSROOT)/usr/include/aarch64-linux-gnu
LDFLAGS += -static
ARM64_STUBS := $(BUILD)/bench/static/udev_stubs.o
LDLIBS = -L$(ARM64_LIBDIR) -linih -ljansson -lgsl -lgslcblas -lpfm -lhwloc -lpthread -lm
# the tests: every archive static, then libc, libpthread and libcmocka
# dynamic (the rule appends -lcmocka)
$(UNIT_BINS) $(KERNEL_BINS): LDLIBS = -L$(ARM64_LIBDIR) -Wl,-Bstatic -linih -ljansson \
	-lgsl -lgslcblas -lpfm -lhwloc -Wl,-Bdynamic -lpthread -lm \
	-Wl,-rpath,$(abspath $(ARM64_LIBDIR))

.DEFAULT_GOAL := $(BUILD)/fabench
.PHONY: check-arm64

# headers come from the sysroot: fetch it before compiling anything
$(LIB_OBJS) $(BUILD)/bench/cli/main.o $(ARM64_STUBS): | $(ARM64_STAMP)
# an object file is linked whole wherever it stands on the command line
$(BUILD)/fabench $(UNIT_BINS) $(KERNEL_BINS): $(ARM64_STUBS)

# every test binary under qemu-aarch64; ends "check-arm64: N passed, N
# failed, N skipped" (cmocka's counts, summed)
check-arm64: $(BUILD)/fabench $(UNIT_BINS) $(KERNEL_BINS)
	@QEMU="$(QEMU_AARCH64) -L $(ARM64_LIBC)" tests/qemu-arm64.sh $(BUILD)/fabench \
		$(UNIT_BINS) $(KERNEL_BINS)
endif

$(BUILD)/bench-dirty: tests/bench/dirty_handler.c $(KERNEL_SUPPORT) $(BUILD)/libfabench.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -o $@ $(filter %.c %.o %.a,$^) $(LDLIBS) -lcmocka

# dirty tracking: fabench's sync handler against a minimal loop, WP_ASYNC against sync
bench-dirty: deps
	$(MAKE) $(BUILD)/bench-dirty
	$(BUILD)/bench-dirty

unit: $(UNIT_BINS)

tests: $(UNIT_BINS) $(KERNEL_BINS) $(BUILD)/fabench $(BUILD)/fabench-test $(FUZZ_BINS)

# The fuzz harnesses (tests/fuzz/): in every build a replay driver,
# BUILD/tests/fuzz_NAME FILE|DIR... (make check replays the corpora and
# regressions under ASan).  make fuzz [FUZZ_SECONDS=60]: built with
# afl-clang-fast and ASan/UBSan into build-fuzz/, each harness runs under
# afl-fuzz in turn (tests/fuzz/run.sh; output in build-fuzz/out/NAME/).
FUZZ_HARNESSES := config resultdir thresholds
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# (the driver an object of its own: -MMD lists one source's headers a command)
$(FUZZ_BINS): $(BUILD)/tests/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/tests/fuzz/driver.o $(BUILD)/libfabench.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -o $@ $< $(filter %.o %.a,$^) $(LDLIBS)

fuzz:
	@echo "building build-fuzz/ (afl-clang-fast, ASan/UBSan)"
	@AFL_QUIET=1 $(MAKE) -s BUILD=build-fuzz CC=afl-clang-fast CFLAGS="$(FUZZ_CFLAGS)" \
		$(FUZZ_HARNESSES:%=build-fuzz/tests/fuzz_%)
	@tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_HARNESSES)

# package sets (bench/install-deps.sh): what each target needs, no more
deps:
	@bench/install-deps.sh bench

deps-check-host:
	@bench/install-deps.sh check lkp

deps-check:
	@bench/install-deps.sh check lkp guests

deps-vm:
	@bench/install-deps.sh bench guests

bench: deps
	@echo "building $(BUILD)/fabench"; $(MAKE) -s all
	$(BUILD)/fabench run -c $(CONFIG) $(if $(LABEL),-l $(LABEL))
	$(BUILD)/fabench report results/latest

quick: deps
	@echo "building $(BUILD)/fabench"; $(MAKE) -s all
	$(BUILD)/fabench run -c configs/quick.conf $(if $(LABEL),-l $(LABEL))
	$(BUILD)/fabench report results/latest

# the latency meter's overhead, measured: prints latency/throughput ratios
bench-overhead: deps
	@echo "building $(BUILD)/fabench"; $(MAKE) -s all
	$(BUILD)/fabench run -c configs/overhead.conf -l overhead

# the mail-ready report of a result directory (default: the newest)
DIR ?= results/latest
report: all
	$(BUILD)/fabench report $(DIR)

compare: all
	$(BUILD)/fabench compare $(A) $(B)

# BASELINE and CURRENT: one result directory each, or several runs a side
regress: all
	$(BUILD)/fabench regress $(foreach d,$(BASELINE),--baseline $(d)) \
		$(foreach d,$(CURRENT),--current $(d))

# a mail body of one run, two (the first the base) or kernel variants: DIR="A B ..."
mail: all
	$(BUILD)/fabench mail $(DIR)

# the published tables fabench reproduces, run here: docs/anchors.md
anchors: deps
	@echo "building $(BUILD)/fabench"; $(MAKE) -s all
	FABENCH=$(BUILD)/fabench bench/anchors.sh

# README's figures (docs/*.png) from the newest host run and the newest
# make vm-compare result: make docs-figures [BENCH_DIR=... [VARIANTS_DIR=...]]
docs-figures: deps-vm
	@echo "building $(BUILD)/fabench"; $(MAKE) -s all
	bench/docs-figures.sh $(BENCH_DIR) $(VARIANTS_DIR)

# regress's false alarms (A/A) and power (A/B, a slowdown planted with
# fabench-test's plant_ns) on real runs: make regress-power [PAIRS=10]
PAIRS ?= 10
regress-power: deps
	bench/regress-power.sh -n $(PAIRS)

check: deps-check
	@tests/run-all.sh

# everything check does but the QEMU guests and kernel builds (tests/vm.sh)
check-host: deps-check-host
	@tests/run-all.sh --host

# checkpatch.pl from /usr/src/linux-source-*.tar.xz, extracted once into
# $(BUILD)/lint/ with its findings cached per file
lint:
	@BUILD=$(BUILD) tests/lint.sh

# fabench's LKP program onto an lkp-tests tree (contrib/lkp/install.sh):
# make lkp-install DEST=lkp-tests [FABENCH_GIT=url]
lkp-install:
	@contrib/lkp/install.sh "$(DEST)" $(FABENCH_GIT)

clean:
	rm -rf build build-*

# Kernel variants and QEMU guests (bench/vm/, configs/kernels/).
#   make kernels [KSRC=tree-or-tarball] [VARIANTS="stock fa-wp"] [ARCH=arm64]
#   make vm-bench [VARIANT=stock|KERNEL=name-or-image] [CONFIG=...] [ARCH=arm64]
#   make vm-compare [CONFIG=...] [VARIANTS=...]
#   make vm-knob-test [VARIANT=...]: the knob-restore test in a real guest
#   make vm-ktest [VARIANT=...]: the kernel tests (make guest-tests) in a guest
VARIANTS ?= stock armed-off fa-wp fa-wp-fixed fa-wp-nomarker preunmap-removal
VARIANT ?= stock
KERNEL ?= $(VARIANT)
KSRC ?=
GUEST_ARCH = $(if $(filter arm64 aarch64,$(ARCH)),arm64,x86_64)
# a guest run's config: CONFIG when given, else the guest check
VM_CONFIG = $(if $(filter command line environment,$(origin CONFIG)),$(CONFIG),configs/vm-quick.conf)
# a built variant is built (or found cached) first; a Debian kernel or an
# image path is used as it is
VM_KERNEL_BUILD = $(if $(or $(findstring /,$(KERNEL)),$(filter debian-%,$(KERNEL))),,\
	bench/vm/kernels.sh --arch $(GUEST_ARCH) $(if $(KSRC),--ksrc $(KSRC)) $(KERNEL))

.PHONY: kernels vm-bench vm-compare vm-knob-test vm-ktest

kernels:
	bench/vm/kernels.sh --arch $(GUEST_ARCH) $(if $(KSRC),--ksrc $(KSRC)) $(VARIANTS)

vm-bench: deps-vm
	$(VM_KERNEL_BUILD)
	bench/vm/run-guest.sh --arch $(GUEST_ARCH) --kernel $(KERNEL) --config $(VM_CONFIG) \
		$(if $(LABEL),--label $(LABEL)) $(if $(ACCEL),--accel $(ACCEL))

vm-compare: deps-vm
	@echo "building $(BUILD)/fabench"; $(MAKE) -s all
	$(if $(ACCEL),FABENCH_VM_ACCEL=$(ACCEL)) bench/vm/vm-compare.sh --arch $(GUEST_ARCH) \
		--config $(VM_CONFIG) $(VARIANTS)

vm-knob-test: deps-vm
	$(VM_KERNEL_BUILD)
	bench/vm/run-guest.sh --arch $(GUEST_ARCH) --kernel $(KERNEL) --mode knobtest

vm-ktest: deps-vm
	$(VM_KERNEL_BUILD)
	bench/vm/run-guest.sh --arch $(GUEST_ARCH) --kernel $(KERNEL) --mode ktest

# the header dependencies -MMD wrote
-include $(wildcard $(BUILD)/*.d $(BUILD)/*/*.d $(BUILD)/*/*/*.d $(BUILD)/*/*/*/*.d)
