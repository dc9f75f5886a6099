#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# README's figures (docs/*.png) from real runs, never drawn by hand: the
# fault_read bars and the latency CDF of a `make bench` result, and the
# kernel-variants figure of a `make vm-compare` result.  docs/figures.txt
# says which run each came from (kernel, machine, date, revision).
#
# usage: bench/docs-figures.sh [BENCH_RESULT [VARIANTS_DIR]]
#   BENCH_RESULT  a result directory of make bench (default results/latest)
#   VARIANTS_DIR  the --plots directory vm-compare wrote (default: the
#                 newest results/variants-*-x86_64/)
# Nothing in docs/ changes unless every figure was found.

set -euo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
FABENCH=${FABENCH:-$TOP/build/fabench}
BENCH=${1:-results/latest}
VARIANTS=${2:-$(find results -maxdepth 1 -type d -name 'variants-*-x86_64' 2>/dev/null |
	sort | tail -n 1)}
DOCS=$TOP/docs

die() {
	echo "docs-figures: error: $*" >&2
	exit 1
}

[ -f "$BENCH/meta.json" ] || die "$BENCH: no meta.json (a make bench result expected)"
if [ -z "$VARIANTS" ] || [ ! -f "$VARIANTS/variants.png" ]; then
	die "no variants figure (${VARIANTS:-no results/variants-*-x86_64/}/variants.png): run make vm-compare"
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
	python3 - "$1" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
vm = m.get("vm") or {}
print("Linux %s on %s (%s), %s, harness %s%s" % (
    m.get("uname", {}).get("release", "?"), m.get("system", {}).get("hostname", "?"),
    m.get("cpu", {}).get("model", "?"), m.get("started", "?"),
    m.get("harness_revision", "?"),
    ", guest kernel %s under %s" % (vm.get("kernel"), vm.get("accel")) if vm else ""))
EOF
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
	# vm-compare's tables beside the figure name every run's directory
	while read -r d; do
		[ -f "$d/meta.json" ] && echo "  $d: $(identity "$d/meta.json")"
	done < <(sed -n 's/^  //p' "$VARIANTS.txt" 2>/dev/null)
} >"$tmp/figures.txt"
mkdir -p "$DOCS"
for f in fault_read.png latency.png variants.png figures.txt; do
	mv "$tmp/$f" "$DOCS/$f"
done
echo "docs-figures: docs/{fault_read,latency,variants}.png and docs/figures.txt"
