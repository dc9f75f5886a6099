#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fabench as an ordinary user (nobody, by setpriv): list, probe, a small
# run of fault_read (every uffd mode), the dirty methods and punch_hole
# with both knob axes, then report, compare, regress, history and mail on
# its result.  The same probe and run as root are the reference: whatever
# root has and nobody lacks must be `unsupported: <reason>` with a reason
# of permission (a root-only feature: the knobs, tracefs, perf counters),
# and everything else runs and gives the same numbers' columns.  The root
# run writes its knobs in a fake sysfs tree (FABENCH_SYSFS_ROOT), so the
# machine's own THP setting is never changed; nobody's run meets the real
# tree.
#
# usage: tests/unprivileged.sh [FABENCH]   (default build/fabench)
# Prints one "ok"/"FAIL"/"skip" line per check and
# "unprivileged: N passed, N failed[, N skipped]" at the end.

FABENCH=${1:-build/fabench}
TEST_NAME=unprivileged
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
TOP=$(cd "$(dirname "$0")/.." && pwd)

if [ "$(id -u)" -ne 0 ]; then
	skip "not root: cannot become an ordinary user to compare with root"
	finish
	exit
fi
if ! id nobody >/dev/null 2>&1 || ! command -v setpriv >/dev/null; then
	skip "no user nobody or no setpriv (util-linux)"
	finish
	exit
fi

# a copy nobody can read, beside the thresholds regress looks for
# (BIN/../configs/thresholds.conf); a home and a state directory of its own
chmod 755 "$WORK"
mkdir -p "$WORK/bin" "$WORK/configs" "$WORK/nobody" "$WORK/root"
cp "$FABENCH" "$WORK/bin/fabench"
cp "$TOP/configs/thresholds.conf" "$WORK/configs/"
chmod -R a+rX "$WORK/bin" "$WORK/configs"
chown nobody "$WORK/nobody"
BIN=$WORK/bin/fabench

# as_nobody COMMAND...: COMMAND as nobody:nogroup, no supplementary groups
as_nobody() {
	(cd "$WORK/nobody" && setpriv --reuid=nobody --regid=nogroup --clear-groups \
		env HOME="$WORK/nobody" FABENCH_STATE_DIR="$WORK/nobody/state" "$@")
}
# as_root COMMAND...: the reference, knobs in a fake tree
as_root() {
	(cd "$WORK/root" && FABENCH_SYSFS_ROOT=$WORK/root/fake \
		FABENCH_STATE_DIR="$WORK/root/state" "$@")
}

# the permission reasons a root-only feature gives (ERE), one a line:
# name, then the reason
ROOT_ONLY='fault_around_bytes knob	^unsupported: fault_around_bytes: (EACCES|debugfs not mounted, mount: EPERM)
THP shmem_enabled knob	^unsupported: thp_shmem: EACCES
tracepoints (tracefs)	^unsupported: tracefs: EACCES reading /sys/kernel/tracing/events
perf software counters	^unsupported: perf_event_open EACCES'
# root_only TEXT: TEXT is one of those reasons
root_only() {
	local name re
	while IFS=$'\t' read -r name re; do
		grep -Eq -- "$re" <<<"$1" && return 0
	done <<<"$ROOT_ONLY"
	return 1
}

# --- list: nothing in it needs root
if as_nobody "$BIN" list >"$WORK/list.nobody" 2>"$WORK/err" &&
	"$BIN" list >"$WORK/list.root" && cmp -s "$WORK/list.root" "$WORK/list.nobody"; then
	ok "list as nobody: exit 0, the same as root's"
else
	bad "list as nobody" "$(cat "$WORK/err"; diff "$WORK/list.root" "$WORK/list.nobody")"
fi

# --- probe: a claim root has and nobody lacks is unsupported for a permission
mkdir -p "$WORK/root/fake"
if as_nobody "$BIN" probe >"$WORK/probe.txt" 2>"$WORK/err" &&
	as_nobody "$BIN" probe --json >"$WORK/probe.nobody" 2>>"$WORK/err" &&
	"$BIN" probe --json >"$WORK/probe.root" 2>>"$WORK/err"; then
	ok "probe and probe --json as nobody: exit 0"
else
	bad "probe as nobody" "$(cat "$WORK/err")"
fi
leaves() { jq -r 'paths(scalars) as $p | [($p | map(tostring) | join(".")), (getpath($p) | tostring)] | @tsv' "$1" | sort; }
join -t $'\t' <(leaves "$WORK/probe.root") <(leaves "$WORK/probe.nobody") >"$WORK/probe.join"
lost=
while IFS=$'\t' read -r path rv nv; do
	[ "$rv" = "$nv" ] && continue
	case $nv in
	unsupported:*) ;;
	*) continue ;;		# measured again: a figure that differs
	esac
	case $rv in
	unsupported:*) continue ;;	# root lacks it too
	esac
	if grep -Eq 'EACCES|EPERM' <<<"$nv"; then
		ok "probe: $path root-only: $nv"
	else
		lost="$lost$path: root '$rv', nobody '$nv'"$'\n'
	fi
done <"$WORK/probe.join"
if [ -z "$lost" ]; then
	ok "probe: nobody lacks nothing but what needs a permission"
else
	bad "probe: nobody lacks more than root-only claims" "$lost"
fi
if grep -Eq '^uffd register +wp: yes$' "$WORK/probe.txt"; then
	ok "probe as nobody: uffd works (UFFD_USER_MODE_ONLY or /dev/userfaultfd)"
else
	skip "probe as nobody: no uffd-wp for an ordinary user here: $(grep '^uffd ' "$WORK/probe.txt" | head -1)"
fi

# --- a run, as root (fake knobs) and as nobody (the real tree)
cat >"$WORK/m.conf" <<'CONF'
[run]
repeat = 2
warmup = 0
fault_around_bytes = default, 4096
thp_shmem = default, always
[fault_read]
size = 1M
uffd = none, missing, wp, minor
[dirty_uffd_wp]
size = 1M
[dirty_wp_async]
size = 1M
[dirty_softdirty]
size = 1M
[dirty_mprotect]
size = 1M
[punch_hole]
size = 1M
CONF
chmod 644 "$WORK/m.conf"
mkdir -p "$WORK/root/fake/sys/kernel/debug" "$WORK/root/fake/sys/kernel/mm/transparent_hugepage"
echo 65536 >"$WORK/root/fake/sys/kernel/debug/fault_around_bytes"
echo 'always within_size advise [never] deny force' \
	>"$WORK/root/fake/sys/kernel/mm/transparent_hugepage/shmem_enabled"
export FABENCH_PROGRESS_INTERVAL=1000
as_root "$BIN" run -c "$WORK/m.conf" -o "$WORK/root/res" -l root >"$WORK/run.root" 2>&1
rc_root=$?
as_nobody "$BIN" run -c "$WORK/m.conf" -o "$WORK/nobody/res" -l nobody >"$WORK/run.nobody" 2>&1
rc=$?
RDIR=$(readlink -f "$WORK/root/res/latest")
NDIR=$(readlink -f "$WORK/nobody/res/latest")
if [ $rc_root -ne 0 ] || [ ! -s "$RDIR/samples.csv" ]; then
	bad "the reference run as root: exit $rc_root" "$(tail -20 "$WORK/run.root")"
	finish
	exit
fi
if [ $rc -eq 0 ] && [ -s "$NDIR/samples.csv" ]; then
	ok "run as nobody: exit 0, a result directory"
else
	bad "run as nobody: exit $rc" "$(tail -20 "$WORK/run.nobody")"
	finish
	exit
fi

# cells FILE: "point<TAB>rep<TAB>column<TAB>value", one line per cell of
# samples.csv, the point named by its section and axes (quoted fields
# understood: mawk has no FPAT)
cells() {
	awk '
	function split_csv(line, f,    n, i, c, q, cur) {
		n = 0; cur = ""; q = 0
		for (i = 1; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (q) {
				if (c != "\"") cur = cur c
				else if (substr(line, i + 1, 1) == "\"") { cur = cur c; i++ }
				else q = 0
			} else if (c == "\"") q = 1
			else if (c == ",") { f[++n] = cur; cur = "" }
			else cur = cur c
		}
		f[++n] = cur
		return n
	}
	NR == 1 { nf = split_csv($0, h); for (i = 1; i <= nf; i++) if (h[i] == "status") st = i; next }
	{
		split_csv($0, f)
		key = f[2]
		for (i = 4; i < st - 1; i++) key = key "/" f[i]
		for (i = st; i <= nf; i++) printf "%s\t%s\t%s\t%s\n", key, f[st - 1], h[i], f[i]
	}' "$1" | sort
}
cells "$RDIR/samples.csv" >"$WORK/cells.root"
cells "$NDIR/samples.csv" >"$WORK/cells.nobody"
# status POINT CELLS: the point's status (its first row's)
statuses() { awk -F'\t' '$3 == "status" && !seen[$1]++ { print $1 "\t" $4 }' "$1"; }
statuses "$WORK/cells.root" >"$WORK/status.root"
statuses "$WORK/cells.nobody" >"$WORK/status.nobody"
if cmp -s <(cut -f1 "$WORK/status.root") <(cut -f1 "$WORK/status.nobody") &&
	cmp -s <(cut -f3 "$WORK/cells.root" | sort -u) <(cut -f3 "$WORK/cells.nobody" | sort -u); then
	ok "run as nobody: the same $(wc -l <"$WORK/status.root") points and the same columns as root's"
else
	bad "run as nobody: points or columns differ from root's" \
		"$(diff <(cut -f1 "$WORK/status.root") <(cut -f1 "$WORK/status.nobody") | head -20)"
fi

lost=
declare -A seen
# note REASON: a root-only reason met once more
note() { seen[$1]=$((${seen[$1]:-0} + 1)); }
# a point root ran and nobody did not: a root-only reason (which comes
# first where root has another: the knobs are set before the needs are tried)
while IFS=$'\t' read -r point rs ns; do
	[ "$rs" = "$ns" ] && continue
	if root_only "$ns"; then
		note "$ns"
	else
		lost="${lost}point $point: root '$rs', nobody '$ns'"$'\n'
	fi
done < <(join -t $'\t' "$WORK/status.root" "$WORK/status.nobody")
# the points both ran: each cell as root's, a number where root has one,
# or a root-only reason
numeric='^-?[0-9.]+(e[-+]?[0-9]+)?$'
join -t $'\t' <(awk -F'\t' '{ print $1 "|" $2 "|" $3 "\t" $4 }' "$WORK/cells.root") \
	<(awk -F'\t' '{ print $1 "|" $2 "|" $3 "\t" $4 }' "$WORK/cells.nobody") >"$WORK/cells.join"
while IFS=$'\t' read -r key rv nv; do
	[ "$rv" = "$nv" ] && continue
	if [[ $rv =~ $numeric ]] && [[ $nv =~ $numeric ]]; then
		continue	# measured twice: another figure
	fi
	if [ "${nv:0:13}" = "unsupported: " ] && root_only "$nv"; then
		note "$nv"
		continue
	fi
	# unsupported for both, root's reason naming its fake tree (no cpufreq
	# there either): the same reason
	if [ "${nv:0:13}" = "unsupported: " ] && [ "${rv:0:13}" = "unsupported: " ] &&
		[[ $rv == *"$WORK/root/fake"* ]]; then
		continue
	fi
	lost="$lost${key//|/ }: root '$rv', nobody '$nv'"$'\n'
done <"$WORK/cells.join"
if [ -z "$lost" ]; then
	ok "run as nobody: every point and cell as root's, or unsupported for a root-only reason"
else
	bad "run as nobody: points or cells lost for other reasons" "$(head -20 <<<"$lost")"
fi
while IFS=$'\t' read -r name re; do
	n=0
	why=
	for r in "${!seen[@]}"; do
		if grep -Eq -- "$re" <<<"$r"; then
			n=$((n + seen[$r]))
			why=$r
		fi
	done
	if [ $n -gt 0 ]; then
		ok "root-only: $name: $why ($n times)"
	elif grep -Eq -- "$re" "$WORK/cells.nobody"; then
		ok "root-only: $name: unsupported for root as well here"
	else
		skip "root-only: $name: an ordinary user has it here"
	fi
done <<<"$ROOT_ONLY"
# the rest runs: each workload's headline metrics have numbers as nobody
# wherever they have as root
for wl in $(jq -r '.metrics | keys[] | select(. != "*")' "$RDIR/meta.json"); do
	for m in $(jq -r --arg w "$wl" '.metrics[$w][] | select(.headline) | .name' "$RDIR/meta.json"); do
		count() {
			awk -F'\t' -v w="$wl" -v m="$m" -v re="$numeric" \
				'index($1, w "/") == 1 && $3 == m && $4 ~ re { n++ } END { print n + 0 }' "$1"
		}
		nr=$(count "$WORK/cells.root")
		nn=$(count "$WORK/cells.nobody")
		if [ "$nn" -gt 0 ]; then
			ok "run as nobody: $wl $m: $nn values (root: $nr)"
		elif [ "$nr" -eq 0 ]; then
			ok "run as nobody: $wl $m: no value as root either ($(grep -m1 "^$wl/" "$WORK/status.root" | cut -f2))"
		else
			bad "run as nobody: $wl $m: no value (root: $nr)"
		fi
	done
done

# --- reading the result, as nobody
for cmd in "report $NDIR" "compare $RDIR $NDIR" "history -o $WORK/nobody/history $RDIR $NDIR" \
	"mail -o $WORK/nobody/mail.txt $NDIR" "regress --baseline $RDIR --current $NDIR"; do
	read -ra args <<<"$cmd"
	as_nobody "$BIN" "${args[@]}" >"$WORK/out" 2>"$WORK/err"
	rc=$?
	name=${cmd//$WORK/\$WORK}
	# regress: 1 is a regression (root and nobody are different runs)
	if [ $rc -eq 0 ] || { [ "${args[0]}" = regress ] && [ $rc -eq 1 ]; }; then
		ok "$name as nobody: exit $rc"
	else
		bad "$name as nobody: exit $rc" "$(cat "$WORK/err")"
	fi
done
if [ -s "$NDIR/report.txt" ] && [ -s "$WORK/nobody/mail.txt" ]; then
	ok "report.txt and mail.txt written by nobody"
else
	bad "report.txt or mail.txt missing"
fi

finish
