#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tests/vm.sh: kernel variants in QEMU guests, for real.  Builds the stock
# variant (from nothing on a fresh machine, cached afterwards), runs the
# guest check config in it and holds the counts to what the kernel code
# says; runs the knob-restore test in a guest (the knob is really written
# there); runs the kernel tests (tests/kernel/) inside the stock guest,
# their cmocka counts beside the host's and added to this script's; makes
# the runner meet a panic, a hang and a partial result, and a kernel test
# that crashes or hangs; and boots Debian's arm64 6.12 and 6.1 kernels
# with the aarch64 fabench.  Under TCG times are emulated: only counts and
# verdicts are asserted.
#
# FABENCH_VM_VARIANTS: the x86 variants checked (default "stock fa-wp":
# the reproducer must be clean on stock and fail its separating sequences
# on fa-wp; fa-wp builds from stock's objects in about 70 s).
set -u
cd "$(dirname "$0")/.." || exit 1
TEST_NAME=vm
# shellcheck source=tests/lib.sh
. tests/lib.sh

VARIANTS=${FABENCH_VM_VARIANTS:-stock fa-wp}
export FABENCH_VM_ACCEL=${FABENCH_VM_ACCEL:-}
RUN=bench/vm/run-guest.sh

# near VALUE WANT: within 10% (pages per fault are exact counts here;
# 16.00 becomes 15.9x when a fault lands at the end of the file)
near() {
	awk -v v="$1" -v w="$2" 'BEGIN { exit !(v != "" && v >= w * 0.9 && v <= w * 1.1) }'
}

# check_ppf DIR NAME WANT FILTER...: one pages-per-fault expectation
check_ppf() {
	local dir=$1 name=$2 want=$3 got
	shift 3
	got=$(summary_mean "$dir" pages_per_fault workload=fault_read "$@")
	if near "$got" "$want"; then
		ok "$name: $* pages/fault $got (want $want)"
	else
		bad "$name: $* pages/fault '${got}' (want $want)"
	fi
}

# guest_run NAME ARGS...: run-guest.sh into $WORK/results; sets DIR
guest_run() {
	local name=$1 rc=0
	shift
	"$RUN" --results "$WORK/results" "$@" >"$WORK/$name.out" 2>&1 || rc=$?
	DIR=$(sed -n 's/^results: //p' "$WORK/$name.out" | tail -1)
	# 4: the guest's fabench found a correctness failure (a variant that
	# loses write-protection does); the result still comes back
	if { [ "$rc" -eq 0 ] || [ "$rc" -eq 4 ]; } && [ -n "$DIR" ] && [ -f "$DIR/meta.json" ]; then
		ok "$name: guest run completed (exit $rc) and its result came back"
		return 0
	fi
	bad "$name: guest run failed (exit $rc)" "$(tail -30 "$WORK/$name.out")"
	DIR=
	return 1
}

# what the kernel code says (configs/kernels/README.md): WP-registered
# ranges fault around only where the variant allows it; a protected
# range never (PTE markers); MISSING only armed-off stops; MINOR never
expect_variant() {
	local dir=$1 v=$2 wpreg=1 missing=16
	case "$v" in fa-wp | fa-wp-fixed | fa-wp-nomarker | preunmap-removal) wpreg=16 ;; esac
	[ "$v" = armed-off ] && missing=1
	check_ppf "$dir" "$v" 16 uffd=none fault_around_bytes=65536
	check_ppf "$dir" "$v" "$missing" uffd=missing fault_around_bytes=65536
	check_ppf "$dir" "$v" 1 uffd=wp wp_range=protected fault_around_bytes=65536
	check_ppf "$dir" "$v" "$wpreg" uffd=wp wp_range=registered fault_around_bytes=65536
	check_ppf "$dir" "$v" 1 uffd=minor fault_around_bytes=65536
	check_ppf "$dir" "$v" 4 uffd=none fault_around_bytes=16384
	local mode
	for mode in none missing minor; do
		check_ppf "$dir" "$v" 1 uffd=$mode fault_around_bytes=4096
	done
	check_ppf "$dir" "$v" 1 uffd=wp wp_range=registered fault_around_bytes=4096
}

check_meta() {
	local dir=$1 v=$2 accel release
	accel=$(jq -r '.vm.accel' "$dir/meta.json")
	release=$(jq -r '.uname.release' "$dir/meta.json")
	case "$accel" in
	tcg)
		if jq -e '.vm.times | test("emulated")' "$dir/meta.json" >/dev/null; then
			ok "$v: meta says tcg, times emulated ($(jq -r .vm.accel_reason "$dir/meta.json"))"
		else
			bad "$v: meta says tcg without the emulated-times note"
		fi
		;;
	kvm) ok "$v: meta says kvm" ;;
	*) bad "$v: meta.json has no vm.accel" ;;
	esac
	if [[ "$release" == *"-fabench-$v" ]]; then
		ok "$v: guest kernel release $release"
	else
		bad "$v: guest kernel release '$release' does not name the variant"
	fi
	if jq -e '.fault_around_bytes == "65536"' "$dir/meta.json" >/dev/null; then
		ok "$v: the guest's fault_around_bytes is readable (65536)"
	else
		bad "$v: fault_around_bytes in the guest: $(jq -r .fault_around_bytes "$dir/meta.json")"
	fi
}

# stock must never lose a write-protect fault; the other variants' counts
# are findings, printed (fault-around in WP ranges is what they change)
check_oracle() {
	local dir=$1 v=$2 lost
	lost=$(summary_mean "$dir" lost_wp workload=wp_oracle | sort -n | tail -1)
	if [ -z "$lost" ]; then
		bad "$v: no wp_oracle lost_wp in summary.csv"
	elif [ "$v" != stock ] || [ "$lost" = 0 ]; then
		ok "$v: wp_oracle ran (largest mean lost_wp $lost)"
	else
		bad "$v: stock lost write-protect faults (mean lost_wp $lost)"
	fi
}

# seq_verdict DIR V SEQUENCE MODE FAB WANT: one wp_sequence point's
# "lost spurious dropped around" (the last where WANT has four words), as
# configs/kernels/README.md says the variant's code decides them
seq_verdict() {
	local dir=$1 v=$2 seq=$3 mode=$4 fab=$5 want=$6 got="" m metrics="lost spurious dropped"
	[ "$(wc -w <<<"$want")" -eq 4 ] && metrics="$metrics around"
	for m in $metrics; do
		got="$got $(summary_mean "$dir" "$m" workload=wp_sequence sequence="$seq" mode="$mode" \
			fault_around_bytes="$fab" | sed 's/\.0*$//')"
	done
	if [ "${got# }" = "$want" ]; then
		ok "$v: wp_sequence $seq/$mode/$fab: $metrics = $want"
	else
		bad "$v: wp_sequence $seq/$mode/$fab: $metrics = '${got# }', want '$want'" \
			"$(cat "$dir"/history/point-*.txt 2>/dev/null |
			   grep -A12 "sequence=$seq mode=$mode .*fault_around_bytes=$fab " | head -14)"
	fi
}

# the reproducer: every sequence clean on stock (and on the corrected
# variants, which fault around in registered ranges); on fa-wp a
# neighbour's read fault write-protects the written, zapped page
check_sequences() {
	local dir=$1 v=$2 seq mode around=0
	case "$v" in
	stock | armed-off | fa-wp-fixed | fa-wp-nomarker)
		for seq in write zap-protected zap-written unprotect punch-written punch-mapped \
			punch-unmapped registered; do
			for mode in sync async; do
				seq_verdict "$dir" "$v" $seq $mode 65536 "0 0 0"
			done
		done
		case "$v" in fa-wp-*) around=15 ;; esac
		seq_verdict "$dir" "$v" registered sync 65536 "0 0 0 $around"
		;;
	fa-wp)
		seq_verdict "$dir" "$v" zap-written async 65536 "1 0 0 1"
		seq_verdict "$dir" "$v" zap-written sync 65536 "0 1 0 1"
		seq_verdict "$dir" "$v" zap-written async 4096 "0 0 0 0"
		seq_verdict "$dir" "$v" unprotect sync 16384 "0 1 0 1"
		seq_verdict "$dir" "$v" punch-written async 65536 "1 0 0 1"
		seq_verdict "$dir" "$v" punch-mapped sync 65536 "0 0 0 0"
		seq_verdict "$dir" "$v" registered sync 65536 "0 0 0 15"
		;;
	esac
}

x86_variants() {
	local v
	for v in $VARIANTS; do
		if ! bench/vm/kernels.sh --arch x86_64 "$v" >"$WORK/kernels-$v.log" 2>&1; then
			bad "kernels.sh $v" "$(tail -20 "$WORK/kernels-$v.log")"
			continue
		fi
		ok "kernel $v built ($(grep -c cached "$WORK/kernels-$v.log") cached)"
		bench/vm/kernels.sh --arch x86_64 "$v" >"$WORK/kernels-$v.again" 2>&1
		if grep -q cached "$WORK/kernels-$v.again"; then
			ok "kernel $v: an unchanged rebuild is a cache hit"
		else
			bad "kernel $v: second build was not cached" "$(cat "$WORK/kernels-$v.again")"
		fi
		guest_run "x86-$v" --arch x86_64 --kernel "$v" --config configs/vm-quick.conf || continue
		# every later boot skips the probe and the static build
		FABENCH_VM_ACCEL=$(jq -r '.vm.accel + ":" + .vm.accel_reason' "$DIR/meta.json")
		export FABENCH_SKIP_BUILD=1
		check_meta "$DIR" "$v"
		expect_variant "$DIR" "$v"
		check_oracle "$DIR" "$v"
		check_sequences "$DIR" "$v"
	done
}

knob_test() {
	local out rc=0
	out=$("$RUN" --arch x86_64 --kernel stock --mode knobtest 2>&1) || rc=$?
	for sig in TERM INT KILL; do
		if grep -q "^KNOBTEST $sig before=65536 .*after=65536$" <<<"$out"; then
			ok "knob restore in a guest: fabench killed by SIG$sig, knob back to 65536"
		else
			bad "knob restore in a guest, SIG$sig" "$out"
		fi
	done
	if [ "$rc" -eq 0 ]; then
		ok "knob test guest exit 0"
	else
		bad "knob test guest exit $rc"
	fi
}

# ktest_verdict DIR NAME: "PASSED FAILED SKIPPED VERDICT" for one guest
# test binary whose log and status run-guest.sh --ktest-out wrote to DIR
# ("-" for a count cmocka never printed).  VERDICT: ok, failed (cmocka
# counted failures), or crashed:WHY (no summary, a non-zero exit without a
# counted failure, killed by the timeout, cut short or never started)
ktest_verdict() {
	local dir=$1 name=$2 status p f s rc why
	status=$(cat "$dir/$name.status" 2>/dev/null || echo missing)
	read -r p f s <<<"$(cmocka_counts "$dir/$name.log")"
	rc=$(sed -n 's/^rc=\([0-9]*\).*/\1/p' <<<"$status")
	if grep -q '^FABENCH-KTEST-TIMEOUT' "$dir/$name.log"; then
		why="$(sed -n 's/^FABENCH-KTEST-TIMEOUT [^ ]* //p' "$dir/$name.log") ($status)"
	elif [ "$status" = no-end ]; then
		why="the guest stopped while it ran (crash, panic or the runner's timeout)"
	elif [ "$status" = not-run ] || [ "$status" = missing ]; then
		why="never started: the guest stopped before it"
	elif [ "$p" = - ] && [ "$f" = - ]; then
		why="no cmocka summary ($status)"
	elif [ "$rc" != 0 ] && [ "$f" = - ]; then
		why="exit $rc without a counted failure"
	fi
	if [ -n "${why:-}" ]; then
		echo "$p $f $s crashed:$why"
	elif [ "$f" != - ] && [ "$f" -gt 0 ]; then
		echo "$p $f $s failed"
	else
		echo "$p $f $s ok"
	fi
}

# host_counts NAME: "PASSED FAILED SKIPPED" of build/tests/NAME on the
# host: run-all.sh's record (FABENCH_HOST_COUNTS), else run here
host_counts() {
	local bin=build/tests/$1 line p f s
	if [ -s "${FABENCH_HOST_COUNTS:-}" ] &&
		line=$(grep "^$bin " "$FABENCH_HOST_COUNTS" | tail -1) && [ -n "$line" ]; then
		read -r _ p f s _ <<<"$line"
		echo "$p $f $s"
		return
	fi
	[ -x "$bin" ] || { echo "- - -"; return; }
	"$bin" >"$WORK/host-$1.log" 2>&1
	cmocka_counts "$WORK/host-$1.log"
}

# counts P F S: cmocka's counts as words ("-": that summary line was not
# printed, which means none; none at all: no summary)
counts() {
	if [ "$1" = - ] && [ "$2" = - ]; then
		echo "no cmocka summary"
	else
		echo "${1/-/0} passed ${2/-/0} failed ${3/-/0} skipped"
	fi
}

# the kernel tests in the stock guest: one boot runs every binary (built
# by make guest-tests); each binary's counts beside the host's, added to
# this script's counts; a failing binary's whole output is shown
ktest() {
	local out=$WORK/ktest rc=0 start secs release name p f s v hp hf hs
	local gp=0 gf=0 gs=0 tp=0 tf=0 ts=0 accel
	start=$SECONDS
	"$RUN" --arch x86_64 --kernel stock --mode ktest --ktest-out "$out" \
		>"$WORK/ktest.out" 2>&1 || rc=$?
	secs=$((SECONDS - start))
	accel=$(sed -n 's/^run-guest: booting .*(x86_64, \([a-z]*\)).*/\1/p' "$WORK/ktest.out" | head -1)
	release=$(sed -n 's/^FABENCH-GUEST-UP \([^ ]*\) .*/\1/p' "$out/console.txt" 2>/dev/null | head -1)
	release=${release%-fabench-*}
	case $rc in
	0 | 3) ok "kernel tests: the stock guest ran them and powered off (exit $rc, ${secs} s, ${accel:-?})" ;;
	*) bad "kernel tests: guest run failed (exit $rc, ${secs} s)" "$(tail -40 "$WORK/ktest.out")" ;;
	esac
	[ -s "$out/console.txt" ] || return
	for st in "$out"/*.status; do
		name=$(basename "$st" .status)
		read -r p f s v <<<"$(ktest_verdict "$out" "$name")"
		read -r hp hf hs <<<"$(host_counts "$name")"
		echo "kernel tests $name: host $(counts "$hp" "$hf" "$hs");" \
			"guest (stock ${release:-?}) $(counts "$p" "$f" "$s") ($(cat "$st"))"
		[ "$p" = - ] && p=0
		[ "$f" = - ] && f=0
		[ "$s" = - ] && s=0
		add_counts "$p" "$f" "$s"
		gp=$((gp + p)) gf=$((gf + f)) gs=$((gs + s))
		tp=$((tp + ${hp/-/0})) tf=$((tf + ${hf/-/0})) ts=$((ts + ${hs/-/0}))
		case "$v" in
		ok) ;;
		failed) echo "     guest $name: $f failed; its whole output:"
			sed 's/^/     | /' "$out/$name.log" ;;
		crashed:*) bad "guest $name: ${v#crashed:}" \
			"$(tail -40 "$out/$name.log"; echo '-- last console lines:'; tail -15 "$out/console.txt")" ;;
		esac
	done
	echo "kernel tests: host $tp passed $tf failed $ts skipped;" \
		"guest (stock ${release:-?}) $gp passed $gf failed $gs skipped; guest boot ${secs} s (${accel:-?})"
}

# a kernel test that crashes, hangs or passes, as the runner must report
# them: fake test binaries (shell scripts) in a guest of their own
ktest_runner() {
	local dir=$WORK/fake-ktests out=$WORK/fake-ktest rc=0 v
	mkdir -p "$dir"
	printf '#!/bin/sh
echo "[ RUN      ] test_a"
kill -SEGV $$
' >"$dir/test_crash"
	printf '#!/bin/sh
echo "[ RUN      ] test_b"
exec sleep 600
' >"$dir/test_hang"
	printf '#!/bin/sh
echo "[  PASSED  ] 2 test(s)."
echo "[  SKIPPED ] 1 test(s)."
' >"$dir/test_ok"
	chmod 755 "$dir"/test_*
	"$RUN" --arch x86_64 --kernel stock --mode ktest --ktests "$dir" --ktest-out "$out" \
		--ktest-timeout 5 >"$WORK/fake-ktest.out" 2>&1 || rc=$?
	if [ "$rc" -eq 3 ]; then
		ok "runner: ktest with failing tests -> exit 3"
	else
		bad "runner: ktest with failing tests: exit $rc, not 3" "$(tail -30 "$WORK/fake-ktest.out")"
	fi
	v=$(ktest_verdict "$out" test_crash)
	if [[ "$v" == "- - - crashed:no cmocka summary (rc=139 "* ]]; then
		ok "runner: a crashing kernel test is a failure: $v"
	else
		bad "runner: crashing kernel test: '$v'" "$(cat "$out/test_crash.log" 2>&1)"
	fi
	v=$(ktest_verdict "$out" test_hang)
	if [[ "$v" == *"crashed:killed after 5 s"* ]]; then
		ok "runner: a hanging kernel test is a failure: $v"
	else
		bad "runner: hanging kernel test: '$v'" "$(cat "$out/test_hang.log" 2>&1)"
	fi
	v=$(ktest_verdict "$out" test_ok)
	if [ "$v" = "2 - 1 ok" ]; then
		ok "runner: a passing kernel test: $v"
	else
		bad "runner: passing kernel test: '$v'" "$(cat "$out/test_ok.log" 2>&1)"
	fi
}

# each failure the runner must report: exit 1, why, the console's tail
runner_failures() {
	local mode want out rc
	for mode in selftest-panic:"kernel panicked" selftest-partial:"partial result" \
		selftest-hang:"guest hung"; do
		want=${mode#*:}
		mode=${mode%%:*}
		rc=0
		out=$("$RUN" --arch x86_64 --kernel stock --mode "$mode" --timeout 40 \
			--results "$WORK/fail" 2>&1) || rc=$?
		if [ "$rc" -eq 1 ] && grep -q "$want" <<<"$out" &&
			grep -q "last console lines" <<<"$out" && [ ! -d "$WORK/fail/selftest" ]; then
			ok "runner: $mode -> exit 1, '$want', console tail shown, nothing imported"
		else
			bad "runner: $mode (exit $rc)" "$out"
		fi
	done
}

# a full results disk: the import is written checked (exit 5, one line,
# nothing imported, no temporary directory left)
import_full_disk() {
	local out rc=0 left
	printf '[run]\nrepeat = 1\nwarmup = 0\n[fault_read]\nsize = 1M\nuffd = none\n' >"$WORK/tiny.conf"
	mkdir -p "$WORK/fullres"
	if ! mount -t tmpfs -o size=64k tmpfs "$WORK/fullres" 2>/dev/null; then
		skip "runner: full results disk (mounting a tmpfs needs root)"
		return
	fi
	dd if=/dev/zero of="$WORK/fullres/fill" bs=1k count=48 status=none 2>/dev/null
	out=$("$RUN" --arch x86_64 --kernel stock --config "$WORK/tiny.conf" --timeout 300 \
		--results "$WORK/fullres" 2>&1) || rc=$?
	left=$(find "$WORK/fullres" -mindepth 1 -maxdepth 1 -printf '%P\n' | sort | tr '\n' ' ')
	umount "$WORK/fullres"
	if [ "$rc" -eq 5 ] && [ "$left" = "fill " ] &&
	   grep -q "^run-guest: writing .*No space left on device.*; nothing imported$" <<<"$out"; then
		ok "runner: full results disk -> exit 5, $(grep '^run-guest: writing' <<<"$out" | sed 's/; nothing.*//')"
	else
		bad "runner: full results disk (exit $rc, left: $left)" "$(tail -5 <<<"$out")"
	fi
}

arm64_guests() {
	if guest_run arm64-6.12 --arch arm64 --kernel debian-6.12 --config configs/vm-arm64.conf; then
		check_ppf "$DIR" arm64-6.12 16 uffd=none fault_around_bytes=65536
		check_ppf "$DIR" arm64-6.12 16 uffd=missing fault_around_bytes=65536
		check_ppf "$DIR" arm64-6.12 1 uffd=wp fault_around_bytes=65536
		check_ppf "$DIR" arm64-6.12 1 uffd=minor fault_around_bytes=65536
		check_ppf "$DIR" arm64-6.12 1 uffd=none fault_around_bytes=4096
		if jq -e '.timer.source == "cntvct_el0"' "$DIR/meta.json" >/dev/null; then
			ok "arm64: timer cntvct_el0 ($(jq -r .timer.why "$DIR/meta.json"))"
		else
			bad "arm64: timer $(jq -c .timer "$DIR/meta.json")"
		fi
		if jq -e '.build.arch == "aarch64" and .build.static' "$DIR/meta.json" >/dev/null; then
			ok "arm64: static aarch64 build ran in the guest"
		else
			bad "arm64: build $(jq -c .build "$DIR/meta.json")"
		fi
		# a PMU's name, or its absence with the reason; never empty
		if jq -e '.probe.pmu | type == "string" and length > 0 and
			((startswith("unsupported") | not) or test("^unsupported: .+"))' \
			"$DIR/meta.json" >/dev/null; then
			ok "arm64: probe pmu: $(jq -r '.probe.pmu' "$DIR/meta.json")"
		else
			bad "arm64: probe pmu: $(jq -c '.probe.pmu' "$DIR/meta.json")"
		fi
	fi
	if guest_run arm64-6.1 --arch arm64 --kernel debian-6.1 --config configs/vm-arm64.conf; then
		if grep -q ',wp,.*unsupported: needs uffd-wp on shmem (UFFDIO_REGISTER mode wp: EINVAL' \
			"$DIR/samples.csv"; then
			ok "arm64 6.1: wp points unsupported: needs uffd-wp on shmem (UFFDIO_REGISTER mode wp: EINVAL)"
		else
			bad "arm64 6.1: wp points not unsupported" "$(grep ',wp,' "$DIR/samples.csv")"
		fi
		check_ppf "$DIR" arm64-6.1 16 uffd=none fault_around_bytes=65536
		check_ppf "$DIR" arm64-6.1 1 uffd=none fault_around_bytes=4096
	fi
}

x86_variants
knob_test
ktest
runner_failures
import_full_disk
ktest_runner
arm64_guests
finish
