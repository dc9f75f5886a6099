#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# bench/anchors.sh on a small anchor config (fault_read, 1M, tasks 1 and 2,
# threads and processes): the page it writes carries the published and
# differs paragraphs, a row per point, a ratio of 1.00 at the baseline and,
# for tasks 2, the ratio of the two points' pages/s as summary.csv has
# them, and the scaling figure beside it; a config without a published
# figure or a baseline is refused, and a run that fails leaves the page as
# it was.
#
# usage: tests/anchors.sh [FABENCH]
# Prints one "ok"/"FAIL" line per check and "anchors: N passed, N failed".

FABENCH=$(readlink -f "${1:-build/fabench}")
TEST_NAME=anchors
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
ANCHORS=$(dirname "$0")/../bench/anchors.sh
export FABENCH FABENCH_STATE_DIR=$WORK/state

cat >"$WORK/tiny.conf" <<'CONF'
; anchor: a tiny scaling run
; published: nothing real: 1.5 times from one task to two.
; differs: everything.
; baseline: tasks=1
[run]
repeat = 2
warmup = 0
task_mode = threads, processes
[fault_read]
size = 1M
tasks = 1, 2
CONF
mkdir -p "$WORK/docs"
out=$("$ANCHORS" -r "$WORK/res" -o "$WORK/docs/anchors.md" "$WORK/tiny.conf" 2>&1)
rc=$?
doc=$WORK/docs/anchors.md
if [ $rc -eq 0 ] && grep -q '^## a tiny scaling run$' "$doc" &&
   grep -q '^\*\*Published.\*\* nothing real: 1.5 times from one task to two.$' "$doc" &&
   grep -q '^\*\*What differs.\*\* everything.$' "$doc"; then
	ok "the page names the anchor, its published figure and what differs"
else
	bad "anchors.sh on tiny.conf (exit $rc)" "$out"
fi
rows=$(grep -c '^| [12] | \(threads\|processes\) | ' "$doc")
if [ "$rows" -eq 4 ] && [ "$(grep -c '^| 1 | [a-z]* | [^|]* | [^|]* | 1.00 |' "$doc")" -eq 2 ]; then
	ok "a row per point (4), ratio 1.00 at both baseline points"
else
	bad "rows: $rows" "$(cat "$doc")"
fi
dir=$(readlink -f "$WORK/res/latest")
for mode in threads processes; do
	p1=$(summary_mean "$dir" pages_per_sec tasks=1 task_mode=$mode)
	p2=$(summary_mean "$dir" pages_per_sec tasks=2 task_mode=$mode)
	want=$(awk -v a="$p2" -v b="$p1" 'BEGIN { printf "%.2f", a / b }')
	got=$(sed -n "s/^| 2 | $mode | [^|]* | [^|]* | \([0-9.]*\) |.*/\1/p" "$doc")
	if [ -n "$p1" ] && [ "$got" = "$want" ]; then
		ok "$mode, tasks 2: ratio $got = pages/s $p2 / $p1 from summary.csv"
	else
		bad "$mode, tasks 2: ratio '$got', summary.csv gives $want" "$(cat "$doc")"
	fi
done
if [ -s "$WORK/docs/anchor-tiny-tasks.png" ] && grep -q '(anchor-tiny-tasks.png)' "$doc"; then
	ok "the scaling figure copied beside the page and linked"
else
	bad "scaling figure" "$(ls "$WORK/docs")"
fi

# a config that cannot anchor anything, and a run that fails
sed '/^; published:/d' "$WORK/tiny.conf" >"$WORK/nopub.conf"
cp "$doc" "$WORK/before.md"
expect_run "no published figure: refused, naming the file" 1 \
	"anchors: error: .*nopub.conf: no '; published:' line" \
	"$ANCHORS" -r "$WORK/res" -o "$doc" "$WORK/nopub.conf"
sed 's/^size = 1M/size = 0/' "$WORK/tiny.conf" >"$WORK/bad.conf"
expect_run "a run that fails: exit 1, the page left as it was" 1 \
	"bad.conf: fabench run failed; .*anchors.md left as it was" \
	"$ANCHORS" -r "$WORK/res" -o "$doc" "$WORK/tiny.conf" "$WORK/bad.conf"
if cmp -s "$doc" "$WORK/before.md"; then
	ok "the page unchanged after both"
else
	bad "the page changed" "$(diff "$WORK/before.md" "$doc")"
fi

finish
