#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fabench mail on the fixed result directories of tests/fixtures/mail/
# (gen.py there says what they hold): one run, two runs (a significant and
# a not significant change), four kernel variants; exact expected lines,
# every line within 80 columns, the figures listed when a directory has
# them, -o written whole or not at all, and bad input (a missing directory,
# a format_version 1 result, runs of different configs) one line and exit 2.
#
# usage: tests/mail.sh [FABENCH]
# Prints one "ok"/"FAIL" line per check and "mail: N passed, N failed".

FABENCH=$(readlink -f "${1:-build/fabench}")
TEST_NAME=mail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

FIX=$(cd "$(dirname "$0")/fixtures/mail" && pwd)
cp -r "$FIX/." "$WORK/"
cd "$WORK" || exit 1

# has NAME FILE LINE...: every LINE is a whole line of FILE
has() {
	local name=$1 file=$2 line missing=""
	shift 2
	for line in "$@"; do
		grep -qxF -- "$line" "$file" || missing+="missing: '$line'"$'\n'
	done
	if [ -n "$missing" ]; then
		bad "$name" "$missing$(cat "$file")"
	else
		ok "$name"
	fi
}

# within80 NAME FILE
within80() {
	local long
	long=$(awk 'length($0) > 80' "$2")
	if [ -n "$long" ]; then bad "$1: lines over 80 columns" "$long"; else ok "$1: within 80 columns"; fi
}

mail() { # mail NAME DIR...: stdout to NAME.txt, expects exit 0
	local name=$1 rc
	shift
	"$FABENCH" mail "$@" >"$name.txt" 2>"$name.err"
	rc=$?
	[ $rc -eq 0 ] || bad "$name: exit $rc" "$(cat "$name.err")"
}

V="variants/stock variants/armed-off variants/fa-wp variants/preunmap-removal"

mail one one
has "one run: setup" one.txt \
	"fabench: one run" \
	"run: kernel 6.12.0-test, 2026-12-01 10:00 UTC" \
	"machine: Test CPU 9000, 4 CPUs, 4 KiB pages" \
	"setup: config configs/test.conf, n = 3, fabench abc1234"
has "one run: a table per section, a column per headline metric, a row per point" one.txt \
	"fault_read" \
	"  uffd  ns_per_page %stddev pages_per_fault %stddev" \
	"  none          110    +-9%              16" \
	"  wp            200                       1" \
	"  fault_read minor: unsupported: needs uffd minor on shmem (test)" \
	"  ns_per_page: read cost per page (ns)" \
	"  pages_per_fault: pages mapped per read fault (pages)"
within80 "one run" one.txt

# a declaration's "only" (timing=throughput): the latency-mode point (99999
# ns) is left out and the section says so; nothing recorded is not a zero
mail only "$FIX/../figures/bars"
has "one run: only the points the headline declares" only.txt \
	"fault_read (timing=throughput only)" \
	"  backend/pattern/uffd ns_per_page %stddev pages_per_fault %stddev" \
	"  memfd/seq/none               236   +-14%              16" \
	"machine: CPU model not recorded, CPUs not recorded, page size not recorded"
if grep -q 99999 only.txt; then
	bad "one run: the latency-mode point is in the table" "$(cat only.txt)"
else
	ok "one run: no latency-mode point"
fi

mail two two/base two/new
has "two runs: LKP's columns, * only where significant" two.txt \
	"base: kernel 6.12.0-base, 2026-12-01 11:00 UTC" \
	"new: kernel 6.12.0-new, 2026-12-01 11:00 UTC" \
	"    base %stddev  %change     new %stddev  metric" \
	"     110    +-9%  +90.9%*     210    +-5%  read cost per page (ns)" \
	"     210    +-5%   +2.4%      215    +-5%  read cost per page (ns)" \
	"      16           +0.0%       16          pages mapped per read fault (pages)" \
	"%change: of the mean over the base's; * p < 0.05 (Welch's t-test,"
within80 "two runs" two.txt

mail three two/base two/new two/new
has "three runs of one machine: a table per run against the first" three.txt \
	"Headline metrics: base vs run 2, means of n repetitions" \
	"    base %stddev  %change   run 3 %stddev  metric"
if [ "$(grep -c '^%change:' three.txt)" -eq 1 ]; then
	ok "three runs: the legend once"
else
	bad "three runs: the legend once" "$(cat three.txt)"
fi

# shellcheck disable=SC2086 # $V: four directories
mail variants $V
has "variants: the table of the 2x2 design" variants.txt \
	"fabench: 4 kernel variants of one config, baseline stock" \
	"machine: Test CPU 9000, 4 CPUs, 4 KiB pages, QEMU guest (kvm)" \
	"     stock armed-off     fa-wp preunmap-" \
	"                                 removal  point" \
	"fault_read: pages mapped per read fault (pages), exact count" \
	"         1         1        16        16  fault_read registered" \
	"punch_hole: hole punch time (us), lower is better" \
	"       101     x1.00    x0.80*    x3.00*  punch_hole 100" \
	"         0         0         6         9  wp_oracle" \
	"         0         0         5     ~5.00  wp_oracle" \
	"The same as stock at every point, within the noise: fault_read (ns_per_page)"
if grep -q "fault_read protected\|punch_hole 0$" variants.txt; then
	bad "variants: points where no run differs are left out" "$(cat variants.txt)"
else
	ok "variants: points where no run differs are left out"
fi
within80 "variants" variants.txt

# the baseline is stock wherever it is given
mail variants2 variants/fa-wp variants/preunmap-removal variants/stock variants/armed-off
has "variants: stock is the baseline and the first column in any order" variants2.txt \
	"     stock     fa-wp preunmap- armed-off" \
	"       101    x0.80*    x3.00*     x1.00  punch_hole 100"

has "no figures: how to make them" one.txt \
	"  none yet: fabench report DIR draws DIR/plots/*.png; fabench compare"
mkdir -p two/base/plots two/base/compare
printf '\x89PNG\r\n' >two/base/plots/ns_per_page.png
printf '\x89PNG\r\n' >two/base/compare/pages_per_fault.png
mail twofig two/base two/new
has "figures: the PNGs in the result directories, names under their directory" twofig.txt \
	"Figures to attach" \
	"  in two/base/compare/:" \
	"    pages_per_fault.png" \
	"  in two/base/plots/:" \
	"    ns_per_page.png"
# -a: the figures the caller drew (vm-compare's variants figure), only those;
# a long directory keeps its end, the name stays whole
long=$(printf 'd%.0s' {1..90})
mkdir -p "$long"
printf '\x89PNG\r\n' >"$long/variants.png"
mail attach -a "$long/variants.png" two/base two/new
has "figures: -a lists the named figure only, its name whole" attach.txt \
	"  in ~${long: -72}/:" \
	"    variants.png"
if grep -q 'ns_per_page.png' attach.txt; then
	bad "figures: -a still lists the result directories' PNGs" "$(cat attach.txt)"
else
	ok "figures: -a replaces the directory scan"
fi
within80 "mail -a with a long directory" attach.txt
expect_run "mail -a with a missing figure: exit 2, named" 2 'nothere.png' \
	"$FABENCH" mail -a nothere.png two/base two/new

# -o: the same text, written whole; bad input writes nothing
# shellcheck disable=SC2086
if "$FABENCH" mail -o out.txt $V 2>o.err && cmp -s out.txt variants.txt &&
   [ -z "$(ls ./*.tmp.* 2>/dev/null)" ]; then
	ok "-o FILE: the text of stdout, no temporary left"
else
	bad "-o FILE" "$(cat o.err; diff out.txt variants.txt)"
fi

# bad NAME PATTERN DIR...: exit 2, one line on stderr matching PATTERN,
# nothing on stdout, and -o creates no file
bad_input() {
	local name=$1 pattern=$2 rc lines
	shift 2
	"$FABENCH" mail "$@" >bad.out 2>bad.err
	rc=$?
	lines=$(wc -l <bad.err)
	if [ $rc -ne 2 ] || [ "$lines" -ne 1 ] || ! grep -Eq -- "$pattern" bad.err ||
	   [ -s bad.out ]; then
		bad "$name: exit $rc, $lines line(s)" "$(cat bad.err bad.out)"
		return
	fi
	"$FABENCH" mail -o bad.txt "$@" 2>/dev/null
	if [ -e bad.txt ] || [ -n "$(ls ./*.tmp.* 2>/dev/null)" ]; then
		bad "$name: -o left a file"
	else
		ok "$name: one line, exit 2, no file"
	fi
}
bad_input "a missing directory" "nosuch/meta.json: .*not a fabench result" one nosuch
bad_input "format_version 1" "v1/meta.json: no metric declarations \(format_version 1\)" v1
bad_input "runs of different configs" "no point in common" one variants/stock
expect_run "no directory: usage" 2 "usage: fabench mail" "$FABENCH" mail
expect_run "fabench help lists mail" 0 "mail +mail \[-o FILE\] DIR" "$FABENCH" help

finish
