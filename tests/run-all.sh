#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make check: build with gcc, clang and ASan/UBSan (all -Werror), build the
# static binary, then run the unit tests, the kernel tests and the CLI
# tests.  Each build counts as a check.  Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."

JOBS=$(nproc 2>/dev/null || echo 2)
SAN_FLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1
passed=0
failed=0
skipped=0
failures=()

count() { # count NAME STATUS
	if [ "$2" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures+=("$1")
	fi
}

build() { # build NAME MAKE-ARGS...
	local name=$1
	shift
	echo "== build: $name"
	if make -s -j"$JOBS" "$@" >"/tmp/fabench-build-$name.log" 2>&1; then
		count "build $name" 0
	else
		cat "/tmp/fabench-build-$name.log"
		count "build $name" 1
	fi
}

# run_cmocka BIN: add cmocka's pass and fail counts
run_cmocka() {
	local bin=$1 out p f s
	echo "== $bin"
	out=$("$bin" 2>&1)
	local rc=$?
	echo "$out" | grep -E '^\[ +(OK|FAILED|PASSED|ERROR|SKIPPED) +\]|^\[==========\]|error|runtime' | sed 's/^/   /'
	p=$(echo "$out" | sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	f=$(echo "$out" | sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	s=$(echo "$out" | sed -n 's/.*\[  SKIPPED \] \([0-9]*\) test.*/\1/p' | tail -1)
	skipped=$((skipped + ${s:-0}))
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	[ -n "${f:-}" ] && [ "$f" -gt 0 ] && failures+=("$bin")
	if [ -z "${p:-}${f:-}" ] || { [ $rc -ne 0 ] && [ -z "${f:-}" ]; }; then
		echo "$out" | tail -20
		count "$bin (crashed, exit $rc)" 1
	fi
}

run_script() { # run_script NAME FABENCH: tests/NAME.sh, ends "NAME: N passed, N failed"
	local out p f
	echo "== tests/$1.sh $2"
	out=$("tests/$1.sh" "$2" 2>&1)
	echo "$out" | sed 's/^/   /'
	p=$(echo "$out" | sed -n "s/^$1: \([0-9]*\) passed, \([0-9]*\) failed/\1/p")
	f=$(echo "$out" | sed -n "s/^$1: \([0-9]*\) passed, \([0-9]*\) failed/\2/p")
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-1}))
	[ "${f:-1}" -gt 0 ] && failures+=("$1 $2")
}

# run_arm64_pmu: make arm64-pmu-test, whose binary ends with "arm64-pmu: N
# passed, N failed".  Without its cross toolchain, qemu-user or the arm64
# libpfm4 it cannot run, and that is a failure: the ARM tables would go
# untested.
run_arm64_pmu() {
	local out p f rc
	echo "== make arm64-pmu-test (aarch64 build under qemu-user)"
	out=$(make -s arm64-pmu-test 2>&1)
	rc=$?
	echo "$out" | sed 's/^/   /'
	p=$(echo "$out" | sed -n 's/^arm64-pmu: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(echo "$out" | sed -n 's/^arm64-pmu: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$f" ]; then
		echo "   arm64-pmu-test did not run (exit $rc): it needs gcc-aarch64-linux-gnu," \
			"libc6-dev-arm64-cross and qemu-user (bench/install-deps.sh) and" \
			"libpfm4-dev:arm64 from the Debian archive (bench/fetch-arm64-sysroot.sh)"
		count "arm64-pmu-test (did not run)" 1
		return
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -gt 0 ]; then
		failures+=("arm64-pmu-test")
	elif [ "$rc" -ne 0 ]; then
		count "arm64-pmu-test (exit $rc)" 1
	fi
}

# run_arm64: make ARCH=arm64 (static aarch64 fabench, a build check) and
# make ARCH=arm64 check-arm64 (unit and kernel tests under qemu-user, which
# ends "check-arm64: N passed, N failed, N skipped"; skips say why)
run_arm64() {
	local out p f s rc
	build arm64 ARCH=arm64
	echo "== make ARCH=arm64 check-arm64 (aarch64 tests under qemu-user)"
	out=$(make -s -j"$JOBS" ARCH=arm64 check-arm64 2>&1)
	rc=$?
	echo "$out" | grep -E '^(ok|FAILED|failed):|^   \[ +(FAILED|ERROR)|SKIP|skip reasons|^ +[0-9]+ |^check-arm64:' |
		sed 's/^/   /'
	p=$(echo "$out" | sed -n 's/^check-arm64: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1/p')
	f=$(echo "$out" | sed -n 's/^check-arm64: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\2/p')
	s=$(echo "$out" | sed -n 's/^check-arm64: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\3/p')
	if [ -z "$f" ]; then
		echo "$out" | tail -20
		count "check-arm64 (did not run, exit $rc)" 1
		return
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	[ "$f" -gt 0 ] && failures+=("check-arm64")
}

build gcc tests CC=gcc BUILD=build
build clang tests CC=clang BUILD=build-clang
build asan-ubsan tests CC=gcc BUILD=build-san CFLAGS="$SAN_FLAGS"
build static static CC=gcc BUILD=build
if [ -x build/fabench-static ] && build/fabench-static list >/dev/null; then
	count "static binary runs" 0
else
	count "static binary runs" 1
fi

for dir in build build-clang build-san; do
	for t in "$dir"/tests/test_*; do
		[ -x "$t" ] && run_cmocka "$t"
	done
done
run_arm64_pmu
run_arm64
for bin in build/fabench build-san/fabench; do
	[ -x "$bin" ] || continue
	run_script cli "$bin"
	run_script knobs "$bin"
	run_script oracle "$bin"
	run_script regress "$bin"
	run_script report "$bin"
	run_script variants "$bin"
done
# kernel variants in QEMU guests and the arm64 guests: once, they boot
# their own static binaries
run_script vm build/fabench

for f in "${failures[@]}"; do
	echo "failed: $f"
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
