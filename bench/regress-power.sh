#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# What `fabench regress` flags on real runs of this machine: A/A, pairs of
# runs of one build and config (false alarms), and A/B, the same with a
# known slowdown planted in fault_read (fabench-test's FABENCH_PLANT_NS,
# busy ns after every page touched), sized as a share of the uffd=none
# ns/page the first run measured (power).  Each pair is judged three ways:
# Benjamini-Hochberg (regress's default), --no-correction, and BH with
# --noise the A runs outside the pair (the noise floor learned from A/A).
#
# A side is K runs (regress --baseline ... --current ..., K of each; with
# K > 1 regress tests the run medians, so the drift between runs is in the
# test).  The runs interleave: block A0, then per pair i run by run A_i and
# one B per level, so a drift of the machine hits A and B alike.  A/A pairs
# are (A_{i-1}, A_i), A/B pairs (A_i, B_i).  A benchmark, not a test: it
# prints counts.
#
# usage: bench/regress-power.sh [-c CONFIG] [-n PAIRS] [-k K] [-l "PCT..."] [-o DIR] [-r]
#   CONFIG  default configs/regress.conf
#   PAIRS   default 10
#   K       runs a side, default 1
#   PCT     planted slowdowns in % of uffd=none ns/page, default "5 10 20"
#   DIR     where the runs go, default results/power-<date>
#   -r      no runs: judge again the runs an earlier call left in DIR (after
#           a change to regress), with the PAIRS, K and PCT it was given;
#           K may be smaller than the runs made (the first K of each side)

set -euo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=$TOP/build/fabench-test
CONFIG=configs/regress.conf
PAIRS=10
K=1
LEVELS="5 10 20"
OUT=results/power-$(date +%Y%m%d-%H%M%S)
REUSE=0

while getopts c:n:k:l:o:r opt; do
	case $opt in
	c) CONFIG=$OPTARG ;;
	n) PAIRS=$OPTARG ;;
	k) K=$OPTARG ;;
	l) LEVELS=$OPTARG ;;
	o) OUT=$OPTARG ;;
	r) REUSE=1 ;;
	*) echo "usage: $0 [-c CONFIG] [-n PAIRS] [-k K] [-l \"PCT...\"] [-o DIR] [-r]" >&2; exit 2 ;;
	esac
done
[ -f "$CONFIG" ] || { echo "regress-power: $CONFIG: no such config" >&2; exit 2; }
make -s -C "$TOP" fabench-test >&2
mkdir -p "$OUT"

# run LABEL [PLANT_NS]: one run of CONFIG into OUT; prints its directory
# (-r: the one an earlier call made)
run() {
	local label=$1 plant=${2:-0} out
	if [ "$REUSE" = 1 ]; then
		out=$(find "$OUT" -maxdepth 1 -type d -name "*-$label" | sort | tail -1)
		[ -n "$out" ] || { echo "regress-power: -r: no run labelled $label in $OUT" >&2; exit 2; }
		echo "$out"
		return
	fi
	out=$(FABENCH_PLANT_NS=$plant "$BIN" run -c "$CONFIG" -o "$OUT" -l "$label" 2>&1) || {
		echo "regress-power: run $label failed:" >&2
		tail -5 <<<"$out" >&2
		exit 1
	}
	sed -n 's/^results: //p' <<<"$out" | tail -1
}

# the mean of ns_per_page at fault_read uffd=none, timing throughput
none_ns() {
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["workload"] == "fault_read" && $c["uffd"] == "none" &&
		$c["timing"] == "throughput" && $c["metric"] == "ns_per_page" { print $c["mean"]; exit }' \
		"$1/summary.csv"
}

# the label of run j of a block: a3, a3.2, a3.3 ... (K = 1 names as before)
lab() { [ "$2" = 1 ] && echo "$1" || echo "$1.$2"; }

[ "$REUSE" = 0 ] || [ -d "$OUT" ] || { echo "regress-power: -r: $OUT: no such directory" >&2; exit 2; }
[ "$REUSE" = 1 ] || rm -f "$OUT/regress.log"
start=$(date +%s)
declare -a A
declare -A B
a0=$(run a0)
A[0]=$a0
base=$(none_ns "$a0")
[ -n "$base" ] || { echo "regress-power: $a0: no fault_read uffd=none ns_per_page" >&2; exit 1; }
declare -A plant
for l in $LEVELS; do
	plant[$l]=$(awk -v b="$base" -v l="$l" 'BEGIN { printf "%.0f", b * l / 100 }')
done
echo "regress-power: $CONFIG, $PAIRS pairs of $K run(s) a side, uffd=none ns/page of the" \
	"first run $base ns; planted: $(for l in $LEVELS; do printf '+%s%% = %s ns  ' "$l" "${plant[$l]}"; done)" >&2
for j in $(seq 2 "$K"); do
	A[0]+=" $(run "$(lab a0 "$j")")"
done
for i in $(seq 1 "$PAIRS"); do
	A[i]=""
	for l in $LEVELS; do B[$l,$i]=""; done
	for j in $(seq 1 "$K"); do
		A[i]+="${A[i]:+ }$(run "$(lab "a$i" "$j")")"
		for l in $LEVELS; do
			B[$l,$i]+="${B[$l,$i]:+ }$(run "$(lab "b$l-$i" "$j")" "${plant[$l]}")"
		done
	done
	echo "regress-power: pair $i of $PAIRS done ($(($(date +%s) - start)) s)" >&2
done

# judge "BASE..." "CURRENT..." "NOISE...": "EXIT FLAGGED" for BH,
# --no-correction and BH with --noise NOISE (flagged: a regression: line
# on fault_read's ns_per_page)
judge() {
	local bh raw nz ebh=0 eraw=0 enz=0 d
	local -a sides=() noise=()
	for d in $1; do sides+=(--baseline "$d"); done
	for d in $2; do sides+=(--current "$d"); done
	for d in $3; do noise+=(--noise "$d"); done
	bh=$("$BIN" regress "${sides[@]}" 2>&1) || ebh=$?
	raw=$("$BIN" regress --no-correction "${sides[@]}" 2>&1) || eraw=$?
	nz=$("$BIN" regress "${noise[@]}" "${sides[@]}" 2>&1) || enz=$?
	echo "$ebh $(grep -c '^regression: fault_read .*ns_per_page' <<<"$bh")" \
		"$eraw $(grep -c '^regression: fault_read .*ns_per_page' <<<"$raw")" \
		"$enz $(grep -c '^regression: fault_read .*ns_per_page' <<<"$nz")"
	{ echo "== $1 -> $2"; echo "$bh"; echo "-- --no-correction"; echo "$raw"
	  echo "-- --noise (${#noise[@]} arguments)"; echo "$nz"; } >>"$OUT/regress.log"
}

# row LABEL COUNT TOTAL...: one line of the table, COUNT/TOTAL per way
row() {
	printf '%-30s' "$1"
	shift
	printf ' %6s/%-3s' "$@"
	echo
}

# the noise runs of a pair of blocks: every A run outside it (K = 1), else
# the K runs of one other block (the largest A/A change among many runs
# would be a floor no change clears)
noise_of() {
	local i d
	if [ "$K" = 1 ]; then
		for d in "${A[@]}"; do
			[ "$d" = "$1" ] || [ "$d" = "$2" ] || echo "$d"
		done
		return
	fi
	for i in $(seq 0 "$PAIRS"); do
		[ "${A[i]}" = "$1" ] || [ "${A[i]}" = "$2" ] || { echo "${A[i]}"; return; }
	done
}

# tally "BASE..." "CURRENT...": judge the pair; per way, ex[] counts exits
# 1, fl[] flags
declare -a ex fl
tally() {
	local -a j
	local k

	read -r -a j < <(judge "$1" "$2" "$(noise_of "$1" "$2")")
	for k in 0 1 2; do
		[ "${j[2 * k]}" = 1 ] && ex[k]=$((ex[k] + 1))
		[ "${j[2 * k + 1]}" -gt 0 ] && fl[k]=$((fl[k] + 1))
	done
	return 0
}

for k in 0 1 2; do ex[k]=0 fl[k]=0; done
for i in $(seq 1 "$PAIRS"); do
	tally "${A[i - 1]}" "${A[i]}"
done
echo
echo "regress-power: $CONFIG, $PAIRS pairs a row, $K run(s) a side, $(($(date +%s) - start)) s; runs in $OUT"
printf '%-30s %10s %10s %10s\n' "pairs" "BH" "uncorr." "BH+noise"
row "A/A: regress exits 1" "${ex[0]}" "$PAIRS" "${ex[1]}" "$PAIRS" "${ex[2]}" "$PAIRS"
row "A/A: ns_per_page flagged" "${fl[0]}" "$PAIRS" "${fl[1]}" "$PAIRS" "${fl[2]}" "$PAIRS"
for l in $LEVELS; do
	for k in 0 1 2; do ex[k]=0 fl[k]=0; done
	for i in $(seq 1 "$PAIRS"); do
		tally "${A[i]}" "${B[$l,$i]}"
	done
	# what was planted, as measured: the median over the pairs of uffd=none's %change
	got=$(for i in $(seq 1 "$PAIRS"); do
		awk -v a="$(for d in ${A[i]}; do none_ns "$d"; done | awk '{ s += $1 } END { print s / NR }')" \
			-v b="$(for d in ${B[$l,$i]}; do none_ns "$d"; done | awk '{ s += $1 } END { print s / NR }')" \
			'BEGIN { printf "%.1f\n", (b - a) / a * 100 }'
	done | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }')
	row "A/B +$l% (${plant[$l]} ns/page): flagged" "${fl[0]}" "$PAIRS" \
		"${fl[1]}" "$PAIRS" "${fl[2]}" "$PAIRS"
	echo "  (uffd=none measured: median ${got}% over the pairs)"
	row "  regress exits 1" "${ex[0]}" "$PAIRS" "${ex[1]}" "$PAIRS" "${ex[2]}" "$PAIRS"
done
echo "flagged: a regression: line on fault_read ns_per_page (uffd none and missing carry"
echo "the planted ns); every regress output in $OUT/regress.log"
