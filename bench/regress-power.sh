#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# What `fabench regress` flags on real runs of this machine: A/A, pairs of
# runs of one build and config (false alarms), and A/B, the same with a
# known slowdown planted in fault_read (fabench-test's plant_ns, busy ns
# after every page touched), sized as a share of the uffd=none ns/page the
# first run measured (power).  Each pair is judged twice: with
# Benjamini-Hochberg (regress's default) and with --no-correction.
#
# The runs interleave: A0, then per pair i A_i and one B per level, so a
# drift of the machine hits A and B alike.  A/A pairs are (A_{i-1}, A_i),
# A/B pairs (A_i, B_i).  A benchmark, not a test: it prints counts.
#
# usage: bench/regress-power.sh [-c CONFIG] [-n PAIRS] [-l "PCT..."] [-o DIR]
#   CONFIG  default configs/regress.conf
#   PAIRS   default 10
#   PCT     planted slowdowns in % of uffd=none ns/page, default "5 10 20"
#   DIR     where the runs go, default results/power-<date>

set -euo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=$TOP/build/fabench-test
CONFIG=configs/regress.conf
PAIRS=10
LEVELS="5 10 20"
OUT=results/power-$(date +%Y%m%d-%H%M%S)

while getopts c:n:l:o: opt; do
	case $opt in
	c) CONFIG=$OPTARG ;;
	n) PAIRS=$OPTARG ;;
	l) LEVELS=$OPTARG ;;
	o) OUT=$OPTARG ;;
	*) echo "usage: $0 [-c CONFIG] [-n PAIRS] [-l \"PCT...\"] [-o DIR]" >&2; exit 2 ;;
	esac
done
[ -f "$CONFIG" ] || { echo "regress-power: $CONFIG: no such config" >&2; exit 2; }
make -s -C "$TOP" fabench-test >&2
mkdir -p "$OUT"

# run LABEL [PLANT_NS]: one run of CONFIG into OUT; prints its directory
run() {
	local label=$1 plant=${2:-0} out
	out=$("$BIN" run -c "$CONFIG" -o "$OUT" -l "$label" -p "fault_read.plant_ns=$plant" 2>&1) || {
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

start=$(date +%s)
a0=$(run a0)
base=$(none_ns "$a0")
[ -n "$base" ] || { echo "regress-power: $a0: no fault_read uffd=none ns_per_page" >&2; exit 1; }
declare -A plant
for l in $LEVELS; do
	plant[$l]=$(awk -v b="$base" -v l="$l" 'BEGIN { printf "%.0f", b * l / 100 }')
done
echo "regress-power: $CONFIG, $PAIRS pairs, uffd=none ns/page of the first run $base ns;" \
	"planted: $(for l in $LEVELS; do printf '+%s%% = %s ns  ' "$l" "${plant[$l]}"; done)" >&2

declare -a A
A[0]=$a0
declare -A B
for i in $(seq 1 "$PAIRS"); do
	A[i]=$(run "a$i")
	for l in $LEVELS; do
		B[$l,$i]=$(run "b$l-$i" "${plant[$l]}")
	done
	echo "regress-power: pair $i of $PAIRS done ($(($(date +%s) - start)) s)" >&2
done

# judge BASE CURRENT: "EXIT_BH EXIT_RAW FLAGGED_BH FLAGGED_RAW" (flagged:
# a regression line on fault_read's ns_per_page)
judge() {
	local bh raw ebh=0 eraw=0
	bh=$("$BIN" regress --baseline "$1" --current "$2" 2>&1) || ebh=$?
	raw=$("$BIN" regress --no-correction --baseline "$1" --current "$2" 2>&1) || eraw=$?
	echo "$ebh $eraw $(grep -c '^regression: fault_read .*ns_per_page' <<<"$bh")" \
		"$(grep -c '^regression: fault_read .*ns_per_page' <<<"$raw")"
	{ echo "== $1 -> $2"; echo "$bh"; echo "-- --no-correction"; echo "$raw"; } >>"$OUT/regress.log"
}

aa_bh=0 aa_raw=0
for i in $(seq 1 "$PAIRS"); do
	read -r ebh eraw _ _ < <(judge "${A[i - 1]}" "${A[i]}")
	[ "$ebh" = 1 ] && aa_bh=$((aa_bh + 1))
	[ "$eraw" = 1 ] && aa_raw=$((aa_raw + 1))
done
echo
echo "regress-power: $CONFIG, $PAIRS pairs a row, $(($(date +%s) - start)) s; runs in $OUT"
printf '%-34s %14s %14s\n' "pairs" "Benjamini-H." "uncorrected"
printf '%-34s %11s/%-2s %11s/%-2s\n' "A/A: regress exits 1" "$aa_bh" "$PAIRS" "$aa_raw" "$PAIRS"
for l in $LEVELS; do
	det_bh=0 det_raw=0 ex_bh=0 ex_raw=0
	for i in $(seq 1 "$PAIRS"); do
		read -r ebh eraw fbh fraw < <(judge "${A[i]}" "${B[$l,$i]}")
		[ "$fbh" -gt 0 ] && det_bh=$((det_bh + 1))
		[ "$fraw" -gt 0 ] && det_raw=$((det_raw + 1))
		[ "$ebh" = 1 ] && ex_bh=$((ex_bh + 1))
		[ "$eraw" = 1 ] && ex_raw=$((ex_raw + 1))
	done
	printf '%-34s %11s/%-2s %11s/%-2s\n' "A/B +$l% (${plant[$l]} ns/page): flagged" \
		"$det_bh" "$PAIRS" "$det_raw" "$PAIRS"
	printf '%-34s %11s/%-2s %11s/%-2s\n' "  (regress exits 1)" "$ex_bh" "$PAIRS" "$ex_raw" "$PAIRS"
done
echo "flagged: a regression: line on fault_read ns_per_page; every regress output in $OUT/regress.log"
