#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Kernel knobs as matrix axes: set, read back, and restored on every exit
# path (normal end, SIGINT, SIGTERM, SIGHUP; after SIGKILL by the next run
# or `fabench restore`).  The knobs are written in a fake sysfs tree
# (FABENCH_SYSFS_ROOT) since this machine's fault_around_bytes is locked
# down; the real knob is exercised inside QEMU guests.  One check also runs
# on the real tree: an unwritable knob makes its points unsupported.
#
# usage: tests/knobs.sh [FABENCH]
# Prints one "ok"/"FAIL" line per check and "knobs: N passed, N failed".

FABENCH=${1:-build/fabench}
TEST_NAME=knobs
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

FAB=$WORK/sys/kernel/debug/fault_around_bytes
THP=$WORK/sys/kernel/mm/transparent_hugepage/shmem_enabled

fresh_tree() {
	rm -rf "$WORK/sys" "$WORK/state" "$WORK/res"
	mkdir -p "$(dirname "$FAB")" "$(dirname "$THP")"
	echo 65536 >"$FAB"
	echo "always within_size advise [never] deny force" >"$THP"
}

# exec: run in the background, $! must be fabench itself, not a subshell
fab() { FABENCH_SYSFS_ROOT=$WORK FABENCH_STATE_DIR=$WORK/state exec "$FABENCH" "$@"; }
thp_now() { sed -n 's/.*\[\(.*\)\].*/\1/p;t;p' "$THP"; }

cat >"$WORK/short.conf" <<'CONF'
[run]
repeat = 1
warmup = 0
fault_around_bytes = 4096, default, 16384
thp_shmem = always, default
[fault_read]
size = 1M
CONF
cat >"$WORK/long.conf" <<'CONF'
[run]
repeat = 5000
fault_around_bytes = 4096
thp_shmem = within_size
[fault_read]
size = 4M
uffd = wp
CONF

# a normal run sets every value, and ends with the originals back
fresh_tree
if (fab run -c "$WORK/short.conf" -o "$WORK/res") >"$WORK/out" 2>&1; then
	ok "run with knob axes exits 0"
else
	bad "run with knob axes" "$(cat "$WORK/out")"
fi
pts=$(grep -c ',ok,' "$(readlink -f "$WORK/res/latest")/samples.csv")
if [ "$pts" -eq 6 ]; then ok "6 knob points measured"; else bad "$pts knob points measured, expected 6"; fi
if [ "$(cat "$FAB")" = 65536 ] && [ "$(thp_now)" = never ]; then
	ok "normal end: fault_around_bytes 65536 and shmem_enabled never again"
else
	bad "normal end: knobs left at $(cat "$FAB") / $(thp_now)"
fi
if [ ! -e "$WORK/state/knobs.restore" ]; then
	ok "normal end: no restore record left"
else
	bad "restore record left after a normal end"
fi

# wait_changed: until the run has set the knobs (at most 20 s)
wait_changed() {
	for _ in $(seq 200); do
		[ "$(cat "$FAB")" = 4096 ] && [ "$(thp_now)" = within_size ] && return 0
		sleep 0.1
	done
	return 1
}

for sig in INT TERM HUP; do
	fresh_tree
	fab run -c "$WORK/long.conf" -o "$WORK/res" >/dev/null 2>&1 &
	pid=$!
	if ! wait_changed; then
		bad "SIG$sig: the knobs were never changed"
		kill -9 $pid
		wait $pid
		continue
	fi
	kill -"$sig" $pid
	wait $pid
	rc=$?
	if [ $rc -eq 130 ] && [ "$(cat "$FAB")" = 65536 ] && [ "$(thp_now)" = never ] &&
	   [ ! -e "$WORK/state/knobs.restore" ]; then
		ok "SIG$sig: exit 130, both knobs restored, record removed"
	else
		bad "SIG$sig: exit $rc, knobs $(cat "$FAB") / $(thp_now)"
	fi
done

# SIGKILL: nothing can run in the process; the record on disk survives it
kill9() {
	fresh_tree
	fab run -c "$WORK/long.conf" -o "$WORK/res" >/dev/null 2>&1 &
	pid=$!
	wait_changed || bad "SIGKILL: the knobs were never changed"
	kill -9 $pid
	wait $pid 2>/dev/null
	[ "$(cat "$FAB")" = 4096 ] && [ -s "$WORK/state/knobs.restore" ]
}
if kill9; then ok "SIGKILL: knob left changed, restore record on disk"; else bad "SIGKILL setup"; fi
stale=$(find "$WORK/res" -maxdepth 1 -name '.*.tmp' -type d)
if [ -n "$stale" ]; then ok "SIGKILL: the run's temporary directory is left"; else bad "SIGKILL: no .tmp left"; fi
out=$( (fab restore -o "$WORK/res") 2>&1)
if [ "$(cat "$FAB")" = 65536 ] && [ "$(thp_now)" = never ] && [ ! -e "$WORK/state/knobs.restore" ] &&
   grep -q "restored .*fault_around_bytes to '65536'" <<<"$out"; then
	ok "fabench restore puts both knobs back and says so"
else
	bad "fabench restore: $(cat "$FAB") / $(thp_now)" "$out"
fi
if [ ! -e "$stale" ] && grep -qx "fabench: removed $stale (left by pid $pid, no longer running)" <<<"$out"; then
	ok "fabench restore removes the killed run's $(basename "$stale") and says so"
else
	bad "fabench restore and the stale directory $stale" "$out"
fi
out=$( (fab restore) 2>&1)
if grep -q "no knob left changed" <<<"$out"; then
	ok "a second restore has nothing to do"
else
	bad "second restore" "$out"
fi

kill9 || bad "SIGKILL setup (2)"
stale=$(find "$WORK/res" -maxdepth 1 -name '.*.tmp' -type d)
printf '[fault_read]\nsize = 1M\n' >"$WORK/plain.conf"
out=$( (fab run -c "$WORK/plain.conf" -o "$WORK/res" -p run.repeat=1) 2>&1)
if [ "$(cat "$FAB")" = 65536 ] && [ "$(thp_now)" = never ] && grep -q "restored" <<<"$out"; then
	ok "the next run restores what a SIGKILLed run left"
else
	bad "next run after SIGKILL: $(cat "$FAB") / $(thp_now)" "$out"
fi
if [ -n "$stale" ] && [ ! -e "$stale" ] &&
   grep -qx "fabench: removed $stale (left by pid $pid, no longer running)" <<<"$out"; then
	ok "the next run removes the killed run's temporary directory and says so"
else
	bad "next run and the stale directory '$stale'" "$out"
fi

# two runs at once: the second would measure beside the first and record
# the first's 4096 as the value to restore (the original 65536 lost)
fresh_tree
fab run -c "$WORK/long.conf" -o "$WORK/res" >/dev/null 2>&1 &
pid=$!
wait_changed || bad "two runs: the first never changed the knobs"
out=$( (fab run -c "$WORK/short.conf" -o "$WORK/res2") 2>&1)
rc=$?
if [ $rc -eq 2 ] && [ "$(wc -l <<<"$out")" -eq 1 ] &&
   grep -Eqx "fabench: another fabench run \(pid $pid, started [0-9-]+ [0-9:]+\) is running; --wait waits for it" <<<"$out" &&
   [ ! -e "$WORK/res2" ] && [ "$(cat "$FAB")" = 4096 ]; then
	ok "a second run while one holds the lock: exit 2, one line naming pid $pid, nothing done"
else
	bad "second run while one runs: exit $rc, knob $(cat "$FAB")" "$out"
fi
out=$( (fab restore) 2>&1)
rc=$?
if [ $rc -eq 2 ] && [ "$(cat "$FAB")" = 4096 ] && grep -q "another fabench run (pid $pid" <<<"$out"; then
	ok "fabench restore leaves a running run's knobs alone (exit 2)"
else
	bad "restore during a run: exit $rc, knob $(cat "$FAB")" "$out"
fi
fab run --wait -c "$WORK/short.conf" -o "$WORK/res2" >"$WORK/wait.out" 2>&1 &
waiter=$!
sleep 0.5
kill -INT $pid
wait $pid
wait $waiter
rc=$?
if [ $rc -eq 0 ] && grep -q "waiting for it to end" "$WORK/wait.out" && [ -e "$WORK/res2/latest" ] &&
   [ "$(cat "$FAB")" = 65536 ] && [ "$(thp_now)" = never ]; then
	ok "run --wait waits for the first run, then runs; 65536 and never at the end"
else
	bad "run --wait: exit $rc, knobs $(cat "$FAB") / $(thp_now)" "$(cat "$WORK/wait.out")"
fi
out=$( (fab restore) 2>&1)
if grep -q "no knob left changed" <<<"$out"; then
	ok "after both runs nothing is left to restore"
else
	bad "restore after two runs" "$out"
fi

# a knob the kernel does not take: unsupported, the rest of the matrix runs
fresh_tree
chmod 0444 "$FAB"
if [ "$(id -u)" -ne 0 ]; then
	(fab run -c "$WORK/short.conf" -o "$WORK/res" -p run.thp_shmem=default) >"$WORK/out" 2>&1
	rc=$?
	csv=$(readlink -f "$WORK/res/latest")/samples.csv
	if [ $rc -eq 0 ] && grep -q 'unsupported: fault_around_bytes: EACCES' "$csv" &&
	   grep -q ',default,default,0,ok' "$csv"; then
		ok "unwritable fake knob: its points unsupported (EACCES), default point ok"
	else
		bad "unwritable fake knob (exit $rc)" "$(cat "$WORK/out")"
	fi
fi

# the real tree: on this VM debugfs fault_around_bytes is locked down
printf '[run]\nrepeat = 1\nwarmup = 0\nfault_around_bytes = default, 4096\n[fault_read]\nsize = 1M\n' \
	>"$WORK/real.conf"
FABENCH_STATE_DIR=$WORK/state "$FABENCH" run -c "$WORK/real.conf" -o "$WORK/res" >"$WORK/out" 2>&1
rc=$?
csv=$(readlink -f "$WORK/res/latest")/samples.csv
if [ $rc -eq 0 ] && [ "$(grep -c ',ok,' "$csv")" -ge 1 ] &&
   { grep -q 'unsupported: fault_around_bytes: ' "$csv" || grep -q '^[^,]*,[^,]*,[^,]*,.*,4096,.*,ok,' "$csv"; }; then
	ok "real fault_around_bytes: $(grep -o 'unsupported: fault_around_bytes: [^,"]*' "$csv" | head -1 || echo settable)"
else
	bad "real fault_around_bytes run (exit $rc)" "$(cat "$WORK/out")"
fi

finish
