#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make check: build with gcc, clang and ASan/UBSan (all -Werror), build the
# static binary, then run the unit tests, the kernel tests and the CLI
# tests, then the QEMU guests (tests/vm.sh: a kernel build, the guest
# checks and the kernel tests inside a guest; tests/vm-icount.sh: guests
# counting instructions, and a planted kernel regression).  Each build counts as a
# check.  Ends with "N passed, N failed, N skipped".
#
#   run-all.sh [--host]    --host (or FABENCH_CHECK_HOST=1): make
#                          check-host, everything but tests/vm.sh
#
# Every build's and test's whole output goes to a log directory (a mktemp
# directory, removed when everything passed, kept and named otherwise);
# a test that failed, errored or crashed has its whole output printed.
set -u
cd "$(dirname "$0")/.." || exit 1

HOST_ONLY=${FABENCH_CHECK_HOST:-0}
case "${1:-}" in
--host) HOST_ONLY=1 ;;
"") ;;
*) echo "usage: run-all.sh [--host]" >&2; exit 2 ;;
esac
LOGDIR=$(mktemp -d "${TMPDIR:-/tmp}/fabench-check.XXXXXX")
# the host's cmocka counts per binary, which tests/vm.sh sets beside the
# guest's: "BIN PASSED FAILED SKIPPED EXIT" lines
export FABENCH_HOST_COUNTS=$LOGDIR/cmocka-counts
: >"$FABENCH_HOST_COUNTS"
trap 'echo "interrupted; logs in $LOGDIR" >&2; exit 130' INT TERM
if [ "$HOST_ONLY" = 1 ]; then
	echo "check-host: the host tests only (no kernel build, no QEMU guests: make check runs those)"
fi

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

# indent: a test's output, set off from run-all's own lines
indent() { sed 's/^/   /'; }

# logname TEXT: a log file name for TEXT in LOGDIR
logname() {
	echo "$LOGDIR/$(printf '%s' "$1" | tr -c 'A-Za-z0-9._-' '_').log"
}

build() { # build NAME MAKE-ARGS...
	local name=$1 log
	shift
	log=$(logname "build-$name")
	echo "== build: $name"
	if make -s -j"$JOBS" "$@" >"$log" 2>&1; then
		count "build $name" 0
	else
		cat "$log"
		count "build $name" 1
	fi
}

# cmocka_counts OUTPUT: "PASSED FAILED SKIPPED" from cmocka's summary lines
# (empty fields when a line is missing)
cmocka_counts() {
	local p f s
	p=$(sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p' <<<"$1" | tail -1)
	f=$(sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p' <<<"$1" | tail -1)
	s=$(sed -n 's/.*\[  SKIPPED \] \([0-9]*\) test.*/\1/p' <<<"$1" | tail -1)
	echo "${p:--} ${f:--} ${s:--}"
}

# run_cmocka BIN: add cmocka's pass, fail and skip counts.  The test's
# whole output is printed when anything failed, errored or crashed (exit
# status, no summary, a FAILED or ERROR line); otherwise only the result
# lines and any that mention an error (case-insensitive).
run_cmocka() {
	local bin=$1 out p f s rc log
	echo "== $bin"
	log=$(logname "$bin")
	out=$("$bin" 2>&1)
	rc=$?
	echo "$out" >"$log"
	read -r p f s <<<"$(cmocka_counts "$out")"
	[ "$p" = - ] && p=
	[ "$f" = - ] && f=
	[ "$s" = - ] && s=
	echo "$bin ${p:-0} ${f:-0} ${s:-0} $rc" >>"$FABENCH_HOST_COUNTS"
	if [ $rc -ne 0 ] || [ -z "$p$f" ] || [ "${f:-0}" -gt 0 ] ||
		grep -qiE '^\[ +(FAILED|ERROR) +\]' <<<"$out"; then
		echo "   -- whole output (exit $rc):"
		indent <<<"$out"
	else
		echo "$out" | grep -iE '^\[ +(OK|FAILED|PASSED|ERROR|SKIPPED) +\]|^\[==========\]|error|runtime' |
			indent
	fi
	skipped=$((skipped + ${s:-0}))
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	[ "${f:-0}" -gt 0 ] && failures+=("$bin")
	if [ -z "$p$f" ] || { [ $rc -ne 0 ] && [ "${f:-0}" -eq 0 ]; }; then
		count "$bin (crashed or no cmocka summary, exit $rc)" 1
	fi
}

# run_script NAME FABENCH: tests/NAME.sh, which ends "NAME: N passed, N
# failed" (", N skipped" when it skipped something).  Its whole output is
# printed and kept in LOGDIR; a failing script also keeps its scratch
# directory (tests/lib.sh) and names it.
run_script() {
	local out p f s rc log
	echo "== tests/$1.sh $2"
	log=$(logname "tests-$1-$2")
	out=$("tests/$1.sh" "$2" 2>&1)
	rc=$?
	echo "$out" >"$log"
	indent <<<"$out"
	p=$(echo "$out" | sed -n "s/^$1: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p")
	f=$(echo "$out" | sed -n "s/^$1: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p")
	s=$(echo "$out" | sed -n "s/^$1: [0-9]* passed, [0-9]* failed, \([0-9]*\) skipped.*/\1/p")
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-1}))
	skipped=$((skipped + ${s:-0}))
	if [ "${f:-1}" -gt 0 ]; then
		failures+=("$1 $2 (output: $log)")
	elif [ "$rc" -ne 0 ]; then
		count "$1 $2 (exit $rc with no failure counted; output: $log)" 1
	fi
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
	indent <<<"$out"
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
	echo "$out" >"$(logname check-arm64)"
	# qemu-arm64.sh prints a failing test's whole output: all of it then
	if [ "$rc" -ne 0 ]; then
		indent <<<"$out"
	else
		grep -iE '^(ok|FAILED|failed):|^   \[ +(FAILED|ERROR)|SKIP|skip reasons|^ +[0-9]+ |^check-arm64:' \
			<<<"$out" | indent
	fi
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

# the layering of the sources (includes by path, none upward)
run_script layers source
# checkpatch.pl and shellcheck (make lint)
run_script lint source
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
	run_script history "$bin"
	run_script figures "$bin"
	run_script variants "$bin"
	run_script mail "$bin"
	run_script figures-compare "$bin"
	run_script example "$bin"
	run_script anchors "$bin"
	run_script bad-input "$bin"
	run_script unprivileged "$bin"
done
# configs/quick.conf gives what the commit before the layers gave
run_script same-behaviour build/fabench
# fabench under lkp-tests, offline (contrib/lkp)
run_script lkp build/fabench
# the fuzz harnesses (tests/fuzz/): every seed and kept crash input
# replayed under ASan/UBSan, then a short afl-fuzz run of each harness
for h in config resultdir thresholds; do
	echo "== build-san/tests/fuzz_$h tests/fuzz/corpus/$h tests/fuzz/regressions/$h"
	log=$(logname "fuzz-replay-$h")
	dirs=(tests/fuzz/corpus/"$h")
	[ -d tests/fuzz/regressions/"$h" ] && dirs+=(tests/fuzz/regressions/"$h")
	build-san/tests/fuzz_"$h" "${dirs[@]}" >"$log" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then tail -1 "$log" | indent; else indent <"$log"; fi
	count "fuzz replay $h (output: $log)" $rc
done
if command -v afl-fuzz >/dev/null && command -v afl-clang-fast >/dev/null; then
	echo "== make fuzz FUZZ_SECONDS=30"
	log=$(logname fuzz)
	make -s fuzz FUZZ_SECONDS=30 >"$log" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then grep '^fuzz_' "$log" | indent; else indent <"$log"; fi
	count "make fuzz (output: $log)" $rc
else
	echo "== make fuzz: skipped: no afl-fuzz or afl-clang-fast (afl++: bench/install-deps.sh check)"
	skipped=$((skipped + 1))
fi
# kernel variants in QEMU guests, the kernel tests in a guest and the
# arm64 guests: once, they boot their own binaries
[ "$HOST_ONLY" = 1 ] || run_script vm build/fabench
# guests under QEMU icount: two boots alike, the touch loop, a planted
# kernel regression caught
[ "$HOST_ONLY" = 1 ] || run_script vm-icount build/fabench

for f in "${failures[@]}"; do
	echo "failed: $f"
done
if [ "$failed" -gt 0 ]; then
	echo "logs: $LOGDIR"
else
	rm -rf "$LOGDIR"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
