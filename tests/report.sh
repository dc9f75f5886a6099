#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fabench report and fabench history on a small real run: report.txt fits
# 80 columns and names the kernel, the PNG and SVG files are well formed,
# the fault_around_bytes sweep is plotted or its skip line says why,
# a directory without meta.json is refused in one line, and history puts
# two runs side by side.
#
# usage: tests/report.sh [FABENCH]
# Prints one "ok"/"FAIL" line per check and "report: N passed, N failed".

FABENCH=${1:-build/fabench}
TEST_NAME=report
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

cat >"$WORK/small.conf" <<'CONF'
[run]
repeat = 3
warmup = 0
timing = throughput, latency
fault_around_bytes = default, 4096, 65536
[fault_read]
size = 4M
uffd = none, wp
[dirty_uffd_wp]
size = 4M
pages = 256
CONF

# png_ok FILE: the 8-byte signature, then IHDR with width and height > 0
png_ok() {
	local sig w h
	sig=$(od -An -tx1 -N8 "$1" | tr -d ' \n')
	[ "$sig" = 89504e470d0a1a0a ] || return 1
	[ "$(dd if="$1" bs=1 skip=12 count=4 2>/dev/null)" = IHDR ] || return 1
	w=$(od -An -tu4 --endian=big -j16 -N4 "$1" | tr -d ' ')
	h=$(od -An -tu4 --endian=big -j20 -N4 "$1" | tr -d ' ')
	[ "${w:-0}" -gt 0 ] && [ "${h:-0}" -gt 0 ]
}

svg_ok() {
	head -c 512 "$1" | grep -q -e '<?xml' -e '<svg' && grep -q '</svg>' "$1"
}

if "$FABENCH" run -c "$WORK/small.conf" -o "$WORK/res" >"$WORK/out" 2>&1; then
	ok "small run"
else
	bad "small run" "$(tail -5 "$WORK/out")"
fi
RUN=$(readlink -f "$WORK/res/latest")
release=$(uname -r)

if "$FABENCH" report "$RUN" >"$WORK/out" 2>&1 && [ -s "$RUN/report.txt" ]; then
	ok "report writes report.txt"
else
	bad "report (exit $?)" "$(cat "$WORK/out")"
fi
long=$(awk 'length > 80' "$RUN/report.txt" | wc -l)
if [ "$long" -eq 0 ]; then
	ok "report.txt: no line over 80 columns"
else
	bad "report.txt: $long lines over 80 columns" "$(awk 'length > 80' "$RUN/report.txt" | head -3)"
fi
if grep -qF "$release" "$RUN/report.txt"; then
	ok "report.txt names the kernel $release"
else
	bad "report.txt does not name the kernel $release"
fi
if ls "$RUN"/.report.txt.* >/dev/null 2>&1; then
	bad "a temporary report file was left"
else
	ok "no temporary file left"
fi

if ! command -v gnuplot >/dev/null; then
	if grep -q 'plots: unsupported: gnuplot not found' "$RUN/report.txt"; then
		ok "no gnuplot: report.txt says so"
	else
		bad "no gnuplot, and report.txt does not say so"
	fi
else
	# pages_per_fault is written on the ns_per_page bars; a latency CDF per section
	for p in ns_per_page latency-fault_read latency-dirty_uffd_wp tracked_pages_per_sec; do
		if png_ok "$RUN/plots/$p.png" && svg_ok "$RUN/plots/$p.svg" &&
		   [ -s "$RUN/plots/$p.gp" ] && [ -s "$RUN/plots/$p.dat" ]; then
			ok "plot $p: PNG and SVG well formed, script and data kept"
		else
			bad "plot $p: PNG, SVG, script or data missing or malformed"
		fi
	done
	# plots are the run's declared ones: no punch_hole in the run, no plot of it
	if grep -q '^plot punch_hole' "$RUN/report.txt"; then
		bad "a punch_hole plot line, though the run has no punch_hole"
	else
		ok "no punch_hole plot line (no punch_hole in the run)"
	fi
	# the config sweeps fault_around_bytes: a plot, or a line saying why not
	# (unprivileged, or no debugfs: the swept points are unsupported)
	if grep -q '^plot fault_around_bytes: plots/' "$RUN/report.txt"; then
		if png_ok "$RUN/plots/fault_around_bytes.png" &&
			svg_ok "$RUN/plots/fault_around_bytes.svg"; then
			ok "plot fault_around_bytes: PNG and SVG well formed"
		else
			bad "plot fault_around_bytes: PNG or SVG missing or malformed"
		fi
	elif grep -q '^plot fault_around_bytes: skipped: no fault_around_bytes sweep measured' \
		"$RUN/report.txt"; then
		ok "plot fault_around_bytes skipped: $(grep -A1 '^plot fault_around_bytes' "$RUN/report.txt" | tail -1 | sed 's/^ *//')"
	else
		bad "neither a fault_around_bytes plot nor its skip line" \
			"$(grep -A1 '^plot fault_around_bytes' "$RUN/report.txt")"
	fi
	if grep -q '^ *|.*|$' "$RUN/report.txt"; then
		ok "report.txt has a text plot"
	else
		bad "report.txt has no text plot"
	fi
	# a CDF line per uffd mode, named by its value, p50 and p99 in report.txt
	legend=$(sed -n '/^plot latency-fault_read: a latency CDF/,/^plot latency-fault_read: plots/p' \
		"$RUN/report.txt")
	if grep -q '^  none  *p50  *[0-9]* ns, p99  *[0-9]* ns$' <<<"$legend" &&
		grep -q '^  wp  *p50 ' <<<"$legend"; then
		ok "latency CDF: a line per uffd mode, short names, p50 and p99"
	else
		bad "latency CDF legend" "$legend"
	fi
fi

# long values wrap at words, never inside one ("fault_aroun" / "d_bytes")
cp -r "$RUN" "$WORK/longvals"
jq '.fault_around_bytes = "unsupported: EPERM reading /sys/kernel/debug/fault_around_bytes" |
    .probe.soft_dirty = "unsupported: soft-dirty bit never set (CONFIG_MEM_SOFT_DIRTY off?)"' \
	"$RUN/meta.json" >"$WORK/longvals/meta.json"
if "$FABENCH" report "$WORK/longvals" >"$WORK/out" 2>&1; then
	r="$WORK/longvals/report.txt"
	if [ -n "$(awk 'length > 80' "$r")" ]; then
		bad "long values: lines over 80 columns" "$(awk 'length > 80' "$r")"
	elif grep -q '^ \{24\}/sys/kernel/debug/fault_around_bytes$' "$r" &&
		grep -q '^ \{24\}(CONFIG_MEM_SOFT_DIRTY off?)$' "$r"; then
		ok "long meta values wrapped at words, continued under the value"
	else
		bad "long meta values wrapped mid-word" "$(grep -A1 -e fault_around_bytes -e soft-dirty "$r")"
	fi
	if grep -Eq '^  timer read \(ns\) +[0-9]+(\.[0-9]+)?$' "$r" &&
		[ "$(sed -n 's/^  timer read (ns) *//p' "$r" | wc -c)" -le 7 ]; then
		ok "timer read cost compact ($(sed -n 's/^  timer read (ns) *//p' "$r"))"
	else
		bad "timer read cost" "$(grep 'timer read' "$r")"
	fi
else
	bad "report on a copy with long values" "$(cat "$WORK/out")"
fi

# a result directory without meta.json: exit 2, one line naming the file
cp -r "$RUN" "$WORK/nometa"
rm "$WORK/nometa/meta.json"
"$FABENCH" report "$WORK/nometa" >"$WORK/out" 2>&1
rc=$?
if [ $rc -eq 2 ] && [ "$(wc -l <"$WORK/out")" -eq 1 ] && grep -q 'meta.json' "$WORK/out"; then
	ok "missing meta.json: exit 2, one line naming it"
else
	bad "missing meta.json: exit $rc" "$(cat "$WORK/out")"
fi

cp -r "$RUN" "$WORK/copy"
mkdir "$WORK/hist"
if "$FABENCH" history "$RUN" "$WORK/copy" -o "$WORK/hist" >"$WORK/out" 2>&1 &&
   grep -q '^ns_per_page  *r1  *r2$' "$WORK/out" &&
   grep -q '^fault_read .* [0-9]\+  *[0-9]\+$' "$WORK/out"; then
	ok "history on two runs prints a table"
else
	bad "history on two runs" "$(head -20 "$WORK/out")"
fi
long=$(awk 'length > 80' "$WORK/out" | wc -l)
if [ "$long" -eq 0 ]; then
	ok "history: no line over 80 columns"
else
	bad "history: $long lines over 80 columns"
fi
if command -v gnuplot >/dev/null; then
	if png_ok "$WORK/hist/history-ns_per_page.png"; then
		ok "history: trend PNG well formed"
	else
		bad "history: no trend PNG"
	fi
fi

finish
