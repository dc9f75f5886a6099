#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Kernel knobs as matrix axes: set, read back, and restored on every exit
# path (normal end, SIGINT, SIGTERM, SIGHUP; after SIGKILL by the next run
# or `fabench restore`), the per-size shmem knobs of [run] shmem_folio
# (hugepages-<N>kB/shmem_enabled) among them.  The knobs are written in a fake sysfs tree
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
MTHP=$WORK/sys/kernel/mm/transparent_hugepage

fresh_tree() {
	rm -rf "$WORK/sys" "$WORK/state" "$WORK/res"
	mkdir -p "$(dirname "$FAB")" "$(dirname "$THP")"
	echo 65536 >"$FAB"
	echo "always within_size advise [never] deny force" >"$THP"
	# this kernel's per-size knobs, three of them: 2M inherits, the rest never
	for kb in 16 64 2048; do
		mkdir -p "$MTHP/hugepages-${kb}kB/stats"
		echo "always inherit within_size advise [never]" >"$MTHP/hugepages-${kb}kB/shmem_enabled"
		echo 0 >"$MTHP/hugepages-${kb}kB/stats/shmem_alloc"
		echo 0 >"$MTHP/hugepages-${kb}kB/stats/shmem_fallback"
	done
	echo "always [inherit] within_size advise never" >"$MTHP/hugepages-2048kB/shmem_enabled"
}

# exec: run in the background, $! must be fabench itself, not a subshell
fab() { FABENCH_SYSFS_ROOT=$WORK FABENCH_STATE_DIR=$WORK/state exec "$FABENCH" "$@"; }
thp_now() { sed -n 's/.*\[\(.*\)\].*/\1/p;t;p' "$THP"; }
# the per-size values, 16K 64K 2M: "never never inherit" as found
sizes_now() {
	local kb out=
	for kb in 16 64 2048; do
		out+="$(sed -n 's/.*\[\(.*\)\].*/\1/p;t;p' "$MTHP/hugepages-${kb}kB/shmem_enabled") "
	done
	echo "${out% }"
}
FOUND="never never inherit"

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
shmem_folio = 64K
[fault_read]
backend = anon
size = 4M
uffd = wp
CONF

# run_ok WHAT CONF: a run of CONF into $WORK/res exits 0 (its output in $WORK/out)
run_ok() {
	if (fab run -c "$2" -o "$WORK/res") >"$WORK/out" 2>&1; then
		ok "run with $1 exits 0"
	else
		bad "run with $1" "$(cat "$WORK/out")"
	fi
}

# a normal run sets every value, and ends with the originals back
fresh_tree
run_ok "knob axes" "$WORK/short.conf"
pts=$(grep -c ',ok,' "$(readlink -f "$WORK/res/latest")/samples.csv")
if [ "$pts" -eq 6 ]; then ok "6 knob points measured"; else bad "$pts knob points measured, expected 6"; fi
if [ "$(cat "$FAB")" = 65536 ] && [ "$(thp_now)" = never ]; then
	ok "normal end: fault_around_bytes 65536 and shmem_enabled never again"
else
	bad "normal end: knobs left at $(cat "$FAB") / $(thp_now)"
fi

# shmem_folio: two sizes the kernel lists, one it does not, and default;
# a memfd point takes them through thp_shmem = within_size and the writes
# that fill it
cat >"$WORK/sizes.conf" <<'CONF'
[run]
repeat = 1
warmup = 0
shmem_folio = 16K, 64K, 32K, 4K, default
[fault_read]
size = 1M
backend = anon, memfd
CONF
fresh_tree
run_ok "a shmem_folio axis" "$WORK/sizes.conf"
csv=$(readlink -f "$WORK/res/latest")/samples.csv
# the point's status and its folio columns, by the header's names
point_cols() {
	awk -F, -v be="$1" -v sz="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["backend"] == be && $c["shmem_folio"] == sz {
			printf "%s %s %s\n", $c["status"], (c["folios_16k"] ? $c["folios_16k"] : "-"),
				(c["folios_64k"] ? $c["folios_64k"] : "-") }' "$csv"
}
if [ "$(point_cols anon 16K)" = "ok 0 " ] && [ "$(point_cols anon 64K)" = "ok  0" ] &&
   [ "$(point_cols anon 4K)" = "ok  " ] && [ "$(point_cols anon default)" = "ok  " ]; then
	ok "16K and 64K points ok, each with its folios_<N>k (0: the fake counters do not move)"
else
	bad "shmem_folio points: 16K '$(point_cols anon 16K)' 64K '$(point_cols anon 64K)' 4K '$(point_cols anon 4K)'" "$(cat "$csv")"
fi
if grep -q '"unsupported: shmem_folio: 32K not listed by this kernel (no hugepages-32kB/shmem_enabled; it lists 16K, 64K, 2M)"' "$csv"; then
	ok "a size the kernel does not list: unsupported, naming the sizes it lists"
else
	bad "32K point" "$(grep 32K "$csv")"
fi
if [ "$(point_cols memfd 16K)" = "ok 0 " ] && [ "$(point_cols memfd 64K)" = "ok  0" ] &&
   [ "$(point_cols memfd 4K)" = "ok  " ] && [ "$(point_cols memfd default)" = "ok  " ] &&
   [ "$(grep -c 'unsupported: shmem_folio: 32K not listed' "$csv")" -eq 2 ]; then
	ok "memfd points: 16K, 64K, 4K and default ok (thp_shmem within_size or never), 32K not listed"
else
	bad "memfd shmem_folio points" "$(grep memfd "$csv")"
fi
if [ "$(thp_now)" = never ]; then
	ok "normal end: thp_shmem (set to within_size by the memfd points) back at never"
else
	bad "normal end: thp_shmem left at $(thp_now)"
fi
(fab run -c "$WORK/sizes.conf" -o "$WORK/res" -p fault_read.backend=memfd -p run.thp_shmem=always \
	-p run.shmem_folio=64K) >"$WORK/out" 2>&1
csv=$(readlink -f "$WORK/res/latest")/samples.csv
if grep -q 'unsupported: shmem_folio 64K of a memfd needs thp_shmem = within_size (the point has always)' "$csv"; then
	ok "a memfd point whose thp_shmem disagrees with its folio size: unsupported, saying why"
else
	bad "memfd 64K with thp_shmem = always" "$(cat "$csv")"
fi
if [ "$(sizes_now)" = "$FOUND" ] && [ ! -e "$WORK/state/knobs.restore" ]; then
	ok "normal end: every per-size shmem_enabled as found ($FOUND), no record left"
else
	bad "normal end: per-size knobs $(sizes_now)"
fi
if [ "$(grep -c 'hugepages-' "$WORK/out")" -eq 0 ]; then
	ok "no restore message on a normal end"
else
	bad "restore messages on a normal end" "$(cat "$WORK/out")"
fi

# a kernel without per-size shmem knobs (before 6.11)
fresh_tree
rm -rf "$MTHP"/hugepages-*
(fab run -c "$WORK/sizes.conf" -o "$WORK/res" -p fault_read.backend=anon) >"$WORK/out" 2>&1
csv=$(readlink -f "$WORK/res/latest")/samples.csv
if [ "$(grep -c 'unsupported: no per-size shmem_enabled (hugepages-\*kB/shmem_enabled; Linux 6.11+)' "$csv")" -eq 4 ] &&
   [ "$(point_cols anon default | cut -d' ' -f1)" = ok ]; then
	ok "no hugepages-*kB/shmem_enabled: every size unsupported (Linux 6.11+), default ok"
else
	bad "kernel without per-size knobs" "$(cat "$csv")"
fi
if [ ! -e "$WORK/state/knobs.restore" ]; then
	ok "normal end: no restore record left"
else
	bad "restore record left after a normal end"
fi

# wait_changed: until the run has set the knobs (at most 20 s)
wait_changed() {
	for _ in $(seq 200); do
		[ "$(cat "$FAB")" = 4096 ] && [ "$(thp_now)" = within_size ] &&
			[ "$(sizes_now)" = "never always never" ] && return 0
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
	   [ "$(sizes_now)" = "$FOUND" ] && [ ! -e "$WORK/state/knobs.restore" ]; then
		ok "SIG$sig: exit 130, every knob restored (per-size: $FOUND), record removed"
	else
		bad "SIG$sig: exit $rc, knobs $(cat "$FAB") / $(thp_now) / $(sizes_now)"
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
	[ "$(cat "$FAB")" = 4096 ] && [ "$(sizes_now)" = "never always never" ] &&
		[ -s "$WORK/state/knobs.restore" ]
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
if [ "$(sizes_now)" = "$FOUND" ] &&
   grep -q "restored .*hugepages-64kB/shmem_enabled to 'never'" <<<"$out" &&
   grep -q "restored .*hugepages-2048kB/shmem_enabled to 'inherit'" <<<"$out"; then
	ok "fabench restore puts the per-size knobs back ($FOUND) and says so"
else
	bad "fabench restore, per-size knobs: $(sizes_now)" "$out"
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
if [ "$(cat "$FAB")" = 65536 ] && [ "$(thp_now)" = never ] && [ "$(sizes_now)" = "$FOUND" ] &&
   grep -q "restored" <<<"$out"; then
	ok "the next run restores what a SIGKILLed run left (per-size knobs too)"
else
	bad "next run after SIGKILL: $(cat "$FAB") / $(thp_now) / $(sizes_now)" "$out"
fi
if [ -n "$stale" ] && [ ! -e "$stale" ] &&
   grep -qx "fabench: removed $stale (left by pid $pid, no longer running)" <<<"$out"; then
	ok "the next run removes the killed run's temporary directory and says so"
else
	bad "next run and the stale directory '$stale'" "$out"
fi

# --- [run] machine: every setting on the fake tree (cpufreq governor per
# CPU, turbo, THP defrag, khugepaged's scan interval, drop_caches; ASLR is
# the process's own personality): set, read back, recorded in meta.json,
# and restored after a normal end, INT, TERM, and KILL + fabench restore
NCPU=$(nproc)
CPUDIR=$WORK/sys/devices/system/cpu
DEFRAG=$MTHP/defrag
SLEEP=$MTHP/khugepaged/scan_sleep_millisecs
DROP=$WORK/proc/sys/vm/drop_caches
machine_tree() {
	local c
	fresh_tree
	for ((c = 0; c < NCPU; c++)); do
		mkdir -p "$CPUDIR/cpu$c/cpufreq"
		echo schedutil >"$CPUDIR/cpu$c/cpufreq/scaling_governor"
		echo 2200000 >"$CPUDIR/cpu$c/cpufreq/scaling_cur_freq"
	done
	mkdir -p "$CPUDIR/intel_pstate" "$MTHP/khugepaged" "$(dirname "$DROP")"
	echo 0 >"$CPUDIR/intel_pstate/no_turbo"
	echo "always defer defer+madvise [madvise] never" >"$DEFRAG"
	echo 10000 >"$SLEEP"
	: >"$DROP"
}
# the settings as the tree has them: each CPU's governor, turbo, defrag, sleep
machine_now() {
	local c out=""
	for ((c = 0; c < NCPU; c++)); do
		out+="$(cat "$CPUDIR/cpu$c/cpufreq/scaling_governor") "
	done
	if [ -e "$CPUDIR/intel_pstate/no_turbo" ]; then
		out+="$(cat "$CPUDIR/intel_pstate/no_turbo") "
	else
		out+="boost=$(cat "$CPUDIR/cpufreq/boost") "
	fi
	echo "$out$(sed -n 's/.*\[\(.*\)\].*/\1/p;t;p' "$DEFRAG") $(cat "$SLEEP")"
}
MFOUND="$(for ((c = 0; c < NCPU; c++)); do printf 'schedutil '; done)0 madvise 10000"
MQUIET="$(for ((c = 0; c < NCPU; c++)); do printf 'performance '; done)1 never 86400000"
# meta SETTING FIELD: meta.json's machine.SETTING.FIELD of the latest run
meta() { jq -r ".machine.$1.$2" "$(readlink -f "$WORK/res/latest")/meta.json"; }
printf '[run]\nrepeat = 2\nwarmup = 0\nmachine = quiet\n[fault_read]\nsize = 1M\n' \
	>"$WORK/quiet.conf"
sed 's/^machine = quiet/machine = as-is/' "$WORK/quiet.conf" >"$WORK/asis.conf"
printf '[run]\nrepeat = 5000\nmachine = quiet\n[fault_read]\nbackend = anon\nsize = 4M\nuffd = wp\n' \
	>"$WORK/quiet-long.conf"

machine_tree
run_ok "machine = quiet" "$WORK/quiet.conf"
gov=$(meta governor after)
if [ "$gov" = performance ] && [ "$(meta governor before)" = schedutil ] &&
   [ "$(meta turbo before)" = "on (intel_pstate no_turbo 0)" ] &&
   [ "$(meta turbo after)" = "off (intel_pstate no_turbo 1)" ] &&
   [ "$(meta thp_defrag before)/$(meta thp_defrag after)" = madvise/never ] &&
   [ "$(meta khugepaged before)/$(meta khugepaged after)" = 10000/86400000 ] &&
   [ "$(meta aslr asked)" = true ] && grep -q '^off (ADDR_NO_RANDOMIZE' <<<"$(meta aslr after)"; then
	ok "quiet: meta.json has each setting's before and after (governor schedutil -> performance on $NCPU CPUs, no_turbo 0 -> 1, defrag madvise -> never, scan sleep 10000 -> 86400000, aslr off)"
else
	bad "quiet: meta.json's machine" "$(jq .machine "$(readlink -f "$WORK/res/latest")/meta.json")"
fi
if [ "$(machine_now)" = "$MFOUND" ] && [ ! -e "$WORK/state/knobs.restore" ]; then
	ok "quiet, normal end: every setting as found ($MFOUND), no record left"
else
	bad "quiet, normal end: $(machine_now)"
fi
# 1 + one drop before each of the 2 repetitions' prepare
if [ "$(cat "$DROP")" = 3 ] && [ "$(meta drop_caches drops)" = 3 ]; then
	ok "drop_caches: '3' written, 3 drops (once at the start, then before each populating repetition)"
else
	bad "drop_caches: file '$(cat "$DROP")', drops $(meta drop_caches drops)"
fi
if grep -q '^machine: governor    performance (was schedutil)$' "$WORK/out" &&
   grep -q '^machine: turbo       off (intel_pstate no_turbo 1) (was on (intel_pstate no_turbo 0))$' "$WORK/out"; then
	ok "quiet: the run says what it set, one line a setting"
else
	bad "quiet: the run's machine lines" "$(cat "$WORK/out")"
fi
mhz=$(summary_mean "$(readlink -f "$WORK/res/latest")" cpu_mhz_before)
if [ "$mhz" = 2200 ]; then
	ok "monitor cpu_mhz: 2200 MHz, the tree's scaling_cur_freq"
else
	bad "monitor cpu_mhz_before '$mhz'"
fi

# the governor goes on every CPU fabench may run on, not only the tasks'
# (a uffd handler floats or sits on a sibling): cpus = 0 still sets cpu1
if [ "$NCPU" -ge 2 ]; then
	machine_tree
	echo powersave >"$CPUDIR/cpu1/cpufreq/scaling_governor"
	printf '[run]\nrepeat = 1\nwarmup = 0\ncpus = 0\nmachine = governor\n[fault_read]\nsize = 1M\nuffd = wp\n' \
		>"$WORK/gov-cpu0.conf"
	run_ok "machine = governor, cpus = 0" "$WORK/gov-cpu0.conf"
	before=$(meta governor before)
	if [[ "$before" == "cpu0 schedutil, cpu1 powersave"* ]] &&
	   [ "$(meta governor after)" = performance ] &&
	   [ "$(cat "$CPUDIR/cpu1/cpufreq/scaling_governor")" = powersave ]; then
		ok "governor with cpus = 0: set on all $NCPU CPUs (before: $before), cpu1 powersave again after"
	else
		bad "governor with cpus = 0: before '$before', after '$(meta governor after)'," \
			"cpu1 now $(cat "$CPUDIR/cpu1/cpufreq/scaling_governor")"
	fi
else
	skip "governor with cpus = 0: one CPU, nothing beyond the tasks'"
fi

# cpufreq boost where intel_pstate is not the driver
machine_tree
rm -r "$CPUDIR/intel_pstate"
mkdir -p "$CPUDIR/cpufreq"
echo 1 >"$CPUDIR/cpufreq/boost"
run_ok "machine = turbo (cpufreq boost)" "$WORK/quiet.conf"
if [ "$(meta turbo after)" = "off (cpufreq boost 0)" ] && [ "$(cat "$CPUDIR/cpufreq/boost")" = 1 ]; then
	ok "turbo by cpufreq boost: 0 during the run, 1 again after"
else
	bad "turbo by boost: after '$(meta turbo after)', boost $(cat "$CPUDIR/cpufreq/boost")"
fi

# as-is: nothing written, everything recorded
machine_tree
run_ok "machine = as-is" "$WORK/asis.conf"
if [ "$(machine_now)" = "$MFOUND" ] && [ "$(meta governor asked)" = false ] &&
   [ "$(meta governor after)" = schedutil ] && [ "$(meta thp_defrag after)" = madvise ] &&
   [ ! -s "$DROP" ] && grep -q '^on' <<<"$(meta aslr after)"; then
	ok "as-is: nothing changed or dropped, meta.json records the settings found"
else
	bad "as-is: $(machine_now), drop '$(cat "$DROP")'" "$(jq .machine "$(readlink -f "$WORK/res/latest")/meta.json")"
fi

# nothing of it there (this VM has no cpufreq): unsupported, the run goes on
fresh_tree
run_ok "machine = quiet on a tree without cpufreq" "$WORK/quiet.conf"
if grep -q '^unsupported: no cpufreq (ENOENT reading .*/cpu0/cpufreq/scaling_governor)$' <<<"$(meta governor after)" &&
   grep -q '^unsupported: no intel_pstate/no_turbo' <<<"$(meta turbo after)" &&
   grep -q '^unsupported: ENOENT' <<<"$(meta khugepaged after)"; then
	ok "no cpufreq, turbo or khugepaged files: each unsupported with its reason, the run measured"
else
	bad "quiet without the files" "$(jq .machine "$(readlink -f "$WORK/res/latest")/meta.json")"
fi

# machine_set: until the long run has set everything (at most 20 s)
machine_set() {
	for _ in $(seq 200); do
		[ "$(machine_now)" = "$MQUIET" ] && return 0
		sleep 0.1
	done
	return 1
}
for sig in INT TERM; do
	machine_tree
	fab run -c "$WORK/quiet-long.conf" -o "$WORK/res" >/dev/null 2>&1 &
	pid=$!
	if ! machine_set; then
		bad "machine, SIG$sig: the settings were never made ($(machine_now))"
		kill -9 $pid
		wait $pid
		continue
	fi
	pers=$(cat "/proc/$pid/personality" 2>/dev/null)
	kill -"$sig" $pid
	wait $pid
	rc=$?
	if [ $rc -eq 130 ] && [ "$(machine_now)" = "$MFOUND" ] && [ ! -e "$WORK/state/knobs.restore" ] &&
	   [ $((0x$pers & 0x0040000)) -ne 0 ]; then
		ok "machine, SIG$sig: exit 130, every setting restored, record removed (the run had personality $pers: ADDR_NO_RANDOMIZE)"
	else
		bad "machine, SIG$sig: exit $rc, $(machine_now), personality '$pers'"
	fi
done
machine_tree
fab run -c "$WORK/quiet-long.conf" -o "$WORK/res" >/dev/null 2>&1 &
pid=$!
machine_set || bad "machine, SIGKILL: the settings were never made"
kill -9 $pid
wait $pid 2>/dev/null
left=$(machine_now)
out=$( (fab restore -o "$WORK/res") 2>&1)
if [ "$left" = "$MQUIET" ] && [ "$(machine_now)" = "$MFOUND" ] &&
   grep -q "restored .*cpu0/cpufreq/scaling_governor to 'schedutil'" <<<"$out" &&
   grep -q "restored .*intel_pstate/no_turbo to '0'" <<<"$out" &&
   grep -q "restored .*transparent_hugepage/defrag to 'madvise'" <<<"$out" &&
   grep -q "restored .*scan_sleep_millisecs to '10000'" <<<"$out"; then
	ok "machine, SIGKILL: left set ($MQUIET), fabench restore puts every setting back and says so"
else
	bad "machine, SIGKILL + restore: left '$left', now '$(machine_now)'" "$out"
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

# The real per-size knob (hugepages-64kB/shmem_enabled of this kernel): set
# by a run, put back after INT, TERM and KILL + fabench restore.
REAL64=/sys/kernel/mm/transparent_hugepage/hugepages-64kB/shmem_enabled
real64_now() { sed -n 's/.*\[\(.*\)\].*/\1/p' "$REAL64"; }
if [ ! -w "$REAL64" ]; then
	skip "real per-size knob: $REAL64 absent or not writable (Linux 6.11+ with THP, as root)"
else
	REAL_FOUND=$(real64_now)
	printf '[run]\nrepeat = 10000\nwarmup = 0\nshmem_folio = 64K\n[fault_read]\nbackend = anon\nsize = 16M\n' \
		>"$WORK/real-long.conf"
	real_run() {
		FABENCH_STATE_DIR=$WORK/state "$FABENCH" run -c "$WORK/real-long.conf" -o "$WORK/res" \
			>/dev/null 2>&1 &
		pid=$!
		for _ in $(seq 200); do
			[ "$(real64_now)" = always ] && return 0
			sleep 0.1
		done
		return 1
	}
	for sig in INT TERM KILL; do
		if ! real_run; then
			bad "real per-size knob, SIG$sig: never set to always"
			kill -9 $pid
			wait $pid 2>/dev/null
			continue
		fi
		kill -"$sig" $pid
		wait $pid 2>/dev/null
		rc=$?
		if [ $sig = KILL ]; then
			left=$(real64_now)
			out=$( (FABENCH_STATE_DIR=$WORK/state "$FABENCH" restore -o "$WORK/res") 2>&1)
			if [ "$left" = always ] && [ "$(real64_now)" = "$REAL_FOUND" ] &&
			   grep -q "restored .*hugepages-64kB/shmem_enabled to '$REAL_FOUND'" <<<"$out"; then
				ok "real per-size knob, SIGKILL: left at always, fabench restore puts back $REAL_FOUND"
			else
				bad "real per-size knob, SIGKILL: left $left, now $(real64_now)" "$out"
			fi
		elif [ $rc -eq 130 ] && [ "$(real64_now)" = "$REAL_FOUND" ]; then
			ok "real per-size knob, SIG$sig: exit 130, hugepages-64kB/shmem_enabled back at $REAL_FOUND"
		else
			bad "real per-size knob, SIG$sig: exit $rc, knob $(real64_now) (found $REAL_FOUND)"
		fi
	done
fi


# the real tree: machine = quiet on this machine, as root.  What it cannot
# set here is unsupported (this VM: no cpufreq, no turbo); what it can
# (THP defrag, khugepaged's interval) must be as found after the run.
REAL_DEFRAG=/sys/kernel/mm/transparent_hugepage/defrag
REAL_SLEEP=/sys/kernel/mm/transparent_hugepage/khugepaged/scan_sleep_millisecs
if [ "$(id -u)" -ne 0 ] || [ ! -w "$REAL_DEFRAG" ] || [ ! -w "$REAL_SLEEP" ]; then
	skip "real machine = quiet: needs root and THP's defrag and khugepaged files"
else
	found="$(sed -n 's/.*\[\(.*\)\].*/\1/p' "$REAL_DEFRAG") $(cat "$REAL_SLEEP")"
	FABENCH_STATE_DIR=$WORK/state "$FABENCH" run -c "$WORK/quiet.conf" -o "$WORK/res" \
		>"$WORK/out" 2>&1
	rc=$?
	now="$(sed -n 's/.*\[\(.*\)\].*/\1/p' "$REAL_DEFRAG") $(cat "$REAL_SLEEP")"
	during="$(meta thp_defrag after) $(meta khugepaged after)"
	if [ $rc -eq 0 ] && [ "$now" = "$found" ] && [ "$during" = "never 86400000" ] &&
	   [ "$(meta thp_defrag before) $(meta khugepaged before)" = "$found" ]; then
		ok "real machine = quiet: defrag and scan interval $found -> never 86400000 for the run, $found after"
	else
		bad "real machine = quiet: exit $rc, found '$found', during '$during', now '$now'" \
			"$(cat "$WORK/out")"
	fi
	echo "     this machine's answers (meta.json machine.*.after):"
	jq -r '.machine | to_entries[] | "       \(.key): \(.value.after)"' \
		"$(readlink -f "$WORK/res/latest")/meta.json"
fi

finish
