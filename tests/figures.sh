#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fabench report's figures from fixed result directories
# (tests/fixtures/figures/): grouped bars with notes and a log y axis, split
# at the category limit (bars), the fault_around_bytes sweep (sweep), the
# punch cost against the mapped share (punch; a section that does not
# sweep it as bars, 14 lines split in two), the latency CDF (bars).
# Each figure's PNG and SVG are valid, its data file carries every series
# its legend names, no category axis has more than 12 labels, its title
# and axis labels are set, and report.txt stays within 80 columns.
#
# usage: tests/figures.sh [FABENCH]
# Prints one "ok"/"FAIL" line per check and "figures: N passed, N failed".

FABENCH=${1:-build/fabench}
TEST_NAME=figures
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

FIXTURES=$(dirname "$0")/fixtures/figures
LIMIT=12

if ! command -v gnuplot >/dev/null; then
	skip "no gnuplot: no figures to check"
	finish
	exit 0
fi

# check_figure DIR NAME: the files, legend against data, labels, categories
check_figure() {
	local dir=$1 name=$2 gp=$1/plots/$2.gp dat=$1/plots/$2.dat t missing n
	if file "$dir/plots/$name.png" | grep -q 'PNG image data' &&
		file "$dir/plots/$name.svg" | grep -q 'SVG'; then
		ok "$name: PNG and SVG valid"
	else
		bad "$name: PNG or SVG missing or invalid" "$(file "$dir/plots/$name".*)"
	fi
	# every title "..." of the plot command is a "# series ..." block of the data
	missing=""
	# (the key's "solid: ..." and "dashed: ..." say which metric is which line style)
	while read -r t; do
		case $t in solid:* | dashed:*) continue ;; esac
		grep -qxF "# series $t" "$dat" || missing="$missing [$t]"
	done < <(grep -v '^set' "$gp" | grep -o 'title "[^"]*"' | sed 's/^title "//; s/"$//')
	if [ -z "$missing" ] && grep -q 'title "' "$gp"; then
		ok "$name: the data carries every series of the legend"
	else
		bad "$name: legend series not in $name.dat:$missing"
	fi
	if grep -q '^set title "..*"' "$gp" && grep -q '^set xlabel "..*"' "$gp" &&
		grep -q '^set ylabel "..*"' "$gp"; then
		ok "$name: title and axis labels set"
	else
		bad "$name: a title or axis label is empty" "$(grep -e '^set title' -e 'label' "$gp")"
	fi
	n=$(grep -m1 '^set xtics (' "$gp" | grep -o '" [-0-9.e]*' | wc -l)
	if [ "$n" -le "$LIMIT" ]; then
		ok "$name: $n category labels (limit $LIMIT)"
	else
		bad "$name: $n category labels, over the limit $LIMIT"
	fi
}

# report FIXTURE: a scratch copy reported, report.txt within 80 columns
report() {
	cp -r "$FIXTURES/$1" "$WORK/$1"
	if "$FABENCH" report "$WORK/$1" >"$WORK/$1.out" 2>&1; then
		ok "report on fixture $1"
	else
		bad "report on fixture $1" "$(cat "$WORK/$1.out")"
	fi
	if [ -z "$(awk 'length > 80' "$WORK/$1/report.txt")" ]; then
		ok "$1: report.txt within 80 columns"
	else
		bad "$1: report.txt over 80 columns" "$(awk 'length > 80' "$WORK/$1/report.txt")"
	fi
}

report bars
B=$WORK/bars
# report's stdout lists every figure it wrote, each a file
listed=$(sed -n 's/^  \(.*\.png\)$/\1/p' "$WORK/bars.out")
n=$(sed -n 's/^figures (\([0-9]*\), and each as .svg):$/\1/p' "$WORK/bars.out")
missing=""
for f in $listed; do [ -f "$f" ] || missing="$missing $f"; done
if [ -n "$n" ] && [ "$n" -eq "$(wc -w <<<"$listed")" ] &&
	[ "$n" -eq "$(find "$B/plots" -name '*.png' | wc -l)" ] && [ -z "$missing" ]; then
	ok "report: stdout lists the $n figures written"
else
	bad "report: figure list" "$(cat "$WORK/bars.out"; ls "$B/plots")"
fi
# 15 groups (3 backends x 5 patterns) at most 12 a figure: two files
for f in ns_per_page ns_per_page-2 tracked_pages_per_sec latency-fault_read; do
	check_figure "$B" "$f"
done
# three uffd modes, the colours of the palette in run order
if grep -q 'lc rgb "#0072B2" title "none"' "$B/plots/ns_per_page.gp" &&
	grep -q 'lc rgb "#E69F00" title "wp"' "$B/plots/ns_per_page.gp" &&
	grep -q 'lc rgb "#009E73" title "minor"' "$B/plots/ns_per_page.gp"; then
	ok "ns_per_page: a palette colour per uffd mode"
else
	bad "ns_per_page: uffd mode colours" "$(grep -o 'lc rgb "[^"]*" title "[^"]*"' "$B/plots/ns_per_page.gp")"
fi
# 236..33110 ns: a log y axis; pages/fault written on the bars
if grep -q '^set logscale y' "$B/plots/ns_per_page.gp" &&
	grep -q 'with labels' "$B/plots/ns_per_page.gp"; then
	ok "ns_per_page: log y, pages_per_fault on the bars"
else
	bad "ns_per_page: no log y or no numbers on the bars"
fi
# the throughput points only: memfd seq none at 236 ns (212.4, 259.6), 16 pages/fault
if grep -qx '\S* 236 212.4 259.6 16' "$B/plots/ns_per_page.dat" &&
	! grep -q '99999' "$B/plots/ns_per_page.dat"; then
	ok "ns_per_page.dat: min-max whiskers, the note, no latency-mode point"
else
	bad "ns_per_page.dat" "$(head -4 "$B/plots/ns_per_page.dat")"
fi
n=$(grep -c '^ *[0-9]* [a-z]' <(sed -n '/^plot ns_per_page: /,/^plot ns_per_page: plots/p' "$B/report.txt"))
if [ "$n" -eq 7 ] || [ "$n" -eq 8 ]; then
	ok "report.txt: the first part names its $n groups"
else
	bad "report.txt: $n groups named for the first part"
fi
# the dirty methods: one figure, grouped by backend and writers
# (a value a line in the labels)
if grep -qF '"memfd\nwriters=1" 0' "$B/plots/tracked_pages_per_sec.gp" &&
	grep -q 'title "dirty_wp_async"' "$B/plots/tracked_pages_per_sec.gp" &&
	grep -q '^set logscale y' "$B/plots/tracked_pages_per_sec.gp"; then
	ok "tracked_pages_per_sec: a bar per method, groups backend and writers, log y"
else
	bad "tracked_pages_per_sec" "$(grep -e xtics -e title "$B/plots/tracked_pages_per_sec.gp")"
fi
# CDF: wp's p50 1600 ns (60 of 100 samples at or below 1600)
if grep -q '^  wp  *p50  *1600 ns, p99  *6400 ns$' "$B/report.txt" &&
	grep -qx '1600 0.6' "$B/plots/latency-fault_read.dat"; then
	ok "latency-fault_read: wp p50 1600 ns, 0.6 at 1600"
else
	bad "latency-fault_read" "$(grep -A3 '^plot latency-fault_read' "$B/report.txt")"
fi

report sweep
S=$WORK/sweep
check_figure "$S" fault_around_bytes
if grep -q '^set logscale x 2' "$S/plots/fault_around_bytes.gp" &&
	grep -q 'axes x1y2' "$S/plots/fault_around_bytes.gp" &&
	grep -qx '65536 236 236 236 16 16 16' "$S/plots/fault_around_bytes.dat"; then
	ok "fault_around_bytes: log2 x, pages/fault on y2, none 236 ns at 16 pages"
else
	bad "fault_around_bytes" "$(cat "$S/plots/fault_around_bytes.dat")"
fi

report punch
P=$WORK/punch
check_figure "$P" mapped-punch_hole
# x 0..100 (2 % either side), min-max whiskers never below zero
if grep -q '^set xrange \[-2:102\]' "$P/plots/mapped-punch_hole.gp" &&
	awk '!/^#/ && NF >= 4 && $3 < 0 { bad = 1 } END { exit bad }' \
		"$P/plots/mapped-punch_hole.dat" &&
	grep -qx '100 3203.33 2480 4030' "$P/plots/mapped-punch_hole.dat"; then
	ok "mapped-punch_hole: x 0..100, whiskers min-max (none read 100 %: 3203, 2480-4030)"
else
	bad "mapped-punch_hole" "$(grep xrange "$P/plots/mapped-punch_hole.gp"; head -8 "$P/plots/mapped-punch_hole.dat")"
fi
n=$(grep -c '^# series' "$P/plots/mapped-punch_hole.dat")
if [ "$n" -eq 4 ]; then
	ok "mapped-punch_hole: 4 lines (uffd x populate)"
else
	bad "mapped-punch_hole: $n lines, expected 4"
fi
# a section that holds mapped at 100 and varies mappings: bars, not a skip;
# wp ran first but is drawn after none, in the colour series_values gives
# it (index 2 of none, missing, wp, minor: green), as in any other run
check_figure "$P" punch_us-punch_hole.sharing
if grep -o 'lc rgb "[^"]*" title "[^"]*"' "$P/plots/punch_us-punch_hole.sharing.gp" |
	tr '\n' ' ' | grep -q '^lc rgb "#0072B2" title "none" lc rgb "#009E73" title "wp" $'; then
	ok "punch_us-punch_hole.sharing: none then wp, wp in its declared colour"
else
	bad "punch_us-punch_hole.sharing: colours or order" \
		"$(grep -o 'lc rgb "[^"]*" title "[^"]*"' "$P/plots/punch_us-punch_hole.sharing.gp")"
fi
if grep -qF '"mappings=4" 2' "$P/plots/punch_us-punch_hole.sharing.gp"; then
	ok "punch_us-punch_hole.sharing: grouped by mappings"
else
	bad "punch_us-punch_hole.sharing: groups" "$(grep xtics "$P/plots/punch_us-punch_hole.sharing.gp")"
fi
# 14 lines (uffd x 7 mappings) split into two figures of 7, none lost
for f in mapped-punch_hole.many mapped-punch_hole.many-2; do
	check_figure "$P" "$f"
done
n=$(cat "$P"/plots/mapped-punch_hole.many.dat "$P"/plots/mapped-punch_hole.many-2.dat |
	grep -c '^# series')
if [ "$n" -eq 14 ] && [ "$(grep -c '^# series' "$P/plots/mapped-punch_hole.many.dat")" -le $LIMIT ]; then
	ok "mapped-punch_hole.many: 14 lines in two figures of at most $LIMIT"
else
	bad "mapped-punch_hole.many: $n lines over the two parts, expected 14"
fi
if grep -v '^plot latency:' "$P/report.txt" | grep -q '^plot .*skipped'; then
	bad "punch: a figure skipped" "$(grep '^plot .*skipped' "$P/report.txt")"
else
	ok "punch: no figure skipped (but the latency CDF: no hist/)"
fi

# analysis names no metric and no workload
if grep -rn '"punch_us"\|"fault_read"\|"ns_per_page"\|"tracked_pages_per_sec"' \
	"$(dirname "$0")/../analysis/" >/dev/null; then
	bad "analysis/ names a metric or workload"
else
	ok "analysis/ names no metric or workload"
fi

finish
