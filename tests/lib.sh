# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Shared by the shell tests: a scratch directory, one "ok"/"FAIL"/"skip"
# line per check, and the closing "NAME: N passed, N failed" (", N skipped"
# when something was).  The scratch directory is removed on exit unless a
# check failed: then it is kept, with what the failing checks wrote there,
# and finish names it.

WORK=$(mktemp -d "/tmp/fabench-${TEST_NAME}.XXXXXX")
trap '[ "$failed" -gt 0 ] || rm -rf "$WORK"' EXIT
passed=0
failed=0
skipped=0

ok() { passed=$((passed + 1)); echo "ok   $1"; }
# shellcheck disable=SC2001 # a message, indented line by line
bad() {
	failed=$((failed + 1))
	echo "FAIL $1"
	if [ -n "${2:-}" ]; then sed 's/^/     /' <<<"$2"; fi
	return 0
}
skip() { skipped=$((skipped + 1)); echo "skip $1"; }

# expect_run NAME STATUS PATTERN COMMAND...: COMMAND exits STATUS and its
# stdout and stderr match the extended regular expression PATTERN
expect_run() {
	local name=$1 status=$2 pattern=$3 out rc
	shift 3
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -ne "$status" ]; then
		bad "$name: exit $rc, expected $status" "$out"
	elif ! grep -Eq -- "$pattern" <<<"$out"; then
		bad "$name: output does not match /$pattern/" "$out"
	else
		ok "$name"
	fi
}

# add_counts P F S: checks counted elsewhere (a cmocka binary's summary)
add_counts() {
	passed=$((passed + $1))
	failed=$((failed + $2))
	skipped=$((skipped + $3))
}

# cmocka_counts FILE: "PASSED FAILED SKIPPED" from the last of cmocka's
# summary lines in FILE, "-" for a line that is not there
cmocka_counts() {
	local p f s
	p=$(sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -1)
	f=$(sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -1)
	s=$(sed -n 's/.*\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$1" | tail -1)
	echo "${p:--} ${f:--} ${s:--}"
}

# summary_mean DIR METRIC FILTER...: the mean of METRIC at the one point
# whose columns match every NAME=VALUE filter (empty if none or unsupported)
summary_mean() {
	local dir=$1 metric=$2
	shift 2
	awk -F, -v metric="$metric" -v filters="$*" '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; n = split(filters, f, " "); next }
		$col["metric"] != metric || $col["status"] != "ok" { next }
		{
			for (i = 1; i <= n; i++) {
				split(f[i], kv, "=")
				if ($col[kv[1]] != kv[2])
					next
			}
			print $col["mean"]
		}' "$dir/summary.csv"
}

finish() {
	[ "$failed" -eq 0 ] || echo "$TEST_NAME: scratch files kept in $WORK"
	if [ "$skipped" -gt 0 ]; then
		echo "$TEST_NAME: $passed passed, $failed failed, $skipped skipped"
	else
		echo "$TEST_NAME: $passed passed, $failed failed"
	fi
	[ "$failed" -eq 0 ]
}
