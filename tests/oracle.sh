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
	# the page history of the first losses: the verdict, and (unprotect)
	# the event that explains it, in the page's own history
	hist=$(dirname "$csv")/history
	explains='writer: wrote (page was protected)'
	[ $st = unprotect ] && explains="self-test: unprotected behind the oracle's back"
	if grep -q '^page [0-9]*: lost (no WP fault)' "$hist/point-0000.txt" 2>/dev/null &&
	   grep -q '^page [0-9]*: lost (scan: not written)' "$hist/point-0001.txt" &&
	   grep -qF "$explains" "$hist/point-0000.txt" &&
	   grep -qF "$explains" "$hist/point-0001.txt"; then
		ok "selftest = $st: history/ has both modes' lost pages, with '$explains'"
	else
		bad "selftest = $st: no page history explaining the loss" \
			"$(ls "$hist" 2>&1; head -30 "$hist"/point-000[01].txt 2>&1)"
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

# wp_sequence: the deterministic reproducer.  Its self-tests hide a write
# (alias-write) or a protection change from the model: exit 4 with lost = 1
# in both modes, spurious = 1 in both, and each point's steps in history/.
printf '[run]\nrepeat = 1\nwarmup = 0\n[wp_sequence]\nmode = sync, async\n' >"$WORK/seq.conf"
printf 'sequence = selftest-lost, selftest-spurious, write\n' >>"$WORK/seq.conf"
rm -rf "$WORK/res"
"$FABENCH" run -c "$WORK/seq.conf" -o "$WORK/res" >"$WORK/out" 2>"$WORK/err"
rc=$?
fails=$(grep -c 'CORRECTNESS FAILURE: lost = 1 in repetition 0 of wp_sequence sequence=selftest-lost' "$WORK/err")
dir=$(readlink -f "$WORK/res/latest")
if [ $rc -eq 4 ] && [ "$fails" -eq 2 ] &&
   grep -Eq '^selftest-spurious +sync +1 +[0-9.-]+ +0 +1 +0 ' "$WORK/out" &&
   grep -Eq '^selftest-spurious +async +16 +[0-9.-]+ +0 +1 +0 ' "$WORK/out" &&
   grep -Eq '^write +async +16 +[0-9.-]+ +0 +0 +0 ' "$WORK/out"; then
	ok "wp_sequence self-tests: exit 4, lost 1 in both modes, spurious 1 in both, write clean"
else
	bad "wp_sequence self-tests: exit $rc, $fails lost failures" "$(cat "$WORK/err" "$WORK/out")"
fi
if [ "$(find "$dir/history" -name "point-*.txt" 2>/dev/null | wc -l)" -eq 6 ] &&
   grep -q '^  alias-write:1 .*LOST: page 1' "$dir/history/point-0000.txt" &&
   grep -q '^  scan .*written: none; LOST: page 1' "$dir/history/point-0001.txt"; then
	ok "wp_sequence: history/ has a trace per point, naming the lost page at its step"
else
	bad "wp_sequence: history traces" "$(ls "$dir/history" 2>&1; cat "$dir"/history/point-000[01].txt 2>&1)"
fi

finish
