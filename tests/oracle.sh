#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The wp_oracle verdict as a user meets it: a run whose self-test hides
# writes from the oracle must say CORRECTNESS FAILURE and exit 4, with the
# results still written; a clean run of the same matrix exits 0 with the
# oracle's table (lost and spurious columns) printed.
#
# usage: tests/oracle.sh [FABENCH]
# Prints one "ok"/"FAIL" line per check and "oracle: N passed, N failed".

FABENCH=${1:-build/fabench}
TEST_NAME=oracle
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

# oracle_conf SELFTEST: both modes, one short repetition each
oracle_conf() {
	printf '[run]\nrepeat = 1\nwarmup = 0\n[wp_oracle]\nmode = sync, async\n' >"$WORK/$1.conf"
	printf 'seconds = 1\nselftest = %s\n' "$1" >>"$WORK/$1.conf"
}

for st in unprotect second_mapping; do
	oracle_conf $st
	rm -rf "$WORK/res"
	"$FABENCH" run -c "$WORK/$st.conf" -o "$WORK/res" >"$WORK/out" 2>"$WORK/err"
	rc=$?
	fails=$(grep -c 'CORRECTNESS FAILURE: lost_wp = [1-9]' "$WORK/err")
	csv=$(readlink -f "$WORK/res/latest")/samples.csv
	if [ $rc -eq 4 ] && [ "$fails" -eq 2 ] && [ -s "$csv" ]; then
		ok "selftest = $st: exit 4, CORRECTNESS FAILURE for both modes, results written"
	else
		bad "selftest = $st: exit $rc, $fails failures reported" "$(cat "$WORK/err" "$WORK/out")"
	fi
done

oracle_conf none
"$FABENCH" run -c "$WORK/none.conf" -o "$WORK/res" >"$WORK/out" 2>"$WORK/err"
rc=$?
if [ $rc -eq 0 ] && ! grep -q 'CORRECTNESS' "$WORK/err" &&
   grep -Eq '^mode +wr/prot +cv% +lost +spur' "$WORK/out" &&
   grep -Eq '^async +[0-9]+ +- +0 ' "$WORK/out"; then
	ok "selftest = none: exit 0, the table shows lost = 0"
else
	bad "selftest = none: exit $rc" "$(cat "$WORK/err" "$WORK/out")"
fi

finish
