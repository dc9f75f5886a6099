#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make fuzz: each harness under afl-fuzz for SECONDS, one after the other
# (built by make fuzz with afl-clang-fast and ASan/UBSan).
#
#   run.sh BUILD SECONDS HARNESS...
#
# Harness NAME is BUILD/tests/fuzz_NAME, its seeds tests/fuzz/corpus/NAME/
# (and tests/fuzz/dict/NAME.dict, when there is one), its output
# ${FUZZ_OUT:-BUILD/out}/NAME/ (emptied first), afl-fuzz's own output in
# NAME.log beside it.  After each harness one line:
#
#   fuzz_NAME: EXECS execs, PATHS paths, SECONDS s, CRASHES crashes, HANGS hangs
#
# from afl-fuzz's fuzzer_stats, and the inputs of the queue afl-fuzz built
# are replayed with a leak check (ASan's leak checker is off under
# afl-fuzz).  Exits 1 when any harness saved a crash or a hang (each file
# is listed), leaked or did not run.  FUZZ_TIMEOUT (ms, default 2000) is
# afl-fuzz's -t: an input that takes longer is a hang.
set -u
cd "$(dirname "$0")/../.." || exit 1

if [ $# -lt 3 ]; then
	echo "usage: run.sh BUILD SECONDS HARNESS..." >&2
	exit 2
fi
BUILD=$1
SECONDS_EACH=$2
shift 2
OUT_ROOT=${FUZZ_OUT:-$BUILD/out}
if ! command -v afl-fuzz >/dev/null; then
	echo "fuzz: afl-fuzz not found (Debian's afl++; bench/install-deps.sh check)" >&2
	exit 1
fi

# afl-fuzz wants a crash to be a signal: sanitizers abort, symbolize
# nothing, leave leaks alone (the replay below checks them)
export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
# no core of its own: a second fuzzer (or a CI run's) may hold one
export AFL_NO_AFFINITY=1
FUZZ_ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0:allocator_may_return_null=0
FUZZ_UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:symbolize=0:print_stacktrace=0

# afl_stat FILE KEY: KEY's value in afl-fuzz's fuzzer_stats FILE (empty if none)
afl_stat() {
	sed -n "s/^$2 *: *//p" "$1" | head -1
}

status=0
for h in "$@"; do
	bin=$BUILD/tests/fuzz_$h
	in=tests/fuzz/corpus/$h
	out=$OUT_ROOT/$h
	log=$OUT_ROOT/$h.log
	dict=()
	[ -f "tests/fuzz/dict/$h.dict" ] && dict=(-x "tests/fuzz/dict/$h.dict")
	rm -rf "$out"
	mkdir -p "$OUT_ROOT"
	ASAN_OPTIONS=$FUZZ_ASAN_OPTIONS UBSAN_OPTIONS=$FUZZ_UBSAN_OPTIONS \
		afl-fuzz -V "$SECONDS_EACH" -m none -t "${FUZZ_TIMEOUT:-2000}" \
		-i "$in" -o "$out" "${dict[@]}" -- "$bin" >"$log" 2>&1
	rc=$?
	stats=$out/default/fuzzer_stats
	if [ ! -f "$stats" ]; then
		echo "fuzz_$h: afl-fuzz did not run (exit $rc); the end of $log:"
		tail -15 "$log" | sed 's/^/   /'
		status=1
		continue
	fi
	execs=$(afl_stat "$stats" execs_done)
	paths=$(afl_stat "$stats" corpus_count)
	[ -n "$paths" ] || paths=$(afl_stat "$stats" paths_total)
	secs=$(afl_stat "$stats" run_time)
	[ -n "$secs" ] || secs=$(($(afl_stat "$stats" last_update) - $(afl_stat "$stats" start_time)))
	crashes=$(afl_stat "$stats" saved_crashes)
	[ -n "$crashes" ] || crashes=$(afl_stat "$stats" unique_crashes)
	hangs=$(afl_stat "$stats" saved_hangs)
	[ -n "$hangs" ] || hangs=$(afl_stat "$stats" unique_hangs)
	echo "fuzz_$h: $execs execs, $paths paths, $secs s, $crashes crashes, $hangs hangs"
	mapfile -t found < <(find "$out/default/crashes" "$out/default/hangs" -type f \
		-name 'id:*' 2>/dev/null | sort)
	if [ ${#found[@]} -gt 0 ]; then
		printf '   %s\n' "${found[@]}"
		status=1
	elif [ "$rc" -ne 0 ]; then
		echo "   afl-fuzz exited $rc; see $log"
		status=1
	fi
	# the queue, replayed one input at a time with ASan's leak checker
	if ! ASAN_OPTIONS=detect_leaks=1 "$bin" "$out/default/queue" >"$out/replay.log" 2>&1; then
		echo "   a queue input leaked or failed under ASan; see $out/replay.log:"
		grep -E '(leaked|failed|ERROR)' "$out/replay.log" | head -10 | sed 's/^/   /'
		status=1
	fi
done
exit $status
