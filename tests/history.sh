#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fabench history's change points (e-divisive means) on 8 generated result
# directories of one config, run1 .. run8 a minute apart: fault_read's
# ns_per_page (a headline, lower is better) steps by +20 % at run 5 at
# uffd=none and not at uffd=wp, under the same fixed noise of about 3 %
# (CV); wall_ms (not a headline) and pages_per_fault (a headline without
# a direction) step at run 5 too.  The step must be found at run 5 and
# nowhere else; the series without a step, and the metrics that are not
# headlines with a direction, report nothing; 6 runs are too few.
#
# usage: tests/history.sh [FABENCH]
# Prints one "ok"/"FAIL" line per check and "history: N passed, N failed".

FABENCH=${1:-build/fabench}
TEST_NAME=history
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

# The runs' noise, a factor on each run's mean: mean 0.9975, CV 3.1 %.
# uffd=wp takes the same factors in another order.
NOISE_NONE=(1.031 0.962 1.018 0.981 1.042 0.973 1.006 0.967)
NOISE_WP=(0.973 1.042 0.967 1.018 0.981 1.006 1.031 0.962)

# meta RUN: meta.json of run RUN (1-8), the declarations of a fault_read run
meta() {
	cat <<META
{
  "format_version": 2,
  "harness_revision": "fixture",
  "label": "run$1",
  "started": "2026-12-01T10:0$1:00+0000",
  "uname": { "sysname": "Linux", "release": "6.18.0-fixture", "machine": "x86_64" },
  "system": { "hostname": "fixture" },
  "cpu": { "model": "Fixture CPU", "online": 4 },
  "metrics": {
    "fault_read": [
      { "name": "ns_per_page", "unit": "ns", "label": "first-touch read cost per page",
        "better": "lower", "headline": true, "plot": "bars", "plot_x": "" },
      { "name": "pages_per_fault", "unit": "pages", "label": "pages mapped per read fault",
        "better": "none", "headline": true, "plot": "bars", "plot_x": "" }
    ],
    "*": [
      { "name": "wall_ms", "unit": "ms", "label": "wall time of the measured run",
        "better": "lower", "headline": false, "plot": "none", "plot_x": "" }
    ]
  }
}
META
}

# samples RUN: samples.csv of run RUN, 3 repetitions a point, each within
# 1 % of the run's mean
samples() {
	local run=$1 step=1 ppf=1
	if [ "$run" -ge 5 ]; then
		step=1.2
		ppf=16
	fi
	echo "point,section,workload,uffd,rep,status,ns_per_page,pages_per_fault,wall_ms"
	awk -v step="$step" -v ppf="$ppf" -v none="${NOISE_NONE[run - 1]}" \
		-v wp="${NOISE_WP[run - 1]}" 'BEGIN {
		split("1.01 0.99 1.00", rep, " ")
		for (r = 1; r <= 3; r++)
			printf "0,fault_read,fault_read,none,%d,ok,%.2f,%d,%.2f\n",
				r - 1, 100 * none * step * rep[r], ppf, 30 * none * step * rep[r]
		for (r = 1; r <= 3; r++)
			printf "1,fault_read,fault_read,wp,%d,ok,%.2f,%d,%.2f\n",
				r - 1, 200 * wp * rep[r], ppf, 30 * wp * step * rep[r]
	}'
}

for i in 1 2 3 4 5 6 7 8; do
	mkdir "$WORK/run$i"
	meta "$i" >"$WORK/run$i/meta.json"
	samples "$i" >"$WORK/run$i/samples.csv"
done
mkdir "$WORK/plots"

# the runs given newest first: history orders them by start time
dirs=()
for i in 8 7 6 5 4 3 2 1; do
	dirs+=("$WORK/run$i")
done

expect_run "history on 8 runs exits 0" 0 'change points' \
	"$FABENCH" history -o "$WORK/plots" "${dirs[@]}"
"$FABENCH" history -o "$WORK/plots" "${dirs[@]}" >"$WORK/out" 2>&1
grep '^change:' "$WORK/out" >"$WORK/changes"

if [ "$(wc -l <"$WORK/changes")" -eq 1 ] &&
   grep -q '^change: ns_per_page fault_read none: [0-9.]* -> [0-9.]* (+\(1[5-9]\|2[0-5]\)\.[0-9] %, worse) from r5' \
	"$WORK/changes"; then
	ok "the step is found at run 5 (r5), +20 %, worse, and nowhere else"
else
	bad "one change at r5 expected" "$(cat "$WORK/out")"
fi
# the change line and its wrapped tail: the directory and p
if sed -n '/^change:/,/p = /p' "$WORK/out" | tr -d '\n' | tr -s ' ' |
	grep -q "from r5 ($WORK/run5), p = 0\.0[0-4][0-9]"; then
	ok "the change names run 5's directory and p < 0.05"
else
	bad "no directory or p on the change line" "$(cat "$WORK/out")"
fi
if grep -q '^change:.*uffd=wp' "$WORK/out"; then
	bad "a change at uffd=wp, which has no step" "$(cat "$WORK/out")"
else
	ok "no change where the series has no step (same noise)"
fi
if grep -q '^change:.*\(pages_per_fault\|wall_ms\)' "$WORK/out"; then
	bad "a change of a metric that is not a headline with a direction" "$(cat "$WORK/out")"
else
	ok "pages_per_fault (no direction) and wall_ms (no headline): no change"
fi
if grep -q '^no change: 1 of 2 metric/point series tested$' "$WORK/out"; then
	ok "the series without a change are counted"
else
	bad "no 'no change: 1 of 2' line" "$(cat "$WORK/out")"
fi
long=$(awk 'length > 80' "$WORK/out" | wc -l)
if [ "$long" -eq 0 ]; then
	ok "history: no line over 80 columns"
else
	bad "history: $long lines over 80 columns" "$(awk 'length > 80' "$WORK/out")"
fi

# the same again: the shuffles are seeded
"$FABENCH" history -o "$WORK/plots" "${dirs[@]}" >"$WORK/again" 2>&1
if cmp -s "$WORK/out" "$WORK/again"; then
	ok "the same output every time"
else
	bad "two runs of history differ" "$(diff "$WORK/out" "$WORK/again")"
fi

"$FABENCH" history -o "$WORK/plots" --metric wall_ms "${dirs[@]}" >"$WORK/wall" 2>&1
if ! grep -q '^change:' "$WORK/wall" &&
   grep -q '^none sought: no headline metric with a direction' "$WORK/wall"; then
	ok "--metric wall_ms (not a headline): no change sought"
else
	bad "--metric wall_ms" "$(cat "$WORK/wall")"
fi

"$FABENCH" history -o "$WORK/plots" "$WORK"/run[1-6] >"$WORK/six" 2>&1
if ! grep -q '^change:' "$WORK/six" &&
   grep -q '^too short: 2 metric/point series of 6 runs or fewer, whose smallest p' "$WORK/six" &&
   tr '\n' ' ' <"$WORK/six" | tr -s ' ' | grep -q 'is 0\.1; 8 runs can reach p < 0\.05'; then
	ok "6 runs: too short for a change, and said so"
else
	bad "6 runs" "$(cat "$WORK/six")"
fi

finish
