#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fabench variants and report's guest line, on two small real runs and
# copies of them edited to be what a kernel variant would have produced:
# a guest run under TCG with its punches twice as slow and uffd minor
# refused, a run that lost a write-protect, a run of another config.
# Checks that cells are the samples' means, the ratios, the TCG banner and
# labels, reasons instead of numbers, the verdicts, 80 columns, and that bad
# input is one line naming the file, exit 2 and no file written.
#
# usage: tests/variants.sh [FABENCH]
# Prints one "ok"/"FAIL" line per check and "variants: N passed, N failed".

FABENCH=${1:-build/fabench}
TEST_NAME=variants
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

cat >"$WORK/small.conf" <<'CONF'
[run]
repeat = 3
warmup = 0
order = interleave
fault_around_bytes = default
[fault_read]
size = 4M
uffd = none, missing, minor
[fault_read.wp]
size = 4M
uffd = wp
wp_range = protected, registered
[dirty_wp_async]
size = 4M
pages = 128
[punch_hole]
size = 4M
mapped = 0, 100
populate = read
uffd = none, wp
[wp_oracle]
mode = sync, async
seconds = 1
CONF

run() { # run LABEL: a result directory's path
	"$FABENCH" run -c "$WORK/small.conf" -o "$WORK/res-$1" -l "$1" >"$WORK/run-$1.out" 2>&1 ||
		bad "run -l $1 (exit $?)" "$(tail -5 "$WORK/run-$1.out")"
	readlink -f "$WORK/res-$1/latest"
}

# csv_edit FILE CONDITION ACTION: awk over samples.csv with c["column"]
# the index of each column, ACTION applied to the rows CONDITION selects
csv_edit() {
	awk -F, -v OFS=, "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; print; next }
		$2 { $3 } { print }" "$1" >"$1.new" && mv "$1.new" "$1"
}

# mean FILE METRIC CONDITION: the metric's mean over the ok rows selected
mean() {
	awk -F, "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next }
		\$c[\"status\"] == \"ok\" && $3 { s += \$c[\"$2\"]; n++ }
		END { if (n) printf \"%.17g\n\", s / n }" "$1/samples.csv"
}

# num X: fabench's 4-significant-digit number
num() {
	awk -v x="$1" 'BEGIN { a = x < 0 ? -x : x
		if (a >= 100 || x == 0) printf "%.0f", x; else if (a >= 10) printf "%.1f", x
		else printf "%.2f", x }'
}

width_ok() { # width_ok FILE WHAT
	local long
	long=$(awk 'length > 80' "$1" | wc -l)
	[ "$long" -eq 0 ] && ok "$2: no line over 80 columns" ||
		bad "$2: $long lines over 80 columns" "$(awk 'length > 80' "$1" | head -3)"
}

A=$(run stock)
B=$(run fa-wp)
[ -f "$A/meta.json" ] && [ -f "$B/meta.json" ] && ok "two real runs" || bad "no runs"

# C: fa-wp as the preunmap-removal guest under TCG, punches twice as slow,
# uffd minor refused
C=$WORK/preunmap-removal
cp -r "$B" "$C"
jq '.label = "preunmap-removal" | .vm = {arch: "x86_64", kernel: "preunmap-removal",
	image: "bzImage", image_sha256: "0", accel: "tcg", accel_reason: "no /dev/kvm",
	times: "emulated: compare counts, not times", qemu: "8.2", memory_mib: 1024,
	cpus: 2, runner: "test"}' "$B/meta.json" >"$C/meta.json"
csv_edit "$C/samples.csv" '$c["section"] == "punch_hole" && $c["status"] == "ok"' \
	'$c["punch_us"] = $c["punch_us"] * 2'
csv_edit "$C/samples.csv" '$c["uffd"] == "minor" && $c["section"] == "fault_read"' \
	'$c["status"] = "unsupported: UFFDIO_REGISTER mode minor: EINVAL"'
# D: stock as armed-off, with a lost write-protect in the sync oracle
D=$WORK/armed-off
cp -r "$A" "$D"
jq '.label = "armed-off"' "$A/meta.json" >"$D/meta.json"
csv_edit "$D/samples.csv" '$c["mode"] == "sync" && $c["status"] == "ok" && $c["rep"] == 0' \
	'$c["lost_wp"] = 1'
# E: another config (the fault_read size differs); F: broken meta.json
E=$WORK/other-config
cp -r "$A" "$E"
csv_edit "$E/samples.csv" '$c["section"] == "fault_read"' '$c["size"] = "8M"'
F=$WORK/bad-meta
cp -r "$A" "$F"
echo '{ "format_version": 1,' >"$F/meta.json"

# the two real runs: cells are the samples' means, no TCG banner
"$FABENCH" variants "$A" "$B" >"$WORK/ab" 2>"$WORK/err"
rc=$?
[ $rc -eq 0 ] && ok "variants A B: exit 0" || bad "variants A B: exit $rc" "$(cat "$WORK/err")"
sel='$c["section"] == "fault_read" && $c["uffd"] == "none"'
cell() { # cell DIR: "ppf/faults" of uffd none
	printf '%.2f/%.0f' "$(mean "$1" pages_per_fault "$sel")" "$(mean "$1" faults "$sel")"
}
want="$(cell "$A") +$(cell "$B")"
grep -Eq "^none .* $want\$" "$WORK/ab" && ok "fault-around cells = the samples' means ($want)" ||
	bad "fault-around row is not '$want'" "$(grep '^none' "$WORK/ab")"
psel='$c["section"] == "punch_hole" && $c["mapped"] == 100 && $c["uffd"] == "none"'
pa=$(num "$(mean "$A" punch_us "$psel")")
grep -Eq "^100 +none +$pa " "$WORK/ab" && ok "punch_us cell = the samples' mean ($pa)" ||
	bad "punch row is not '100 none $pa'" "$(grep '^100 ' "$WORK/ab")"
grep -q 'TCG' "$WORK/ab" && bad "native runs: a TCG banner or label" "$(grep TCG "$WORK/ab")" ||
	ok "native runs: no TCG banner"
grep -q 'pre-unmap removed' "$WORK/ab" && bad "pre-unmap line without a preunmap-removal run" ||
	ok "no pre-unmap line without a preunmap-removal run"
grep -Eq '^(stock|fa-wp) +sync .* ok$' "$WORK/ab" && ok "oracle verdict ok on real runs" ||
	bad "no ok oracle verdict" "$(sed -n '/^Write-protect/,/^$/p' "$WORK/ab")"
width_ok "$WORK/ab" "variants A B"

# fa-wp against the TCG guest copy: the ratio, the banner, reasons
"$FABENCH" variants --baseline fa-wp -o "$WORK/bc.txt" "$B" "$C" >"$WORK/out" 2>&1
rc=$?
[ $rc -eq 0 ] && [ -s "$WORK/bc.txt" ] && ok "variants -o FILE: exit 0, file written" ||
	bad "variants -o: exit $rc" "$(cat "$WORK/out")"
ls "$WORK"/bc.txt.tmp.* >/dev/null 2>&1 && bad "a temporary file was left" ||
	ok "-o: no temporary file left"
grep -qx 'times emulated (TCG): counts are exact, times are indicative only' "$WORK/bc.txt" &&
	ok "TCG banner" || bad "no TCG banner" "$(head -5 "$WORK/bc.txt")"
grep -q '^Punch hole: punch_us (mean) (indicative: TCG)$' "$WORK/bc.txt" &&
	grep -q '^Dirty tracking: pages/s (mean) (indicative: TCG)$' "$WORK/bc.txt" &&
	! grep -q '^Fault-around.*TCG' "$WORK/bc.txt" &&
	ok "time tables titled (indicative: TCG), count tables not" ||
	bad "TCG title labels" "$(grep -E '^(Punch|Dirty|Fault)' "$WORK/bc.txt")"
grep -Eq '^100 +none .* x2\.00\*?$' "$WORK/bc.txt" && ok "punch ratio x2.00 over the baseline" ||
	bad "no x2.00 punch ratio" "$(grep '^100 ' "$WORK/bc.txt")"
grep -qx 'pre-unmap removed vs kept (preunmap-removal / fa-wp), punch_us:' "$WORK/bc.txt" &&
	grep -Eq '^  x2\.00\*? at mapped=100 uffd=none$' "$WORK/bc.txt" &&
	ok "pre-unmap removed vs kept: x2.00 at mapped=100 uffd=none" ||
	bad "pre-unmap comparison line" "$(grep -A5 'pre-unmap' "$WORK/bc.txt")"
row=$(grep -E '^minor ' "$WORK/bc.txt")
note=$(sed -n 's/.*n\/a\[\([0-9]*\)\]$/\1/p' <<<"$row")
if [ -n "$note" ] && grep -Eq '^minor .* [0-9.]+/[0-9]+ +n/a\[[0-9]+\]$' <<<"$row" &&
   grep -qx "  \[$note\] unsupported: UFFDIO_REGISTER mode minor: EINVAL" "$WORK/bc.txt"; then
	ok "unsupported point: its reason, not a number"
else
	bad "unsupported point" "$row"$'\n'"$(grep '^  \[' "$WORK/bc.txt")"
fi
grep -q '^  accel tcg: no /dev/kvm$' "$WORK/bc.txt" && ok "run header: accel and its reason" ||
	bad "no accel line" "$(head -12 "$WORK/bc.txt")"
"$FABENCH" variants --baseline fa-wp "$B" "$C" | cmp -s - "$WORK/bc.txt" &&
	ok "-o FILE holds what stdout shows" || bad "-o FILE differs from stdout"
width_ok "$WORK/bc.txt" "variants B C"

# all four: a lost write-protect, and 80 columns with four columns
"$FABENCH" variants "$A" "$D" "$B" "$C" >"$WORK/all" 2>"$WORK/err"
grep -Eq '^armed-off +sync .* LOST WP$' "$WORK/all" &&
	! grep -Eq '^stock +sync .*LOST' "$WORK/all" &&
	ok "lost_wp > 0: verdict LOST WP (that run only)" ||
	bad "lost_wp verdict" "$(sed -n '/^Write-protect/,/^$/p' "$WORK/all")"
grep -q '^fabench variants: 4 runs of one config, baseline stock$' "$WORK/all" &&
	ok "baseline stock by default" || bad "baseline" "$(head -1 "$WORK/all")"
width_ok "$WORK/all" "variants of four runs"

# punched protected pages: the cell of run A (first column) at the async
# point is the sums of its punch_wp_kept and punch_wp_dropped samples
sum_of() { # sum_of DIR METRIC: over A's wp_oracle mode=async ok rows
	awk -F, -v m="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["workload"] == "wp_oracle" && $c["mode"] == "async" && $c["status"] == "ok" {
			s += $c[m] } END { printf "%.0f", s }' "$1/samples.csv"
}
want="$(sum_of "$A" punch_wp_kept)/$(sum_of "$A" punch_wp_dropped)"
got=$(sed -n '/^Punched protected pages/,/^$/p' "$WORK/all" | awk '$1 == "async" { print $3; exit }')
[ "$got" = "$want" ] && ok "punched pages: wp kept/dropped sums ($got)" ||
	bad "punched pages: got '$got', want '$want'" "$(sed -n '/^Punched/,/^$/p' "$WORK/all")"

# bad input: exit 2, one line naming the file, nothing written
bad_input() { # bad_input WHAT NEEDLE ARGS...
	local what=$1 needle=$2 rc
	shift 2
	rm -f "$WORK/o.txt"
	"$FABENCH" variants -o "$WORK/o.txt" "$@" >"$WORK/out" 2>&1
	rc=$?
	if [ $rc -eq 2 ] && [ "$(wc -l <"$WORK/out")" -eq 1 ] && grep -qF -- "$needle" "$WORK/out" &&
	   [ ! -e "$WORK/o.txt" ] && ! ls "$WORK"/o.txt.* >/dev/null 2>&1; then
		ok "$what: exit 2, one line naming $needle, no file"
	else
		bad "$what: exit $rc" "$(cat "$WORK/out"; ls "$WORK"/o.txt* 2>/dev/null)"
	fi
}
bad_input "different configs" "$E/samples.csv" "$A" "$E"
bad_input "missing directory" "$WORK/nowhere/meta.json" "$A" "$WORK/nowhere"
bad_input "unreadable meta.json" "$F/meta.json" "$A" "$F"
bad_input "unknown --baseline" "--baseline nope" --baseline nope "$A" "$B"
"$FABENCH" variants "$A" >"$WORK/out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q '^usage: fabench variants' "$WORK/out" && ok "one directory: usage, exit 2" ||
	bad "one directory: exit $rc" "$(cat "$WORK/out")"

# report: the guest line and the TCG labels, only for the guest run
if "$FABENCH" report "$C" >"$WORK/out" 2>&1; then
	sed -n '/^Machine/,/^$/p' "$C/report.txt" | tr -s '\n ' '  ' |
		grep -q 'guest: x86_64 kernel preunmap-removal (.*), qemu TCG: times emulated: compare counts' &&
		ok "report: guest line" ||
		bad "report: no guest line" "$(sed -n '/^Machine/,/^$/p' "$C/report.txt")"
	grep -q '^Tables (summary.txt) (times indicative: TCG)$' "$C/report.txt" &&
		ok "report: tables titled indicative under TCG" || bad "report: tables title"
	width_ok "$C/report.txt" "report of a guest run"
else
	bad "report of the guest copy" "$(cat "$WORK/out")"
fi
"$FABENCH" report "$A" >/dev/null 2>&1
grep -q -e '^guest:' -e 'TCG' "$A/report.txt" && bad "report of a native run: guest or TCG" ||
	ok "report of a native run: no guest line"

finish
