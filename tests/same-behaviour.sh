#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The layering restructure (issue #13) changed no behaviour: the commit
# before it (c3bfc2b) and the current tree run the same config here, one
# after the other, and their summary.csv must agree on
#   - the columns of summary.csv (the axes and the statistics);
#   - the points: section and every parameter, and each point's status
#     (ok, unsupported or error; a reworded reason is listed, not failed:
#     the declared capabilities give every unsupported point one wording);
#   - the metrics each section reports (a metric may be added only when
#     ADDED_METRICS below names it, with its reason), and for each point
#     and metric whether it was measured or why not ("unsupported: ...",
#     "no faults");
#   - the exact counts (EXACT_METRICS): n, mean, min and max identical,
#     but for the counts the harness changed on purpose (CHANGED_COUNTS).
# Timings and counters that vary from run to run are not compared.
#
#   same-behaviour.sh [FABENCH]   the current tree's binary (default
#                                 build/fabench, built if missing)
#
# The base commit is built once into build/same-behaviour/REV (kept); the
# runs are made fresh each time, both on this kernel.  Skips (with the
# reason) when the tree is not a git checkout or the base commit is not in
# its history (a shallow clone).
#
# Environment: FABENCH_SAME_BASE (default c3bfc2b), FABENCH_SAME_CONFIG
# (default configs/quick.conf: both runs), FABENCH_SAME_CURRENT_CONFIG (the
# current run only; a different config must make the test fail).
TEST_NAME=same-behaviour
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=tests/lib.sh
. tests/lib.sh

FABENCH=${1:-build/fabench}
BASE=${FABENCH_SAME_BASE:-c3bfc2b}
CONFIG=${FABENCH_SAME_CONFIG:-configs/quick.conf}
CURRENT_CONFIG=${FABENCH_SAME_CURRENT_CONFIG:-$CONFIG}

# Counts that must not change: what the workloads did and what the kernel
# did for them, deterministic for a given kernel and config (seen equal
# over repeated runs).  Not here: times and rates, context switches,
# TLB flushes, latency sample counts, handler read batching, the wp_oracle
# actors' operation counts and races (wp_faults, punch_wp_kept, ...).
EXACT_METRICS="pages faults pages_per_fault minflt majflt page_faults minor_faults
major_faults map_pages_per_fault tp_pages_per_fault uffd_events written_pages
collected_pages missed false_positive wp_ioctls segv_faults scan_calls
scan_regions handler_errors uffd_handler_errors ioctl_errors
mapped_pages_before mapped_pages_after populate_faults populate_pages_per_fault
punch_errno punch_data_errors lost_wp spurious_wp stale_faults oracle_errors
actor_errors"

# Metrics the current tree may report beyond the base's, one per line:
# "SECTION METRIC  reason", each a shell glob.
ADDED_METRICS="* vmstat_*  issue 20: [run] monitors, /proc/vmstat deltas
* tlb_shootdowns  issue 20: [run] monitors, /proc/interrupts TLB IPIs
* handler_csw  issue 20: [run] monitors, the other threads' context switches
* irqs_cpu*  issue 22: [run] monitors, interrupts per CPU the tasks run on
* cpu_mhz_*  issue 22: [run] monitors, cpufreq frequency before and after"

# [run] axes the current tree added, one per line: "AXIS=DEFAULT  reason".  The
# current run's column of each is left out of the comparison when every
# point has it at its default (the base's behaviour); listed as such.
ADDED_AXES="shmem_folio=default  issue 19: a shmem folio size (default: knobs left alone)
task_mode=threads  issue 19: tasks as threads (the base's only way) or processes
profile=off  issue 20: a sampled profile per point (off: no sampler)"

# Workload keys the current tree renamed, one per line: "OLD NEW  reason".
# The base runs the config with NEW written OLD; the current run's NEW
# column is read as OLD.
RENAMED_KEYS="threads tasks  issue 19: fault_read's faulting tasks, threads or processes"

# Counts the harness changed on purpose since the base, one per line:
# "SECTION METRIC  reason"; left out of the comparison, listed as such.
CHANGED_COUNTS="dirty_mprotect minflt  one stack fault less (runner.c prefault_stack)
dirty_mprotect faults  the same fault
dirty_mprotect minor_faults  the same fault
dirty_mprotect page_faults  the same fault
dirty_mprotect pages_per_fault  pages over those faults (none left: no faults)
dirty_mprotect tp_pages_per_fault  pages over those faults"

if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	skip "not a git checkout: no base commit $BASE to compare with"
	finish
	exit
fi
if ! git cat-file -e "$BASE^{commit}" 2>/dev/null ||
	! git merge-base --is-ancestor "$BASE" HEAD 2>/dev/null; then
	skip "$BASE is not in this checkout's history (a shallow clone?): nothing to compare with"
	finish
	exit
fi

# the base, built once per revision
rev=$(git rev-parse --short=12 "$BASE")
BASE_DIR=build/same-behaviour/$rev
if [ ! -x "$BASE_DIR/build/fabench" ]; then
	rm -rf "$BASE_DIR"
	mkdir -p "$BASE_DIR"
	if git archive "$BASE" | tar -x -C "$BASE_DIR" &&
		make -s -C "$BASE_DIR" -j"$(nproc 2>/dev/null || echo 2)" >"$WORK/base-build.log" 2>&1; then
		ok "built $BASE into $BASE_DIR"
	else
		bad "building $BASE failed" "$(tail -20 "$WORK/base-build.log")"
		rm -rf "$BASE_DIR"
		finish
		exit
	fi
else
	ok "$BASE already built in $BASE_DIR"
fi
if [ ! -x "$FABENCH" ]; then
	make -s -j"$(nproc 2>/dev/null || echo 2)" >"$WORK/build.log" 2>&1 ||
		bad "building the current tree failed" "$(tail -20 "$WORK/build.log")"
fi

# run NAME BINARY CONFIG: the run's result directory in $WORK/NAME
run() {
	local out
	if out=$("$2" run -c "$3" -o "$WORK/$1" 2>&1) && [ -s "$WORK/$1/latest/summary.csv" ]; then
		ok "$1: $2 run -c $3"
	else
		bad "$1: $2 run -c $3 failed" "$(tail -20 <<<"$out")"
		return 1
	fi
}
BASE_CONFIG=$WORK/base.conf
cp "$CONFIG" "$BASE_CONFIG"
while read -r old new reason; do
	[ -n "$old" ] || continue
	sed -i "s/^$new\( *\)=/$old\1=/" "$BASE_CONFIG"
	ok "key $new is $old for the base ($reason)"
done <<<"$RENAMED_KEYS"
if ! run base "$BASE_DIR/build/fabench" "$BASE_CONFIG" ||
	! run current "$FABENCH" "$CURRENT_CONFIG"; then
	finish
	exit
fi
while read -r old new reason; do
	[ -n "$old" ] || continue
	sed -i "1s/\(^\|,\)$new\(,\|\$\)/\1$old\2/" "$WORK/current/latest/summary.csv"
done <<<"$RENAMED_KEYS"

# normalize DIR: from DIR/summary.csv, by column name (no field holds a
# comma: fabench writes none), these files in DIR:
#   columns   the header, one column a line
#   points    "section,parameters...,status kind" (ok, unsupported, error)
#   reasons   "section,parameters...,status" where the status has a reason
#   metrics   "section metric"
#   measured  "section,parameters...|metric|n or why not"
#   exact     "section,parameters...|metric|n|mean|min|max" for EXACT_METRICS
#   DROP (optional): columns left out, names separated by spaces (ADDED_AXES)
normalize() {
	local dir=$1 drop=${2:-}
	head -1 "$dir/summary.csv" | tr , '\n' | grep -vxF -f <(tr ' ' '\n' <<<"$drop") >"$dir/columns"
	awk -F, -v exact="$EXACT_METRICS" -v dir="$dir" -v drop="$drop" '
	NR == 1 {
		for (i = 1; i <= NF; i++)
			col[$i] = i
		nd = split(drop, d, " ")
		for (i = 1; i <= nd; i++)
			dropped[d[i]] = 1
		# the parameters: every column from section up to status
		for (i = col["section"]; i < col["status"]; i++)
			if (!($i in dropped))
				par[++npar] = i
		n = split(exact, e, /[ \n]+/)
		for (i = 1; i <= n; i++)
			is_exact[e[i]] = 1
		next
	}
	{
		p = $(par[1])
		for (i = 2; i <= npar; i++)
			p = p "," $(par[i])
		m = $(col["metric"])
		st = $(col["status"])
		kind = st
		sub(/:.*/, "", kind)
		print p "," kind >(dir "/points.u")
		if (st != kind)
			print p "," st >(dir "/reasons.u")
		if (m == "")
			next
		print $(col["section"]) " " m >(dir "/metrics.u")
		why = $(col["n"]) > 0 ? "measured" : "not measured: " $(col["mean"])
		print p "|" m "|" why >(dir "/measured.u")
		if (m in is_exact)
			print p "|" m "|" $(col["n"]) "|" $(col["mean"]) "|" \
				$(col["min"]) "|" $(col["max"]) >(dir "/exact.u")
	}' "$dir/summary.csv"
	for f in points reasons metrics measured exact; do
		touch "$dir/$f.u"
		sort -u "$dir/$f.u" >"$dir/$f"
		rm -f "$dir/$f.u"
	done
}

B=$WORK/base/latest
C=$WORK/current/latest
normalize "$B"
# an added axis is left out where the current run has it at its default only
drop=""
while read -r axis reason; do
	[ -n "$axis" ] || continue
	def=${axis#*=}
	axis=${axis%%=*}
	vals=$(awk -F, -v a="$axis" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == a) c = i; next }
		c { print $c }' "$C/summary.csv" | sort -u)
	if [ "$vals" = "$def" ]; then
		drop+="$axis "
		ok "[run] $axis added, $def at every point ($reason)"
	elif [ -n "$vals" ]; then
		bad "[run] $axis added and not default at every point: $(tr '\n' ' ' <<<"$vals")"
	fi
done <<<"$ADDED_AXES"
normalize "$C" "$drop"

# same WHAT FILE: FILE identical in both runs
same() {
	local d
	if d=$(diff "$B/$2" "$C/$2"); then
		ok "$1: the same ($(wc -l <"$B/$2") lines)"
	else
		bad "$1 differ (< $BASE, > current)" "$(head -40 <<<"$d")"
	fi
}

same "summary.csv columns" columns
same "points and their statuses" points
if d=$(diff "$B/reasons" "$C/reasons"); then
	ok "the reasons of points not ok: the same ($(wc -l <"$B/reasons") lines)"
else
	ok "reasons reworded at $(grep -c '^>' <<<"$d") points (information, not a failure)"
	grep '^[<>]' <<<"$d" | head -2 | sed 's/^/     /'
fi

# metrics: none removed; added ones only when ADDED_METRICS names them
removed=$(comm -23 "$B/metrics" "$C/metrics")
added=$(comm -13 "$B/metrics" "$C/metrics")
unexplained=""
# the reason of an added metric: the first ADDED_METRICS line whose section and
# metric patterns (shell globs) match it, or nothing
added_reason() {
	local gsec gm why
	while read -r gsec gm why; do
		# shellcheck disable=SC2053 # the patterns are globs on purpose
		if [ -n "$gm" ] && [[ $1 == $gsec && $2 == $gm ]]; then
			echo "$why"
			return
		fi
	done <<<"$ADDED_METRICS"
}
declare -A explained=()
while read -r sec m; do
	[ -n "$m" ] || continue
	why=$(added_reason "$sec" "$m")
	if [ -z "$why" ]; then
		unexplained="$unexplained$sec $m"$'\n'
	elif [ -z "${explained[$why]:-}" ]; then
		explained[$why]=1
		ok "$m and the like added ($why)"
	fi
done <<<"$added"
if [ -n "$removed" ]; then
	bad "$(wc -l <<<"$removed") metrics the base reported and the current tree does not" \
		"$(head -40 <<<"$removed")"
elif [ -n "$unexplained" ]; then
	bad "metrics added that ADDED_METRICS does not explain" "${unexplained%$'\n'}"
else
	ok "the same metrics per section ($(wc -l <"$B/metrics") section and metric pairs)"
fi

# measured or why not, for the base's metrics (added ones are new) and
# not those CHANGED_COUNTS names
comm -12 "$B/metrics" "$C/metrics" | grep -vxF -f <(awk '{ print $1 " " $2 }' <<<"$CHANGED_COUNTS") \
	>"$WORK/common"
while read -r sec m why; do
	echo "     left out: $sec $m ($why)"
done <<<"$CHANGED_COUNTS"
for d in "$B" "$C"; do
	awk -F'|' 'NR == FNR { common[$0] = 1; next }
		{ split($1, p, ","); if ((p[1] " " $2) in common) print }' \
		"$WORK/common" "$d/exact" >"$d/exact.common"
done
for d in "$B" "$C"; do
	awk -F'|' 'NR == FNR { common[$0] = 1; next }
		{ split($1, p, ","); if ((p[1] " " $2) in common) print }' \
		"$WORK/common" "$d/measured" >"$d/measured.common"
done
same "each point's metrics measured or why not" measured.common
same "exact counts ($(wc -w <<<"$EXACT_METRICS") metrics: n, mean, min, max)" exact.common

finish
