#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# compare --plots and variants --plots on the fixed result directories of
# tests/fixtures/compare/ (two runs of one config, four kernel variants,
# all with known values): every figure is a valid PNG and SVG, the data
# files carry the series the legends name, the %change, significance and
# ratio marks are the known ones, no panel has more than 12 points, every
# title and axis label is set, and the text versions fit 80 columns.
#
# usage: tests/figures-compare.sh [FABENCH]
# Prints one "ok"/"FAIL" line per check and "figures-compare: N passed, N failed".

FABENCH=${1:-build/fabench}
TEST_NAME=figures-compare
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
FIX=$(dirname "$0")/fixtures/compare

# valid NAME DIR: NAME.png and NAME.svg in DIR are what they say
valid() {
	if file "$2/$1.png" | grep -q 'PNG image data' && file "$2/$1.svg" | grep -q 'SVG'; then
		ok "$1: PNG and SVG"
	else
		bad "$1: PNG and SVG" "$(file "$2/$1.png" "$2/$1.svg" 2>&1)"
	fi
}

# legend NAME DIR: every series the script titles is named in the data file
legend() {
	local t missing=
	while read -r t; do
		grep -qF "\"$t\"" "$2/$1.dat" || missing="$missing $t"
	done < <(grep -o 'rgb "#[0-9A-Fa-f]*" title "[^"]*"' "$2/$1.gp" | sed 's/.* title "//; s/"$//')
	if [ -z "$missing" ] && grep -q 'title "' "$2/$1.gp"; then
		ok "$1: the data names every series of the legend"
	else
		bad "$1: series not in the data:$missing"
	fi
}

# labelled NAME DIR: titles and axis labels set, at most 12 ticks a panel
labelled() {
	local most
	if grep -Eq '^set (title|xlabel|ylabel) ""' "$2/$1.gp" ||
		! grep -q '^set multiplot layout [0-9]*,1 title "[^"]' "$2/$1.gp"; then
		bad "$1: an empty title or axis label" "$(grep -E '^set (title|xlabel|ylabel)' "$2/$1.gp")"
	else
		ok "$1: titles and axis labels set"
	fi
	most=$(grep '^set xtics (' "$2/$1.gp" | awk -F'" [0-9]+' '{ print NF - 1 }' | sort -n | tail -1)
	if [ -n "$most" ] && [ "$most" -le 12 ]; then
		ok "$1: at most 12 points a panel ($most)"
	else
		bad "$1: $most points in a panel (limit 12)"
	fi
}

# mark NAME DIR PATTERN WHAT: a data row matches the extended PATTERN
mark() {
	if grep -Eq -- "$3" "$2/$1.dat"; then
		ok "$1: $4"
	else
		bad "$1: $4: no row matches /$3/" "$(cat "$2/$1.dat")"
	fi
}

width() { # width FILE WHAT
	local long
	long=$(awk 'length > 80' "$1")
	if [ -z "$long" ]; then ok "$2: within 80 columns"; else bad "$2: over 80 columns" "$long"; fi
}

if ! command -v gnuplot >/dev/null; then
	skip "gnuplot not found: no figures to check"
	finish
	exit $?
fi

# two runs of one config
out=$WORK/cmp
if "$FABENCH" compare "$FIX/base" "$FIX/new" --plots "$out" >"$WORK/cmp.txt" 2>&1; then
	ok "compare --plots: exit 0"
else
	bad "compare --plots: exit $?" "$(cat "$WORK/cmp.txt")"
fi
for f in ns_per_page pages_per_fault punch_us; do
	valid $f "$out"
	legend $f "$out"
	labelled $f "$out"
done
mark ns_per_page "$out" '^1 "4096" 100 99 101 "" 150 149 151 "\+50\.0%\*"$' \
	"+50.0% and '*' where the new run is 50 % slower, min-max whiskers"
mark ns_per_page "$out" '^1 "4096" 200 190 210 "" 202 196 208 "\+1\.0%"$' \
	"+1.0% and no '*' within the noise"
mark pages_per_fault "$out" '"16384" 4 4 4 "" 4 4 4 "\+0\.0%"' "an unchanged count: +0.0%, no '*'"
if [ "$(grep -c '^# panel' "$out/ns_per_page.dat")" = 2 ]; then
	ok "ns_per_page: 14 points split into 2 panels"
else
	bad "ns_per_page: not 2 panels" "$(grep '^# panel' "$out/ns_per_page.dat")"
fi
if grep -q '^figure spurious_wp: skipped' "$WORK/cmp.txt"; then
	ok "a metric no point measured: skipped, said"
else
	bad "spurious_wp: no skip line" "$(cat "$WORK/cmp.txt")"
fi
if grep -q '^# 6.18.0-fixture; x86_64 Fixture CPU, 4 CPUs; n = 3; whiskers: min-max of the repetitions$' \
	"$out/ns_per_page.dat"; then
	ok "subtitle: n and the whiskers' interval"
else
	bad "subtitle" "$(head -3 "$out/ns_per_page.dat")"
fi
width "$WORK/cmp.txt" "compare text and figures"

# four kernel variants
out=$WORK/var
v="$FIX/variant-stock $FIX/variant-armed-off $FIX/variant-fa-wp $FIX/variant-preunmap-removal"
# shellcheck disable=SC2086 # four directories
if "$FABENCH" variants --plots "$out" $v >"$WORK/var.txt" 2>&1; then
	ok "variants --plots: exit 0"
else
	bad "variants --plots: exit $?" "$(cat "$WORK/var.txt")"
fi
valid variants "$out"
legend variants "$out"
labelled variants "$out"
mark variants "$out" '^1 "wp\\nregistered\\n65536" 1 1 1 "1" 1 1 1 "1" 16 16 16 "16" 16 16 16 "16"$' \
	"registered-WP pages/fault: 1 on stock and armed-off, 16 with fault-around"
mark variants "$out" '^1 "100" 1 0\.9 1\.1 "" 1 0\.9 1\.1 "" 1 0\.9 1\.1 "" 3 2\.9 3\.1 "x3\.00\*"$' \
	"punch cost over stock's: x3.00* for preunmap-removal only, at mapped=100 only"
mark variants "$out" '^1 "async" 0 0 0 "" 0 0 0 "" 15 15 15 "15" 0 0 0 ""$' "lost_wp: 15 in fa-wp"
mark variants "$out" '^1 "sync" 0 0 0 "0" 0 0 0 "0" 2 2 2 "2" 0 0 0 "0"$' "spurious_wp: 2 in fa-wp"
if [ "$(grep -c '^# panel' "$out/variants.dat")" = 5 ]; then
	ok "variants: one panel per headline metric that differs (5)"
else
	bad "variants: panels" "$(grep '^# panel' "$out/variants.dat")"
fi
if grep -q '#0072B2' "$out/variants.gp" && grep -q '#CC79A7' "$out/variants.gp"; then
	ok "variants: palette colours, one per run"
else
	bad "variants: no palette colours"
fi
if grep -q '^# kernels 6.12.0-fixture-: stock, armed-off, fa-wp, preunmap-removal; .*accel kvm; n = 3 per point; whiskers: min-max' \
	"$out/variants.dat"; then
	ok "variants subtitle: the kernels (common prefix once), machine, n, whiskers"
else
	bad "variants subtitle" "$(head -3 "$out/variants.dat")"
fi
width "$WORK/var.txt" "variants text and figure"

# two guest runs under TCG: a time's figure says its values are the
# emulator's, a count's (exact in a guest) does not
for r in stock fa-wp; do
	cp -r "$FIX/variant-$r" "$WORK/tcg-$r"
	sed -i 's/"accel": "kvm"/"accel": "tcg"/' "$WORK/tcg-$r/meta.json"
done
if "$FABENCH" compare "$WORK/tcg-stock" "$WORK/tcg-fa-wp" --plots "$WORK/tcg" \
	>"$WORK/tcg.txt" 2>&1 &&
	grep -q '^# .*; indicative: TCG (times emulated)$' "$WORK/tcg/ns_per_page.dat" &&
	grep -q '^# ' "$WORK/tcg/pages_per_fault.dat" &&
	! grep -q 'indicative' "$WORK/tcg/pages_per_fault.dat"; then
	ok "compare under TCG: ns_per_page indicative, pages_per_fault (a count) not"
else
	bad "compare under TCG" "$(cat "$WORK/tcg.txt"; head -3 "$WORK"/tcg/*.dat)"
fi
# shellcheck disable=SC2086
expect_run "variants --plots under a file: exit 1, said" 1 'variants' \
	"$FABENCH" variants --plots /dev/null/x $v

finish
