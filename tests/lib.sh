# SPDX-License-Identifier: GPL-2.0-only
#
# Shared by the shell tests: a scratch directory removed on exit, one
# "ok"/"FAIL" line per check, and the closing "NAME: N passed, N failed".

WORK=$(mktemp -d "/tmp/fabench-${TEST_NAME}.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/     /' <<<"$2"; }

finish() {
	echo "$TEST_NAME: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
