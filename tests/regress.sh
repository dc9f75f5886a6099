#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fabench regress and compare on a real result directory and on edited
# copies of it.  The copies make the test deterministic: one point's
# ns_per_page samples are first replaced by steady values (within 1%), so
# a +10% change is significant whatever the machine's noise, and an exact
# copy has nothing to report.
#
# usage: tests/regress.sh [FABENCH]   (default build/fabench)
# Prints one "ok"/"FAIL" line per check and "regress: N passed, N failed".

FABENCH=${1:-build/fabench}
TEST_NAME=regress
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

printf '%s\n' '[run]' 'repeat = 5' 'warmup = 1' 'timing = throughput' '' \
	'[fault_read]' 'size = 4M' 'uffd = none, wp' >"$WORK/small.conf"
printf '%s\n' '[run]' 'repeat = 3' 'warmup = 0' 'timing = throughput' '' \
	'[fault_read]' 'size = 1M' 'uffd = minor' >"$WORK/other.conf"

if ! "$FABENCH" run -c "$WORK/small.conf" -o "$WORK/runs" >"$WORK/run.log" 2>&1 ||
	! "$FABENCH" run -c "$WORK/other.conf" -o "$WORK/others" >>"$WORK/run.log" 2>&1; then
	bad "fabench run of the test configs" "$(tail -5 "$WORK/run.log")"
	finish
	exit
fi
REAL=$(readlink -f "$WORK/runs/latest")
OTHER=$(readlink -f "$WORK/others/latest")

# scale DIR EXPR: ns_per_page of the uffd=none rows becomes EXPR (awk, with
# v the old value and rep the repetition)
scale() {
	local f=$1/samples.csv
	awk -F, -v OFS=, "
		NR == 1 { for (i = 1; i <= NF; i++) { if (\$i == \"ns_per_page\") c = i;
			  if (\$i == \"uffd\") u = i; if (\$i == \"rep\") r = i } }
		NR > 1 && \$u == \"none\" && \$r >= 0 { v = \$c; rep = \$r; \$c = $2 }
		{ print }" "$f" >"$f.new" && mv "$f.new" "$f"
}

copy() { rm -rf "${WORK:?}/${2:?}"; cp -r "$1" "$WORK/$2"; }

copy "$REAL" steady
scale "$WORK/steady" '1000 * (1 + 0.01 * (rep % 3 - 1))'
copy "$WORK/steady" slower
scale "$WORK/slower" 'v * 1.10'
copy "$WORK/steady" noisy
scale "$WORK/noisy" 'v * (rep % 2 ? 0.5 : 1.5)'

# expect NAME STATUS PATTERN ARGS...: regress exits STATUS, stdout+stderr match
expect() {
	local name=$1 status=$2 pattern=$3
	shift 3
	expect_run "$name" "$status" "$pattern" "$FABENCH" regress "$@"
}

expect "a run against itself" 0 '^regress: 0 regressions' --baseline "$REAL" --current "$REAL"
expect "an exact copy" 0 '^regress: 0 regressions' --baseline "$WORK/steady" --current "$WORK/steady"
expect "+10% ns_per_page" 1 '^regression: fault_read none ns_per_page \+10\.0% p=' \
	--baseline "$WORK/steady" --current "$WORK/slower"
expect "+10% under a 20% threshold" 0 '^regress: 0 regressions' \
	--baseline "$WORK/steady" --current "$WORK/slower" --threshold 'ns_per_*=20'
expect "-10% is no regression" 0 '^regress: 0 regressions' \
	--baseline "$WORK/slower" --current "$WORK/steady"
expect "a noisy metric, counted" 0 '^information: [1-9][0-9]* noisy, .*--verbose lists them' \
	--baseline "$WORK/steady" --current "$WORK/noisy"
expect "a noisy metric, --verbose" 0 '^noisy: fault_read none ns_per_page robust cv' \
	--baseline "$WORK/steady" --current "$WORK/noisy" --verbose
# what is gated comes from meta.json's declarations: pages_per_fault is a
# headline exact count (better none), so its change is shown, not gated
copy "$WORK/steady" fewer
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "pages_per_fault") c = i }
	NR > 1 && $c != "" { $c = $c / 2 } { print }' "$WORK/fewer/samples.csv" >"$WORK/fewer.csv" &&
	mv "$WORK/fewer.csv" "$WORK/fewer/samples.csv"
expect "pages_per_fault halved: shown, not gated" 0 \
	'^changed: fault_read none pages_per_fault .*not gated' \
	--baseline "$WORK/steady" --current "$WORK/fewer"
# a result from before the declarations (format_version 1): information only
for d in steady slower; do
	copy "$WORK/$d" "old-$d"
	jq '.format_version = 1 | del(.metrics)' "$WORK/$d/meta.json" >"$WORK/old-$d/meta.json"
done
expect "format_version 1: loads, every metric information only" 0 \
	'format_version 1, no metric declarations: every metric is information only' \
	--baseline "$WORK/old-steady" --current "$WORK/old-slower"

# Under QEMU icount (meta.json vm.accel "icount") a time counts
# instructions: its unit is shown as such, and regress's threshold for it
# is 0.5 %, so +3 % (fully separated) is a regression there and not on a
# clock (threshold 5 %).
copy "$WORK/steady" slower3pct
scale "$WORK/slower3pct" 'v * 1.03'
for d in steady slower3pct; do
	copy "$WORK/$d" "icount-$d"
	jq '.vm = {accel: "icount", clock: "instructions"}' "$WORK/$d/meta.json" \
		>"$WORK/icount-$d/meta.json"
done
expect "+3% on a clock: under the 5% threshold" 0 '^regress: 0 regressions' \
	--baseline "$WORK/steady" --current "$WORK/slower3pct"
expect "+3% in instructions (icount): past the 0.5% threshold" 1 \
	'^regression: fault_read none ns_per_page \+3\.0% p=.*\(threshold 0\.5%' \
	--baseline "$WORK/icount-steady" --current "$WORK/icount-slower3pct"
expect "one side icount, one not: the clock's threshold" 0 '^regress: 0 regressions' \
	--baseline "$WORK/steady" --current "$WORK/icount-slower3pct"
out=$("$FABENCH" compare "$WORK/icount-steady" "$WORK/icount-slower3pct" 2>&1)
if grep -q 'ns_per_page' <<<"$out" && ! grep -qw 'ns' <<<"$out"; then
	ok "compare of icount runs: no unit says ns"
else
	bad "compare of icount runs names a unit ns" "$(grep -w ns <<<"$out" | head -5)"
fi
out=$("$FABENCH" mail "$WORK/icount-steady" 2>&1)
if grep -q '(ins)' <<<"$out" && ! grep -q '(ns)' <<<"$out"; then
	ok "mail of an icount run: ns_per_page in (ins)"
else
	bad "mail of an icount run: expected (ins), no (ns)" "$(grep -e '(ns)' -e '(ins)' <<<"$out" | head -5)"
fi

# quiet by default: a run against itself says so in a few lines
out=$("$FABENCH" regress --baseline "$REAL" --current "$REAL" 2>&1)
if [ "$(wc -l <<<"$out")" -le 4 ] && ! grep -q '^regression:' <<<"$out"; then
	ok "a real run against itself: $(wc -l <<<"$out") lines, no regression"
else
	bad "a real run against itself: more than 4 lines or a regression" "$out"
fi

# Small fixed result directories (tests/fixtures/regress): fault_read at
# uffd none and wp, ns_per_page the headline with a direction, the latency
# percentiles and wall_ms declared but not headline.  slowerN has point
# none's ns_per_page, lat_* and wall_ms 1.5x, 2.25x, 2.25x baseN's, every
# sample of it past every sample of baseN (fully separated).
FIX=$(dirname "$0")/fixtures/regress
out=$("$FABENCH" regress --baseline "$FIX/base5" --current "$FIX/base5" 2>&1)
rc=$?
if [ $rc -eq 0 ] && [ "$(wc -l <<<"$out")" -le 4 ] && ! grep -q '^regression:' <<<"$out"; then
	ok "a fixture against itself: exit 0, $(wc -l <<<"$out") lines"
else
	bad "a fixture against itself: exit $rc" "$out"
fi
# exact Mann-Whitney: no split of 3 and 3 values gives p below 2/20 = 0.1
expect "3 vs 3 separated, +50%: n too small, not a regression" 0 \
	'^information: .*untestable: n too small for significance \(smallest p = 0\.1\)' \
	--baseline "$FIX/base3" --current "$FIX/slower3"
expect "3 vs 3 separated, --verbose: the metric named untestable" 0 \
	'^untestable: fault_read none ns_per_page \+50\.0% n=3/3: n too small for significance \(smallest p = 0\.1\)' \
	--baseline "$FIX/base3" --current "$FIX/slower3" --verbose
if "$FABENCH" regress --baseline "$FIX/base3" --current "$FIX/slower3" --verbose \
	--no-correction 2>&1 | grep -q '^regression:'; then
	bad "3 vs 3 separated: a regression even uncorrected"
else
	ok "3 vs 3 separated: no regression even uncorrected"
fi
# 2/252 = 0.00794; Benjamini-Hochberg over the 2 gated comparisons (none
# and wp) rejects it, 0.00794 <= 1 * 0.05 / 2
expect "5 vs 5 separated, +50%: a regression" 1 \
	'^regression: fault_read none ns_per_page \+50\.0% p=0\.00794 n=5/5 .*mann-whitney exact' \
	--baseline "$FIX/base5" --current "$FIX/slower5"
expect "the correction named" 1 \
	'^significance: Benjamini-Hochberg FDR 5 % over 2 gated comparisons' \
	--baseline "$FIX/base5" --current "$FIX/slower5"
expect "5 vs 5 the other way: an improvement" 0 \
	'^improvement: fault_read none ns_per_page -33\.3% p=0\.00794' \
	--baseline "$FIX/slower5" --current "$FIX/base5"
# one decision per measurement: lat_* and wall_ms moved 125 % but are no alarm
out=$("$FABENCH" regress --baseline "$FIX/base5" --current "$FIX/slower5" --verbose 2>&1)
if grep -q -e lat_ -e wall_ms <<<"$out" || [ "$(grep -c '^regression:' <<<"$out")" -ne 1 ]; then
	bad "percentiles and non-headline metrics are information only" "$out"
else
	ok "one regression: percentiles and non-headline metrics are information only"
fi
# 4 vs 4: the exact p is 2/70 = 0.0286, under 0.05 alone but over BH's
# 1 * 0.05 / 2 = 0.025 for the smaller of the two p (the other is 1)
for d in base5 slower5; do
	copy "$FIX/$d" "${d%5}4"
	awk -F, 'NR == 1 || $5 != 4' "$FIX/$d/samples.csv" >"$WORK/${d%5}4/samples.csv"
done
expect "4 vs 4 separated: not significant after the correction" 0 \
	'^regress: 0 regressions' --baseline "$WORK/base4" --current "$WORK/slower4"
expect "4 vs 4 separated, --no-correction: a regression" 1 \
	'^regression: fault_read none ns_per_page \+50\.0% p=0\.0286 n=4/4' \
	--baseline "$WORK/base4" --current "$WORK/slower4" --no-correction
expect "--no-correction named" 1 '^significance: uncorrected \(--no-correction\)' \
	--baseline "$WORK/base4" --current "$WORK/slower4" --no-correction

# The noise floor (--noise): base5, noise115 and noise130 are three runs of
# one config whose none ns_per_page means are 100, 115 and 130 (5 samples
# each, within 1 %), so the largest A/A change is 130 over 100, 30 %.
# slower20 is 20 % slower than base5, every sample past every one of it:
# p = 2/252 = 0.00794 exact, a regression on the test alone, but within
# what the A/A runs show.
NOISE=(--noise "$FIX/base5" --noise "$FIX/noise115" --noise "$FIX/noise130")
expect "+20%, separated, no --noise: a regression" 1 \
	'^regression: fault_read none ns_per_page \+20\.0% p=0\.00794 n=5/5' \
	--baseline "$FIX/base5" --current "$FIX/slower20"
expect "no --noise: the floor is thresholds.conf's" 1 '^noise floor: thresholds\.conf' \
	--baseline "$FIX/base5" --current "$FIX/slower20"
expect "+20% under a 30% A/A noise: within the noise, counted" 0 \
	'^information: 0 noisy, 1 within the noise, .*--verbose lists them' \
	--baseline "$FIX/base5" --current "$FIX/slower20" "${NOISE[@]}"
expect "+20% under a 30% A/A noise, --verbose: listed with its floor" 0 \
	'^within the noise: fault_read none ns_per_page \+20\.0% p=0\.00794 n=5/5 \(noise floor 30\.0% learned from 3 runs' \
	--baseline "$FIX/base5" --current "$FIX/slower20" "${NOISE[@]}" --verbose
expect "--noise: the floor named" 0 \
	'^noise floor: learned from 3 runs \(2 of 2 gated comparisons' \
	--baseline "$FIX/base5" --current "$FIX/slower20" "${NOISE[@]}"
expect "+50% over a 30% A/A noise: a regression" 1 \
	'^regression: fault_read none ns_per_page \+50\.0% p=0\.00794 .*noise floor 30\.0% learned from 3 runs' \
	--baseline "$FIX/base5" --current "$FIX/slower5" "${NOISE[@]}"
expect "-16.7% under a 30% A/A noise: no improvement either" 0 \
	'^information: 0 noisy, 1 within the noise' \
	--baseline "$FIX/slower20" --current "$FIX/base5" "${NOISE[@]}"
# a point the noise runs lack has the threshold alone: without point none,
# +20% is a regression again
for d in noise115 noise130; do
	copy "$FIX/$d" "$d-wp"
	awk -F, '$4 != "none"' "$FIX/$d/samples.csv" >"$WORK/$d-wp/samples.csv"
done
expect "a point the noise runs lack: the threshold alone" 1 \
	'^regression: fault_read none ns_per_page \+20\.0% p=0\.00794 n=5/5 \(threshold 5%, mann' \
	--baseline "$FIX/base5" --current "$FIX/slower20" \
	--noise "$WORK/noise115-wp" --noise "$WORK/noise130-wp"
expect "a point the noise runs lack: counted on the floor line" 1 \
	'^noise floor: learned from 2 runs \(1 of 2 gated comparisons' \
	--baseline "$FIX/base5" --current "$FIX/slower20" \
	--noise "$WORK/noise115-wp" --noise "$WORK/noise130-wp"

# Several runs a side: the run medians are the samples.  drift-bK and
# drift-cK are base5 with none's ns_per_page scaled by the factors below: a
# machine whose runs differ by up to 35 % while nothing changed (the
# current runs interleave the baseline ones).  One run a side takes that
# drift for a regression; four a side see it is how the runs vary.
bfac=(1.00 1.10 1.20 1.30 1.05) cfac=(1.05 1.15 1.25 1.35 1.00) sfac=(1.50 1.60 1.70 1.80 1.90)
for k in 0 1 2 3 4; do
	copy "$FIX/base5" "drift-b$k"
	scale "$WORK/drift-b$k" "v * ${bfac[k]}"
	copy "$FIX/base5" "drift-c$k"
	scale "$WORK/drift-c$k" "v * ${cfac[k]}"
	copy "$FIX/base5" "shift-c$k"
	scale "$WORK/shift-c$k" "v * ${sfac[k]}"
done
# runs OPTION PREFIX N...: RUNS becomes OPTION WORK/PREFIX0 ... for N runs,
# for each triple
runs() {
	local k
	RUNS=()
	while [ $# -ge 3 ]; do
		for k in $(seq 0 $(($3 - 1))); do RUNS+=("$1" "$WORK/$2$k"); done
		shift 3
	done
}
expect "one run a side: the drift between runs taken for a regression" 1 \
	'^regression: fault_read none ns_per_page \+35\.0% p=0\.00794 n=5/5 \(' \
	--baseline "$WORK/drift-b0" --current "$WORK/drift-c3"
expect "one run a side: the output says the test is blind to drift" 1 \
	'^significance: .* on the repetitions of one run a side \(blind to drift between runs\)' \
	--baseline "$WORK/drift-b0" --current "$WORK/drift-c3"
# 4 against 4 run medians interleaved (100 105 110 115 ...): p = 0.686
runs --baseline drift-b 4 --current drift-c 4
expect "4 runs a side, interleaved drift: no regression" 0 '^regress: 0 regressions' \
	"${RUNS[@]}"
expect "4 runs a side, --verbose: n counts runs" 0 \
	'^unchanged: fault_read none ns_per_page \+4\.3% p=0\.686 n=4/4 runs \(threshold 5%\)' \
	"${RUNS[@]}" --verbose
expect "several runs: the samples named" 0 \
	'^significance: .* on the medians of 4 baseline and 4 current runs$' "${RUNS[@]}"
# every current run past every baseline one, 5 against 5: p = 2/252
runs --baseline drift-b 5 --current shift-c 5
expect "5 runs a side, every current run slower: a regression" 1 \
	'^regression: fault_read none ns_per_page \+50\.4% p=0\.00794 n=5/5 runs \(' \
	"${RUNS[@]}"
# a run's median: one repetition 20x slower does not move it
copy "$WORK/drift-c0" stall-c0
scale "$WORK/stall-c0" 'rep == 2 ? v * 20 : v'
runs --baseline drift-b 4 --current drift-c 4
RUNS[9]=$WORK/stall-c0	# in place of drift-c0
expect "one stalled repetition: its run's median unmoved" 0 \
	'^unchanged: fault_read none ns_per_page \+4\.5% p=0\.686 n=4/4 runs' \
	"${RUNS[@]}" --verbose

expect_run "compare, 3 vs 3: n too small for the rank test" 0 \
	'n too small for significance \(smallest p = 0\.1\)' \
	"$FABENCH" compare "$FIX/base3" "$FIX/slower3"

if "$FABENCH" regress --baseline "$WORK/steady" --current "$WORK/noisy" 2>&1 |
	grep -q '^regression: .*ns_per_page'; then
	bad "a noisy metric is reported as a regression"
else
	ok "a noisy metric is not a regression"
fi

# expect_error NAME PATTERN CMD...: exit 2 and one stderr line matching PATTERN
expect_error() {
	local name=$1 pattern=$2 rc
	shift 2
	"$FABENCH" "$@" >/dev/null 2>"$WORK/err"
	rc=$?
	if [ $rc -ne 2 ]; then
		bad "$name: exit $rc, expected 2" "$(cat "$WORK/err")"
	elif [ "$(wc -l <"$WORK/err")" -ne 1 ] || ! grep -Eq -- "$pattern" "$WORK/err"; then
		bad "$name: expected one line matching /$pattern/" "$(cat "$WORK/err")"
	else
		ok "$name: $(cat "$WORK/err")"
	fi
}

copy "$REAL" truncated
size=$(stat -c %s "$WORK/truncated/samples.csv")
truncate -s $((size - 7)) "$WORK/truncated/samples.csv"
expect_error "truncated samples.csv" 'truncated/samples\.csv:[0-9]+: .*truncated' \
	regress --baseline "$REAL" --current "$WORK/truncated"
copy "$REAL" corrupt
sed -i '3s/,ok,\([0-9.]*\),/,ok,1x2,/' "$WORK/corrupt/samples.csv"
expect_error "a corrupt number" 'corrupt/samples\.csv:3: wall_ms: expected a number' \
	regress --baseline "$REAL" --current "$WORK/corrupt"
copy "$REAL" nometa
rm "$WORK/nometa/meta.json"
expect_error "missing meta.json" 'nometa/meta\.json: No such file' \
	regress --baseline "$WORK/nometa" --current "$REAL"
expect_error "different configs (regress)" 'samples\.csv: no point in common' \
	regress --baseline "$REAL" --current "$OTHER"
expect_error "different configs (compare)" 'samples\.csv: no point in common' \
	compare "$REAL" "$OTHER"
expect_error "a bad threshold" 'threshold ns_per_page=lots' \
	regress --baseline "$REAL" --current "$REAL" --threshold ns_per_page=lots

expect_error "a --noise directory that does not exist" 'no-such-run/meta\.json: No such file' \
	regress --baseline "$FIX/base5" --current "$FIX/slower20" --noise "$FIX/noise115" \
	--noise "$WORK/no-such-run"
expect_error "one --noise run: no noise to learn" '--noise .*base5: a noise floor needs 2 or more runs' \
	regress --baseline "$FIX/base5" --current "$FIX/slower20" --noise "$FIX/base5"
expect_error "a --noise run of another config" '--noise .*others.*: no point in common with' \
	regress --baseline "$FIX/base5" --current "$FIX/slower20" --noise "$FIX/noise115" \
	--noise "$OTHER"
expect_error "a --current run of another config" '--current .*others.*: no point in common with' \
	regress --baseline "$FIX/base5" --current "$FIX/slower5" --current "$OTHER"
expect_error "a --baseline run of another config" '--baseline .*others.*: no point in common with' \
	regress --baseline "$FIX/base5" --baseline "$OTHER" --current "$FIX/slower5"

copy "$REAL" newer
# a format_version no reader knows yet (the writer's is 1 or 2)
sed -i 's/"format_version": [0-9]*/"format_version": 999/' "$WORK/newer/meta.json"
if out=$("$FABENCH" regress --baseline "$REAL" --current "$WORK/newer" 2>&1) &&
	grep -q 'warning: .*format_version 999 is newer' <<<"$out"; then
	ok "a newer format_version: a warning, and on"
else
	bad "a newer format_version" "$out"
fi

out=$("$FABENCH" compare "$WORK/steady" "$WORK/slower" "$REAL" 2>&1)
long=$(awk 'length > 80' <<<"$out")
if [ -n "$long" ] || ! grep -q 'ns_per_page .*+10\.0%\* worse' <<<"$out"; then
	bad "compare text: 80 columns, the change marked" "$long${long:+
}$(head -20 <<<"$out")"
else
	ok "compare text: within 80 columns, +10.0%* worse"
fi
# metric names: whole when the column can hold them (the longest real one);
# else abbreviated, kept distinct, and each abbreviation in a legend
if grep -Eq '^  [^ ]*~' <<<"$out"; then
	bad "compare text: a metric name abbreviated though 31 columns hold it" \
		"$(grep -E '^  [^ ]*~' <<<"$out" | sort -u | head -5)"
else
	ok "compare text: metric names whole"
fi
copy "$WORK/steady" longnames
# two names alike but for their tails, too long for the name column
sed -i '1s/,ns_per_page,/,fault_read_first_touch_latency_in_ns_per_page,/;
	1s/,pages_per_sec,/,fault_read_first_touch_latency_in_pages_per_sec,/' \
	"$WORK/longnames/samples.csv"
out=$("$FABENCH" compare "$WORK/longnames" "$WORK/longnames" 2>&1)
a=$(grep -E '^  [^ ]*~[^ ]* +[-0-9.e+]+ ' <<<"$out" | awk '{ print $1 }' | sort -u)
long=$(awk 'length > 80' <<<"$out")
if [ -n "$long" ]; then
	bad "compare, long names: lines over 80 columns" "$long"
elif [ "$(wc -l <<<"$a")" -ne 2 ] || ! grep -q '^~.*ns_per_page$' <<<"$a" ||
	! grep -q '^~.*pages_per_sec$' <<<"$a"; then
	bad "compare, long names: expected 2 distinct abbreviations keeping the tail" "$a"
elif ! sed -n '/^abbreviated metric names$/,$p' <<<"$out" | tr -s ' \n' ' ' |
	grep -q -- "$(grep pages_per_sec <<<"$a") fault_read_first_touch_latency_in_pages_per_sec" ||
	! sed -n '/^abbreviated metric names$/,$p' <<<"$out" | tr -s ' \n' ' ' |
	grep -q -- "$(grep ns_per_page <<<"$a") fault_read_first_touch_latency_in_ns_per_page"; then
	bad "compare, long names: no legend line for each abbreviation" "$(tail -8 <<<"$out")"
else
	ok "compare, long names: $(tr '\n' ' ' <<<"$a")distinct, each in the legend"
fi
out=$("$FABENCH" compare --format csv "$WORK/steady" "$WORK/slower")
if head -1 <<<"$out" | grep -q '^point,metric,direction,base_n,base_mean'; then
	ok "compare csv has a header"
else
	bad "compare csv header" "$(head -2 <<<"$out")"
fi
if command -v gnuplot >/dev/null; then
	out=$("$FABENCH" compare --plots "$WORK/cmp-plots" "$WORK/steady" "$WORK/slower" 2>&1)
	png="$WORK/cmp-plots/ns_per_page.png" svg="$WORK/cmp-plots/ns_per_page.svg"
	if [ "$(od -An -tx1 -N8 "$png" 2>/dev/null | tr -d ' \n')" = 89504e470d0a1a0a ] &&
	   [ "$(grep -v '^$' "$svg" 2>/dev/null | tail -1)" = '</svg>' ]; then
		ok "compare --plots: ns_per_page PNG signature, SVG ends in </svg>"
	else
		bad "compare --plots: no valid PNG or SVG" "$(tail -5 <<<"$out")"
	fi
fi
if "$FABENCH" compare --format json "$WORK/steady" "$WORK/slower" |
	jq -e '.rows | length > 0' >/dev/null; then
	ok "compare json parses with jq"
else
	bad "compare json does not parse"
fi
finish
