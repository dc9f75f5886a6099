#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# qemu-arm64.sh FABENCH TEST...: run the aarch64 fabench (list, probe) and
# the cross-built cmocka tests under qemu-user ($QEMU, default
# qemu-aarch64).  Prints every skip's reason, a failing or crashing
# test's whole output, and ends with "check-arm64: N passed, N failed, N
# skipped" (cmocka's counts, plus one per fabench command); exits non-zero
# when anything failed.
set -u

QEMU=${QEMU:-qemu-aarch64}
fab=$1
shift
passed=0
failed=0
skipped=0
failures=()
reasons=""

indent() { sed 's/^/   /'; }

# check NAME CMD...: a command that must exit 0
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		passed=$((passed + 1))
		echo "ok: $name"
	else
		failed=$((failed + 1))
		failures+=("$name")
		indent <<<"$out"
		echo "FAILED: $name"
	fi
}

# shellcheck disable=SC2086 # QEMU is a command with options
check "fabench list" $QEMU "$fab" list
# probe must describe what qemu-user lacks, not crash on it
# shellcheck disable=SC2086
check "fabench probe" $QEMU "$fab" probe
# shellcheck disable=SC2086
check "fabench probe --json" $QEMU "$fab" probe --json

for t in "$@"; do
	echo "== $t (qemu-user)"
	# shellcheck disable=SC2086
	out=$($QEMU "$t" 2>&1)
	rc=$?
	p=$(echo "$out" | sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	f=$(echo "$out" | sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	s=$(echo "$out" | sed -n 's/.*\[  SKIPPED \] \([0-9]*\) test.*/\1/p' | tail -1)
	reasons+=$(echo "$out" | sed -n 's/^SKIP: //p; s/^skipped: //p')$'\n'
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	skipped=$((skipped + ${s:-0}))
	if [ "${f:-0}" -gt 0 ] || [ -z "${p:-}${s:-}" ] || [ $rc -ne 0 ] ||
		grep -qiE '^\[ +(FAILED|ERROR) +\]' <<<"$out"; then
		echo "   -- whole output (exit $rc):"
		indent <<<"$out"
	else
		grep -iE '^\[ +(OK|FAILED|SKIPPED|ERROR) +\]|^SKIP:|error' <<<"$out" | indent
	fi
	if [ -n "${f:-}" ] && [ "$f" -gt 0 ]; then
		failures+=("$t")
	elif [ -z "${p:-}${s:-}" ] || [ $rc -ne 0 ]; then
		failed=$((failed + 1))
		failures+=("$t (no cmocka summary or exit $rc)")
	fi
done

echo "== skip reasons"
echo -n "$reasons" | sed '/^$/d' | sort | uniq -c
for f in "${failures[@]}"; do
	echo "failed: $f"
done
echo "check-arm64: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
