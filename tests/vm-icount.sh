#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tests/vm-icount.sh: guests under QEMU icount, where a guest's clock
# counts instructions.  Two boots of the stock variant run the same config:
# every fault_read and punch_hole time (instructions, here) agrees within
# 0.5 % between them, and regress finds nothing.  In the same boots the
# minimal touch loop (bench/vm/touch_loop.c) takes the same faults in four
# address-space layouts: fabench's instructions per page must be within 1 %
# of the span the loop's take (none, wp and minor).  Then the planted variant
# (tests/kernels/planted.series: stock plus 2000 instructions on every read
# fault), built from stock's objects: regress must flag fault_read and not
# punch_hole, and the extra instructions per fault must be within 10 % of
# 2000.
#
# usage: tests/vm-icount.sh [FABENCH]   (default build/fabench)
set -u
cd "$(dirname "$0")/.." || exit 1
FABENCH=${1:-build/fabench}
TEST_NAME=vm-icount
# shellcheck source=tests/lib.sh
. tests/lib.sh

RUN=bench/vm/run-guest.sh
PLANTED_INS=2000
# the two boots' agreement, the planted count's tolerance, fabench's
# distance from the span of the touch loop's layouts (%)
BOOT_TOLERANCE=0.5
PLANT_TOLERANCE=10
LOOP_TOLERANCE=1

cat >"$WORK/icount.conf" <<'EOF'
; SPDX-License-Identifier: GPL-2.0-only
[run]
repeat = 5
warmup = 1
timing = throughput
order = interleave
; no perf events: each counter costs instructions in every fault (650 or so
; a fault for the default set), which the touch loop does not pay
events = none
fault_around_bytes = 4096, 65536

[fault_read]
size = 16M
cache = populated
uffd = none, wp, minor

[punch_hole]
size = 16M
mapped = 0, 100
populate = read
uffd = none, wp
EOF

# guest_run NAME ARGS...: an icount boot into $WORK/results; sets DIR
guest_run() {
	local name=$1 rc=0 start=$SECONDS
	shift
	"$RUN" --results "$WORK/results" --accel icount --config "$WORK/icount.conf" \
		--touch-loop 16 "$@" >"$WORK/$name.out" 2>&1 || rc=$?
	DIR=$(sed -n 's/^results: //p' "$WORK/$name.out" | tail -1)
	if [ "$rc" -eq 0 ] && [ -n "$DIR" ] && [ -f "$DIR/meta.json" ]; then
		ok "$name: icount boot completed and its result came back ($((SECONDS - start)) s)"
		return 0
	fi
	bad "$name: icount boot failed (exit $rc)" "$(tail -30 "$WORK/$name.out")"
	DIR=
	return 1
}

# metric_rows DIR: "point-key metric median" for every ok fault_read and
# punch_hole row of a time metric (unit ns or us in the declarations); the
# median, because a timer interrupt that lands in one repetition's window
# of 40000 instructions (retouch) moves its mean by 4 %
metric_rows() {
	local units
	units=$(jq -r '.metrics | to_entries[] | .value[] |
		select(.unit == "ns" or .unit == "us") | .name' "$1/meta.json" | sort -u)
	awk -F, -v units="$units" '
		BEGIN { n = split(units, u, "\n"); for (i = 1; i <= n; i++) timed[u[i]] = 1 }
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["status"] == "ok" && ($c["workload"] == "fault_read" || $c["workload"] == "punch_hole") &&
		timed[$c["metric"]] && $c["median"] != "" {
			print $c["section"] "/" $c["uffd"] "/" $c["wp_range"] "/" $c["mapped"] "/" \
			      $c["fault_around_bytes"], $c["metric"], $c["median"]
		}' "$1/summary.csv" | sort
}

if ! command -v qemu-system-x86_64 >/dev/null || [ "$(uname -m)" != x86_64 ]; then
	skip "icount guests: no qemu-system-x86_64 on an x86_64 host"
	finish
	exit
fi
make -s build/touch-loop-static >/dev/null || bad "make build/touch-loop-static"
if ! bench/vm/kernels.sh stock >"$WORK/kernels.log" 2>&1; then
	bad "stock kernel build" "$(tail -20 "$WORK/kernels.log")"
	finish
	exit
fi

# two boots of one kernel: the same instructions
guest_run "stock, boot 1" --label stock-1 && A=$DIR
FABENCH_SKIP_BUILD=1 guest_run "stock, boot 2" --label stock-2 && B=$DIR
if [ -n "${A:-}" ] && [ -n "${B:-}" ]; then
	if jq -e '.vm.accel == "icount" and .vm.clock == "instructions" and .vm.cpus == 1' \
		"$A/meta.json" >/dev/null; then
		ok "meta.json: vm.accel icount, vm.clock instructions, one vCPU"
	else
		bad "meta.json vm section" "$(jq .vm "$A/meta.json")"
	fi
	if grep -q '^clock: QEMU icount' "$A/summary.txt" && grep -q ' ins/page ' "$A/summary.txt" &&
		grep -q 'punch Kins' "$A/summary.txt" && ! grep -Eq '(^| )ns/page|punch us' "$A/summary.txt"; then
		ok "summary.txt says its times count instructions, its headers ins/page and punch Kins"
	else
		bad "summary.txt: no clock line, or a header in ns or us" "$(head -12 "$A/summary.txt")"
	fi
	join <(metric_rows "$A" | awk '{ print $1 "|" $2, $3 }') \
		<(metric_rows "$B" | awk '{ print $1 "|" $2, $3 }') >"$WORK/boots.txt"
	worst=$(awk '{ d = ($3 - $2) / $2 * 100; if (d < 0) d = -d; print d, $1, $2, $3 }' \
		"$WORK/boots.txt" | sort -g | tail -1)
	rows=$(wc -l <"$WORK/boots.txt")
	if [ "$rows" -ge 10 ] && awk -v w="${worst%% *}" -v t="$BOOT_TOLERANCE" 'BEGIN { exit !(w <= t) }'; then
		ok "two boots: $rows fault_read and punch_hole times agree, largest difference ${worst%% *} % (${worst#* })"
	else
		bad "two boots: $rows times compared, largest difference ${worst:-none} % (at most $BOOT_TOLERANCE %)" \
			"$(cat "$WORK/boots.txt")"
	fi
	expect_run "regress, boot 1 against boot 2: nothing flagged" 0 '^regress: 0 regressions' \
		"$FABENCH" regress --baseline "$A" --current "$B"
	# fabench beside the minimal loop, instructions per page: within 1 % of
	# the span the loop itself takes over address-space layouts (the
	# kernel's VMA lookup; bench/vm/touch_loop.c)
	for mode in none wp minor; do
		line=$(grep "^touch-loop: uffd=$mode " "$A/touch-loop.txt")
		loop=$(sed -n 's/.* ns_per_page=\([0-9.]*\) .*/\1/p' <<<"$line")
		lo=$(sed -n 's/.* min=\([0-9.]*\) .*/\1/p' <<<"$line")
		hi=$(sed -n 's/.* max=\([0-9.]*\)$/\1/p' <<<"$line")
		fab=$(summary_mean "$A" ns_per_page workload=fault_read uffd=$mode fault_around_bytes=65536 \
			wp_range=protected)
		diff=$(awk -v f="$fab" -v l="$loop" 'BEGIN { if (f == "" || l == "") exit 1; printf "%+.2f", (f - l) / l * 100 }') ||
			diff=
		msg="uffd=$mode, 16 MiB, fault_around_bytes 65536: fabench $fab ins/page, touch loop $loop (${diff:-?} %; $lo-$hi over its layouts)"
		if [ -z "$diff" ] || [ -z "$lo" ] || [ -z "$hi" ]; then
			bad "uffd=$mode: no figure from fabench ('$fab') or the touch loop ('$line')" \
				"$(cat "$A/touch-loop.txt" 2>/dev/null)"
		elif awk -v f="$fab" -v lo="$lo" -v hi="$hi" -v t="$LOOP_TOLERANCE" \
			'BEGIN { exit !(f >= lo * (1 - t / 100) && f <= hi * (1 + t / 100)) }'; then
			ok "$msg"
		else
			bad "$msg: more than $LOOP_TOLERANCE % outside the loop's span"
		fi
	done
fi

# the planted regression: stock plus PLANTED_INS instructions per read fault
start=$SECONDS
if bench/vm/kernels.sh --series-dir tests/kernels planted >"$WORK/planted-build.log" 2>&1; then
	ok "planted variant built ($((SECONDS - start)) s; $(grep -c "starting from stock's objects" \
		"$WORK/planted-build.log") seeded from stock's objects)"
	FABENCH_SKIP_BUILD=1 guest_run "planted" --kernel planted --label planted && P=$DIR
else
	bad "planted variant build" "$(tail -20 "$WORK/planted-build.log")"
fi
if [ -n "${A:-}" ] && [ -n "${B:-}" ] && [ -n "${P:-}" ]; then
	# one run a side: icount has no drift between boots (above)
	out=$("$FABENCH" regress --baseline "$A" --current "$P" 2>&1)
	rc=$?
	echo "$out" >"$WORK/planted-regress.txt"
	if [ $rc -eq 1 ] && grep -q '^regression: fault_read .*ns_per_page' <<<"$out" &&
		! grep -q '^regression: punch_hole' <<<"$out"; then
		ok "regress stock -> planted: exit 1, $(grep -c '^regression: fault_read' <<<"$out") fault_read regressions, no punch_hole"
		grep -e '^regression' -e '^regress:' <<<"$out" | sed 's/^/     /'
	else
		bad "regress stock -> planted: exit $rc (expected 1, fault_read flagged, punch_hole not)" "$out"
	fi
	# extra instructions per read fault: the change of ns_per_page times
	# the pages each fault maps
	for pt in "uffd=none fault_around_bytes=4096" "uffd=none fault_around_bytes=65536" \
		"uffd=wp fault_around_bytes=65536"; do
		# shellcheck disable=SC2086 # the filters are words
		extra=$(awk -v a="$(summary_mean "$A" ns_per_page workload=fault_read $pt)" \
			-v p="$(summary_mean "$P" ns_per_page workload=fault_read $pt)" \
			-v ppf="$(summary_mean "$P" pages_per_fault workload=fault_read $pt)" \
			'BEGIN { if (a == "" || p == "" || ppf == "") exit 1; printf "%.0f", (p - a) * ppf }') ||
			extra=
		if [ -n "$extra" ] && awk -v e="$extra" -v w="$PLANTED_INS" -v t="$PLANT_TOLERANCE" \
			'BEGIN { d = (e - w) / w * 100; exit !(d <= t && d >= -t) }'; then
			ok "planted, $pt: $extra instructions more per read fault (planted $PLANTED_INS)"
		else
			bad "planted, $pt: '${extra}' instructions more per read fault (planted $PLANTED_INS, within $PLANT_TOLERANCE %)"
		fi
	done
fi

finish
