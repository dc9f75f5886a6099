#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# README's figures (docs/*.png) from real runs, never drawn by hand: the
# fault_read bars and the latency CDF of a `make bench` result, and the
# kernel-variants figure of a `make vm-compare` result.  docs/figures.txt
# says which run each came from (kernel, machine, date, revision).
#
# usage: bench/docs-figures.sh [BENCH_RESULT [VARIANTS_DIR]]
#   BENCH_RESULT  a result directory of make bench (default: the newest
#                 results/2*/ run on the host, not in a guest)
#   VARIANTS_DIR  the --plots directory vm-compare wrote (default: the
#                 newest results/variants-*-x86_64/)
# Nothing in docs/ changes unless every figure was found.

set -euo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
FABENCH=${FABENCH:-$TOP/build/fabench}
newest_host_run() {
	local d
	for d in $(find results -maxdepth 1 -type d -name '2*' 2>/dev/null | sort -r); do
		[ -f "$d/meta.json" ] && [ "$(jq 'has("vm")' "$d/meta.json")" = false ] &&
			{ echo "$d"; return; }
	done
}
BENCH=${1:-$(newest_host_run)}
VARIANTS=${2:-$(find results -maxdepth 1 -type d -name 'variants-*-x86_64' 2>/dev/null |
	sort | tail -n 1)}
DOCS=$TOP/docs

die() {
	echo "docs-figures: error: $*" >&2
	exit 1
}

[ -n "$BENCH" ] || die "no host run under results/: run make bench"
[ -f "$BENCH/meta.json" ] || die "$BENCH: no meta.json (a make bench result expected)"
if [ -z "$VARIANTS" ] || [ ! -f "$VARIANTS/variants.png" ] || [ ! -f "$VARIANTS/runs.txt" ]; then
	die "no variants figure and runs (${VARIANTS:-no results/variants-*-x86_64/}/variants.png, runs.txt): run make vm-compare"
fi
"$FABENCH" report "$BENCH" >/dev/null || die "$BENCH: fabench report failed"

# first_of DIR NAME...: the first of the figures DIR/plots/NAME.png that exists
first_of() {
	local dir=$1 n
	shift
	for n in "$@"; do
		[ -f "$dir/plots/$n.png" ] && { echo "$dir/plots/$n.png"; return 0; }
	done
	die "$dir/plots/: none of $* (.png)"
}

bars=$(first_of "$BENCH" ns_per_page-fault_read ns_per_page)
cdf=$(first_of "$BENCH" latency-fault_read latency)

# one run's identity from its meta.json
identity() {
	jq -r '"Linux \(.uname.release) on \(.system.hostname) (\(.cpu.model)), " +
		"\(.started), harness \(.harness_revision)" +
		(if .vm then ", guest kernel \(.vm.kernel) under \(.vm.accel)" else "" end)' "$1"
}

tmp=$(mktemp -d "$DOCS.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp "$bars" "$tmp/fault_read.png"
cp "$cdf" "$tmp/latency.png"
cp "$VARIANTS/variants.png" "$tmp/variants.png"
{
	echo "docs/*.png: written by make docs-figures (bench/docs-figures.sh) from real runs"
	echo
	echo "fault_read.png  $bars"
	echo "latency.png     $cdf"
	echo "  $(identity "$BENCH/meta.json")"
	echo "variants.png    $VARIANTS/variants.png, of the guest runs"
	# vm-compare lists the runs beside the figure
	while read -r d; do
		[ -f "$d/meta.json" ] && echo "  $d: $(identity "$d/meta.json")"
	done <"$VARIANTS/runs.txt"
} >"$tmp/figures.txt"
mkdir -p "$DOCS"
for f in fault_read.png latency.png variants.png figures.txt; do
	mv "$tmp/$f" "$DOCS/$f"
done
echo "docs-figures: docs/{fault_read,latency,variants}.png and docs/figures.txt"
