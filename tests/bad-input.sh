#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Bad inputs, one table: configs, command lines, result directories,
# threshold files and the environment (not root, no userfaultfd, no
# tracefs, debugfs locked, no PAGEMAP_SCAN, a full disk, a read-only
# results root, a second run, SIGKILL mid-run and mid-write).  Each row is
# a test: the exit status, the exact message (stderr's line, or for an
# `unsupported: ` reason a field of the run's samples.csv) and that
# nothing was half-written: a command that fails changes nothing in its
# directory (no result directory, `latest` unchanged, no output file, no
# .tmp), and every published result directory is complete.
#
# usage: tests/bad-input.sh [FABENCH]   (default build/fabench)
#        tests/bad-input.sh --table     the table as Markdown (HACKING.md's
#                                       "Bad inputs", which is checked to
#                                       be the same)
# Prints one "ok"/"FAIL"/"skip" line per check and
# "bad-input: N passed, N failed[, N skipped]" at the end.

# In a message <N> is a number, <time> "YYYY-MM-DD HH:MM:SS", <name> a
# result directory's name, <file> a path inside it, (none) an empty
# stderr.  Each case runs in a directory of its own holding `res`, a
# results root with one good run (so `res/latest` exists), and what its
# setup wrote; a setup "@fn" is an environment case that fn runs itself.
N=0
# row CATEGORY WHAT EXIT MESSAGE COMMAND [SETUP]
row() {
	N=$((N + 1))
	R_CAT[N]=$1
	R_WHAT[N]=$2
	R_EXIT[N]=$3
	R_MSG[N]=$4
	R_CMD[N]=$5
	R_SETUP[N]=${6:-}
}

FR="expected one of: backend, size, cache, pattern, tasks, uffd, wp_range"
WLS="[fault_read], [dirty_uffd_wp], [dirty_wp_async], [dirty_softdirty], [dirty_mprotect], [wp_oracle], [wp_sequence], [punch_hole]"
SIZE="expected a size 64K..1T (suffix K, M, G or T), a multiple of 4K"

# --- configs
row config "a typo in a key" 2 \
	"fabench: typo.conf:3: [fault_read]: unknown key 'szie' (did you mean 'size'?); $FR" \
	"run -c typo.conf -o res" "conf typo.conf '[fault_read]' 'size = 1M' 'szie = 64M'"
row config "a key an older fabench had" 2 \
	"fabench: old.conf:2: [fault_read]: key 'threads' is now tasks (threads or processes: [run] task_mode)" \
	"run -c old.conf -o res" "conf old.conf '[fault_read]' 'threads = 2'"
row config "a monitor fabench does not have" 2 \
	"fabench: mon.conf:2: [run] monitors = vmstat, bogus: unknown monitor 'bogus'; expected default, none or a list of vmstat, tlb_shootdowns, handler_csw, irqs, cpu_mhz" \
	"run -c mon.conf -o res" "conf mon.conf '[run]' 'monitors = vmstat, bogus' '[fault_read]' 'size = 1M'"
row config "a machine setting fabench does not have" 2 \
	"fabench: mach.conf:2: [run] machine = quiet, swap: unknown setting 'swap'; expected as-is, quiet or a list of governor, turbo, aslr, thp_defrag, khugepaged, drop_caches" \
	"run -c mach.conf -o res" "conf mach.conf '[run]' 'machine = quiet, swap' '[fault_read]' 'size = 1M'"
row config "task_mode not in the list" 2 \
	"fabench: tm.conf:2: [run] task_mode = forks: expected one of threads|processes" \
	"run -c tm.conf -o res" "conf tm.conf '[run]' 'task_mode = forks' '[fault_read]' 'size = 1M'"
row config "a value not in the list" 2 \
	"fabench: mode.conf:2: [fault_read] uffd = bogus: expected one of none|missing|wp|minor" \
	"run -c mode.conf -o res" "conf mode.conf '[fault_read]' 'uffd = none, bogus'"
row config "size 0" 2 \
	"fabench: zero.conf:2: [fault_read] size = 0: $SIZE" \
	"run -c zero.conf -o res" "conf zero.conf '[fault_read]' 'size = 0'"
row config "a size larger than the memory" 2 \
	"fabench: huge.conf:2: [fault_read] size = 100G: larger than the memory available (MemAvailable <N>M)" \
	"run -c huge.conf -o res" "conf huge.conf '[fault_read]' 'size = 100G'"
row config "a size past 64 bits" 2 \
	"fabench: big.conf:2: [fault_read] size = 99999999999999999999G: $SIZE" \
	"run -c big.conf -o res" "conf big.conf '[fault_read]' 'size = 99999999999999999999G'"
row config "a section twice" 2 \
	"fabench: dup.conf:3: section [fault_read] appears twice (first on line 1); use [fault_read.TAG] for a second matrix" \
	"run -c dup.conf -o res" "conf dup.conf '[fault_read]' 'size = 1M' '[fault_read]' 'size = 2M'"
row config "a key twice" 2 \
	"fabench: dupkey.conf:3: [fault_read]: key 'size' set twice (first on line 2)" \
	"run -c dupkey.conf -o res" "conf dupkey.conf '[fault_read]' 'size = 1M' 'size = 2M'"
row config "an unknown section" 2 \
	"fabench: section.conf:1: unknown section [fault_raed]; expected one of [run], $WLS" \
	"run -c section.conf -o res" "conf section.conf '[fault_raed]' 'size = 1M'"
row config "binary garbage (an ELF header)" 2 \
	"fabench: elf.conf:1: syntax error; expected [section] or key = value" \
	"run -c elf.conf -o res" "printf '\\177ELF\\2\\1\\1\\0\\0\\0' >elf.conf"
row config "an empty file" 2 \
	"fabench: empty.conf: empty matrix: no workload section; expected one of $WLS" \
	"run -c empty.conf -o res" ": >empty.conf"
row config "a missing file" 2 \
	"fabench: nosuch.conf: cannot open config: No such file or directory" \
	"run -c nosuch.conf -o res"
row config "a directory" 2 \
	"fabench: configs: cannot read config: Is a directory" \
	"run -c configs -o res" "mkdir configs"
row config "-p without '='" 2 \
	"fabench: -p fault_read.size: expected section.key=value" \
	"run -c good.conf -o res -p fault_read.size" "good_conf"
row config "-p with a typo in the key" 2 \
	"fabench: -p fault_read.szie=1M: [fault_read]: unknown key 'szie' (did you mean 'size'?); $FR" \
	"run -c good.conf -o res -p fault_read.szie=1M" "good_conf"
row config "-p of a section the config lacks" 2 \
	"fabench: -p nosuch.size=1M: no section [nosuch] in good.conf" \
	"run -c good.conf -o res -p nosuch.size=1M" "good_conf"
row config "-p with a bad value" 2 \
	"fabench: -p run.repeat=0: [run] repeat = 0: expected an integer 1..10000" \
	"run -c good.conf -o res -p run.repeat=0" "good_conf"

# --- command lines
row "command line" "an unknown command" 2 \
	"fabench: unknown command 'frobnicate'" "frobnicate"
row "command line" "an unknown option" 2 \
	"run: invalid option -- 'x'" "run -x -c good.conf -o res" "good_conf"
row "command line" "an option without its argument" 2 \
	"run: option requires an argument -- 'c'" "run -c"
row "command line" "report of a file, not a directory" 2 \
	"fabench: good.conf/meta.json: Not a directory: not a fabench result directory?" \
	"report good.conf" "good_conf"
row "command line" "an unknown --format" 2 \
	"fabench: --format xml: expected text, csv or json" \
	"compare res/latest res/latest --format xml"
row "command line" "a --threshold that is not a number" 2 \
	"fabench: --threshold ns_per_page=abc: expected metric=percent" \
	"regress --baseline res/latest --current res/latest --threshold ns_per_page=abc"

# --- result directories
row "result dir" "samples.csv truncated mid-line" 2 \
	"fabench: cut/samples.csv:2: no newline at the end of the last line: file truncated" \
	"report cut" "resdir cut; { head -n 1 res/latest/samples.csv; sed -n 2p res/latest/samples.csv | head -c 100; } >cut/samples.csv"
row "result dir" "text in a numeric column" 2 \
	"fabench: text/samples.csv:2: wall_ms: expected a number or 'unsupported: ...', got '12abc'" \
	"compare res/latest text" "resdir text; cell text 12abc"
row "result dir" "a profile with a share over 100 %" 2 \
	"fabench: prof/profile/point-0000.csv:3: expected function,self_pct,children_pct,self_samples,children_samples with 0 <= self_pct <= children_pct <= 100" \
	"report prof" "resdir prof; mkdir prof/profile; printf '# samples 10 user 0 lost 0 period_ns 250000\\nfunction,self_pct,children_pct,self_samples,children_samples\\nexc_page_fault,10.00,150.00,1,15\\n' >prof/profile/point-0000.csv"
row "result dir" "a profile without its samples line" 2 \
	"fabench: noline/profile/point-0000.csv:1: expected '# samples N user N lost N period_ns N'" \
	"mail -o mail.txt noline" "resdir noline; mkdir noline/profile; echo function,self_pct >noline/profile/point-0000.csv"
row "result dir" "text in a numeric column, for LKP's parse: no stats half printed" 2 \
	"fabench: lkpbad/samples.csv:2: wall_ms: expected a number or 'unsupported: ...', got '12abc'" \
	"lkp-stats lkpbad" "resdir lkpbad; cell lkpbad 12abc"
row "result dir" "a row with a field too many" 2 \
	"fabench: extra/samples.csv:2: <N> fields, expected <N> as in the header (truncated or corrupt?)" \
	"regress --baseline res/latest --current extra" \
	"resdir extra; sed -i '2s/,ok,/,ok,1,/' extra/samples.csv"
row "result dir" "a number past the largest double" 2 \
	"fabench: over/samples.csv:2: wall_ms: '1e999' is out of range" \
	"mail -o mail.txt over" "resdir over; cell over 1e999"
row "result dir" "1e308 in a metric column (finite: read)" 0 "(none)" \
	"compare res/latest h308" "resdir h308; cell h308 1e308"
row "result dir" "NaN in a metric column: no value" 0 "(none)" \
	"mail nan" "resdir nan; cell nan nan"
row "result dir" "samples.csv missing" 2 \
	"fabench: nosamples/samples.csv: No such file or directory" \
	"variants -o v.txt res/latest nosamples" "resdir nosamples; rm nosamples/samples.csv"
row "result dir" "samples.csv with a header only" 2 \
	"fabench: header/samples.csv: no samples after the header" \
	"report header" "resdir header; sed -i 2,\\\$d header/samples.csv"
row "result dir" "a metric column named like a path (report would write outside DIR)" 2 \
	"fabench: path/samples.csv:1: column <N> '../../escaped': expected a name of letters, digits, '_', '.' and '-'" \
	"report path" "resdir path; sed -i '1s/,wall_ms,/,..\\/..\\/escaped,/' path/samples.csv"
row "result dir" "samples.csv without a status column" 2 \
	"fabench: nostatus/samples.csv:1: no 'status' column in the header" \
	"history -o hist nostatus" "resdir nostatus; sed -i '1s/,status,/,stat,/' nostatus/samples.csv"
row "result dir" "summary.csv missing: readers need only meta.json and samples.csv" 0 "(none)" \
	"report nosummary" "resdir nosummary; rm nosummary/summary.csv"
row "result dir" "meta.json missing" 2 \
	"fabench: nometa/meta.json: No such file or directory: not a fabench result directory?" \
	"compare --plots plots res/latest nometa" "resdir nometa; rm nometa/meta.json"
row "result dir" "meta.json truncated" 2 \
	"fabench: metacut/meta.json:6: string or '}' expected near end of file" \
	"report metacut" "resdir metacut; head -n 5 res/latest/meta.json >metacut/meta.json"
row "result dir" "format_version a string" 2 \
	"fabench: fvstring/meta.json: no integer format_version" \
	"report fvstring" "resdir fvstring; meta fvstring '.format_version = \"2\"'"
row "result dir" "format_version from the future (read, with a warning)" 0 \
	"fabench: warning: future/meta.json: format_version 99 is newer than 2; reading what is known" \
	"variants -o v.txt res/latest future" "resdir future; meta future '.format_version = 99'"
row "result dir" "an empty directory" 2 \
	"fabench: empty/meta.json: No such file or directory: not a fabench result directory?" \
	"mail -o mail.txt empty" "mkdir empty"

# --- threshold files (regress --thresholds)
REG="regress --baseline res/latest --current res/latest --thresholds"
row thresholds "a percentage that is not a number" 2 \
	"fabench: words.thr:3: faults = lots: expected a percentage" \
	"$REG words.thr" "conf words.thr '[thresholds]' 'ns_per_* = 5' 'faults = lots'"
row thresholds "a negative percentage" 2 \
	"fabench: neg.thr:2: ns_per_* = -5: expected a percentage" \
	"$REG neg.thr" "conf neg.thr '[thresholds]' 'ns_per_* = -5'"
row thresholds "an infinite percentage" 2 \
	"fabench: inf.thr:2: ns_per_* = inf: expected a percentage" \
	"$REG inf.thr" "conf inf.thr '[thresholds]' 'ns_per_* = inf'"
row thresholds "an unknown section" 2 \
	"fabench: section.thr:1: unknown section [threshold]; expected [thresholds]" \
	"$REG section.thr" "conf section.thr '[threshold]' 'ns_per_* = 5'"
row thresholds "a threshold outside [thresholds]" 2 \
	"fabench: nosection.thr:1: 'ns_per_*' outside any section; expected [thresholds] first" \
	"$REG nosection.thr" "conf nosection.thr 'ns_per_* = 5'"
row thresholds "a line without '='" 2 \
	"fabench: noeq.thr:2: expected 'metric_glob = percent'" \
	"$REG noeq.thr" "conf noeq.thr '[thresholds]' 'ns_per_* 5'"
row thresholds "a glob twice" 2 \
	"fabench: twice.thr:3: ns_per_* set twice (first on line 2)" \
	"$REG twice.thr" "conf twice.thr '[thresholds]' 'ns_per_* = 5' 'ns_per_* = 7'"
row thresholds "a missing file" 2 \
	"fabench: nosuch.thr: No such file or directory" "$REG nosuch.thr"
row thresholds "a directory" 2 \
	"fabench: thr.d: Is a directory" "$REG thr.d" "mkdir thr.d"

# --- the environment
row environment "not root: THP's shmem_enabled not writable" 0 \
	"unsupported: thp_shmem: EACCES opening /sys/kernel/mm/transparent_hugepage/shmem_enabled" \
	"run -c knob.conf -o res (as nobody)" "@env_not_root"
row environment "no userfaultfd permission (seccomp, as Docker's default)" 0 \
	"unsupported: needs uffd-wp on shmem (EPERM from userfaultfd(2), EPERM from /dev/userfaultfd)" \
	"run -c uffd.conf -o res (seccomp: userfaultfd EPERM)" "@env_no_uffd"
row environment "no tracefs (not mounted, no CAP_SYS_ADMIN to mount it)" 0 \
	"unsupported: tracefs not mounted, mount: EPERM" \
	"run -c uffd.conf -o res (unshare -m, tracefs unmounted)" "@env_no_tracefs"
row environment "debugfs locked down (this VM)" 0 \
	"unsupported: fault_around_bytes: EPERM reading /sys/kernel/debug/fault_around_bytes" \
	"run -c fab.conf -o res" "@env_debugfs_locked"
row environment "no PAGEMAP_SCAN" 0 \
	"unsupported: needs PAGEMAP_SCAN (declared missing by FABENCH_CAPS_MISSING)" \
	"run -c async.conf -o res (FABENCH_CAPS_MISSING=PAGEMAP_SCAN)" "@env_no_pagemap_scan"
row environment "a full disk (64 KiB tmpfs)" 5 \
	"fabench: writing full/.<name>.tmp/<file>: No space left on device; nothing published" \
	"run -c many.conf -o full" "@env_full_disk"
row environment "a read-only results root" 1 \
	"fabench: ro/.<name>.tmp: Read-only file system" \
	"run -c good.conf -o ro" "@env_read_only"
row environment "another run holding the lock" 2 \
	"fabench: another fabench run (pid <N>, started <time>) is running; --wait waits for it" \
	"run -c good.conf -o res (a run going on)" "@env_locked"
row environment "another run holding the lock, --wait" 0 \
	"fabench: another fabench run (pid <N>, started <time>) is running; waiting for it to end" \
	"run --wait -c good.conf -o res (a run going on)" "@env_wait"
row environment "SIGKILL mid-run: the next run cleans up" 0 \
	"fabench: removed res/.<name>.tmp (left by pid <N>, no longer running)" \
	"run -c good.conf -o res (after kill -9 of a run)" "@env_kill_run"
row environment "SIGKILL mid-run: restore cleans up" 0 \
	"fabench: removed res/.<name>.tmp (left by pid <N>, no longer running)" \
	"restore -o res (after kill -9 of a run)" "@env_kill_restore"
row environment "SIGKILL at random moments (mid-write): no published directory incomplete" 0 \
	"fabench: removed res/.<name>.tmp (left by pid <N>, no longer running)" \
	"restore -o res (after 8 runs killed with -9 while writing)" "@env_kill_write"

# md_cell TEXT: TEXT for a Markdown table cell (| escaped)
md_cell() { printf '%s' "${1//|/\\|}"; }

print_table() {
	local i msg
	echo "| # | input | what is wrong | message | exit |"
	echo "|---|-------|---------------|---------|------|"
	for ((i = 1; i <= N; i++)); do
		msg=${R_MSG[i]}
		[ "$msg" = "(none)" ] || msg="\`$msg\`"
		# shellcheck disable=SC2016 # the backquotes are Markdown's
		printf '| %d | %s: `fabench %s` | %s | %s | %d |\n' "$i" "${R_CAT[i]}" \
			"$(md_cell "${R_CMD[i]}")" "$(md_cell "${R_WHAT[i]}")" "$(md_cell "$msg")" \
			"${R_EXIT[i]}"
	done
}

if [ "${1:-}" = --table ]; then
	print_table
	exit 0
fi

FABENCH=${1:-build/fabench}
TEST_NAME=bad-input
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
TOP=$(cd "$(dirname "$0")/.." && pwd)
FAB=$(readlink -f "$FABENCH")
ROOT=$([ "$(id -u)" -eq 0 ] && echo yes)
# cases run in WORK/NN; nobody (env_not_root) must reach them
chmod 755 "$WORK"

# HACKING.md's copy of the table is --table's output
if diff <(print_table) <(awk '/^### Bad inputs$/ { on = 1; next }
	on && /^\|/ { print; seen = 1; next } seen { exit }' "$TOP/HACKING.md") >"$WORK/table.diff"; then
	ok "HACKING.md's Bad inputs table is tests/bad-input.sh --table ($N cases)"
else
	bad "HACKING.md's Bad inputs table differs from tests/bad-input.sh --table" "$(cat "$WORK/table.diff")"
fi

# --- fixtures, used by the setups (which run in the case's directory)

# conf FILE LINE...: a text file of those lines
conf() {
	local f=$1
	shift
	printf '%s\n' "$@" >"$f"
}
good_conf() { conf good.conf '[fault_read]' 'backend = memfd' 'size = 1M' 'uffd = none'; }
# resdir NAME: a copy of the good result directory
resdir() { cp -r "$GOOD" "$1"; }
# cell DIR TEXT: samples.csv's first metric cell (wall_ms) of the first row is TEXT
cell() { sed -i "2s/,ok,[^,]*,/,ok,$2,/" "$1/samples.csv"; }
# meta DIR JQ: meta.json edited by jq
meta() { jq "$2" "$GOOD/meta.json" >"$1/meta.json.new" && mv "$1/meta.json.new" "$1/meta.json"; }

export FABENCH_PROGRESS_INTERVAL=1000
# the good run every case starts from: res/ with one result directory
mkdir -p "$WORK/good"
printf '[run]\nrepeat = 2\nwarmup = 0\n[fault_read]\nbackend = memfd\nsize = 1M\nuffd = none, wp\n' \
	>"$WORK/good.conf"
if ! (cd "$WORK/good" && FABENCH_STATE_DIR=$WORK/good-state "$FAB" run -c ../good.conf -o res) \
	>"$WORK/good.out" 2>&1; then
	bad "the good run every case starts from" "$(cat "$WORK/good.out")"
	finish
	exit
fi
GOOD=$(readlink -f "$WORK/good/res/latest")

# to_re MESSAGE: the message as an anchored extended regular expression
to_re() {
	local s
	s=$(printf '%s' "$1" | sed 's/[][\\.*^$+?(){}|]/\\&/g')
	s=${s//<N>/[0-9]+}
	s=${s//<time>/[0-9]{4\}-[0-9]{2\}-[0-9]{2\} [0-9]{2\}:[0-9]{2\}:[0-9]{2\}}
	s=${s//<name>/[^/ ]+}
	s=${s//<file>/[^ ]+}
	printf '^%s$' "$s"
}

# snapshot DIR: every file and directory under DIR, with size and mtime
snapshot() {
	(cd "$1" && find . -mindepth 1 -path ./out -prune -o -path ./err -prune -o \
		-printf '%y %p %s %T@ %l\n' | sort)
}

# complete ROOT: every published result directory in ROOT has its four files
# and no temporary directory is left; prints what is wrong
complete() {
	local d f
	for d in "$1"/*/; do
		[ -d "$d" ] || continue
		for f in meta.json samples.csv summary.csv summary.txt; do
			[ -s "$d$f" ] || echo "published ${d%/} lacks $f"
		done
	done
	find "$1" -name '*.tmp*' -printf 'left: %p\n' 2>/dev/null
}

# in_samples ROOT MESSAGE: MESSAGE is a field of ROOT/latest/samples.csv
in_samples() {
	local re
	re=$(to_re "$2")
	re=${re#^}
	re=${re%$}
	[ -f "$1/latest/samples.csv" ] &&
		grep -Eq "(^|,)(${re}|\"${re//\"/\"\"}\")(,|\$)" "$1/latest/samples.csv"
}

# --- environment cases: each runs in the case's directory and sets rc
# and the files out and err, or SKIP_WHY when it cannot run here; RES is
# the results root whose samples.csv an unsupported: message is looked
# for in

run_conf() { # the short run the environment cases use
	conf "$1" '[run]' 'repeat = 1' 'warmup = 0' "${@:2}"
}

# fake_tree: knobs under ./fake (FABENCH_SYSFS_ROOT), as tests/knobs.sh
fake_tree() {
	mkdir -p fake/sys/kernel/debug fake/sys/kernel/mm/transparent_hugepage
	echo 65536 >fake/sys/kernel/debug/fault_around_bytes
	echo "always within_size advise [never] deny force" >fake/sys/kernel/mm/transparent_hugepage/shmem_enabled
}

# wait_for TEST...: until TEST succeeds (at most 20 s)
wait_for() {
	local i
	for ((i = 0; i < 200; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}
has_tmp() { compgen -G "$1/.*.tmp" >/dev/null; }
lock_held() { [ -s "$FABENCH_STATE_DIR/run.lock" ] && has_tmp "$1"; }

env_not_root() {
	[ -n "$ROOT" ] || { SKIP_WHY="needs root to become nobody"; return 1; }
	run_conf knob.conf 'thp_shmem = default, always' '[fault_read]' 'size = 1M'
	mkdir -p nobody-state
	chown -R nobody "$PWD"
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		env FABENCH_STATE_DIR="$PWD/nobody-state" "$FAB" run -c knob.conf -o res >out 2>err
	rc=$?
	RES=res
	grep -q ',ok,' res/latest/samples.csv || bad "not root: no point ran" "$(cat out err)"
}

nouffd_bin() { # a seccomp wrapper: userfaultfd(2) and USERFAULTFD_IOC_NEW fail with EPERM
	[ -x "$WORK/nouffd" ] && return 0
	cat >"$WORK/nouffd.c" <<'EOF'
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_userfaultfd, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xAA00 /* USERFAULTFD_IOC_NEW */, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };

	if (argc < 2 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
		perror("nouffd");
		return 125;
	}
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
EOF
	"${CC:-cc}" -O -o "$WORK/nouffd" "$WORK/nouffd.c" 2>"$WORK/nouffd.log"
}

env_no_uffd() {
	# an ordinary user meets /dev/userfaultfd's mode first (EACCES)
	[ -n "$ROOT" ] || { SKIP_WHY="not root: /dev/userfaultfd is EACCES, not EPERM"; return 1; }
	nouffd_bin || { SKIP_WHY="no C compiler for the seccomp wrapper: $(head -1 "$WORK/nouffd.log")"; return 1; }
	run_conf uffd.conf '[fault_read]' 'size = 1M' 'uffd = none, wp'
	"$WORK/nouffd" "$FAB" run -c uffd.conf -o res >out 2>err
	rc=$?
	RES=res
	grep -q ',none,.*,ok,' res/latest/samples.csv ||
		bad "no userfaultfd: the uffd=none point did not run" "$(cat out err)"
}

env_no_tracefs() {
	[ -n "$ROOT" ] || { SKIP_WHY="needs root for a mount namespace"; return 1; }
	run_conf uffd.conf '[fault_read]' 'size = 1M' 'uffd = none, wp'
	# debugfs too: /sys/kernel/debug/tracing mounts tracefs again when looked at
	# shellcheck disable=SC2016 # $0 is the inner shell's
	unshare -m sh -c 'umount -l /sys/kernel/debug/tracing; umount -l /sys/kernel/tracing
		umount -l /sys/kernel/debug
		exec setpriv --bounding-set=-sys_admin --inh-caps=-sys_admin "$0" run -c uffd.conf -o res' \
		"$FAB" >out 2>err
	rc=$?
	RES=res
	[ "$(grep -c ',ok,' res/latest/samples.csv)" -eq 2 ] ||
		bad "no tracefs: the points did not run" "$(cat out err)"
}

env_debugfs_locked() {
	[ -n "$ROOT" ] || { SKIP_WHY="not root: the knob is EACCES, not locked"; return 1; }
	if "$FAB" probe --json 2>/dev/null | jq -e '.fault_around_bytes.writable == "yes"' >/dev/null; then
		SKIP_WHY="fault_around_bytes is writable here (debugfs not locked down)"
		return 1
	fi
	run_conf fab.conf 'fault_around_bytes = default, 4096' '[fault_read]' 'size = 1M'
	"$FAB" run -c fab.conf -o res >out 2>err
	rc=$?
	RES=res
}

env_no_pagemap_scan() {
	run_conf async.conf '[dirty_wp_async]' 'size = 1M'
	FABENCH_CAPS_MISSING=PAGEMAP_SCAN "$FAB" run -c async.conf -o res >out 2>err
	rc=$?
	RES=res
}

env_full_disk() {
	[ -n "$ROOT" ] || { SKIP_WHY="needs root to mount a tmpfs"; return 1; }
	# 12 points with histograms: more than 64 KiB of results
	run_conf many.conf 'timing = throughput, latency' '[fault_read]' 'size = 1M' \
		'uffd = none, wp, minor' 'cache = populated, holes'
	mkdir full
	mount -t tmpfs -o size=64k fabench-full full || { SKIP_WHY="mount tmpfs failed"; return 1; }
	mkdir full/old
	ln -s old full/latest
	"$FAB" run -c many.conf -o full >out 2>err
	rc=$?
	left=$(cd full && find . -mindepth 1 -maxdepth 1 | sort | tr '\n' ' ')
	if [ "$left" != "./latest ./old " ] || [ "$(readlink full/latest)" != old ]; then
		bad "full disk: results root afterwards: $left (expected latest -> old, old)"
	fi
	umount full
}

env_read_only() {
	[ -n "$ROOT" ] || { SKIP_WHY="needs root to mount a read-only tmpfs"; return 1; }
	good_conf
	mkdir ro
	mount -t tmpfs -o ro fabench-ro ro || { SKIP_WHY="mount tmpfs failed"; return 1; }
	"$FAB" run -c good.conf -o ro >out 2>err
	rc=$?
	[ -z "$(ls -A ro)" ] || bad "read-only root: something appeared" "$(ls -A ro)"
	umount ro
}

# long_run ROOT: a measuring run going on in the background (pid in bg)
long_run() {
	conf long.conf '[run]' 'repeat = 5000' '[fault_read]' 'size = 4M' 'uffd = wp'
	"$FAB" run -c long.conf -o "$1" >long.out 2>&1 &
	bg=$!
	wait_for lock_held "$1" || bad "the first run never held the lock" "$(cat long.out)"
}

env_locked() {
	good_conf
	long_run res1
	before=$(snapshot res)
	"$FAB" run -c good.conf -o res >out 2>err
	rc=$?
	[ "$(snapshot res)" = "$before" ] || bad "locked out: the second run wrote something in res"
	kill -INT $bg
	wait $bg
}

env_wait() {
	good_conf
	long_run res1
	"$FAB" run --wait -c good.conf -o res >out 2>err &
	waiter=$!
	wait_for grep -q 'waiting for it to end' err
	sleep 0.5
	kill -0 $waiter 2>/dev/null || bad "--wait did not wait" "$(cat err)"
	kill -INT $bg
	wait $bg
	wait $waiter
	rc=$?
	[ "$(readlink res/latest)" != "$(basename "$GOOD")" ] || bad "--wait: no new result directory"
}

# killed_run: a run that changed fault_around_bytes (fake tree), killed with -9
killed_run() {
	fake_tree
	export FABENCH_SYSFS_ROOT=fake
	conf kill.conf '[run]' 'repeat = 5000' 'fault_around_bytes = 4096' '[fault_read]' \
		'size = 4M' 'uffd = wp'
	"$FAB" run -c kill.conf -o res >kill.out 2>&1 &
	killed=$!
	wait_for grep -qx 4096 fake/sys/kernel/debug/fault_around_bytes ||
		bad "SIGKILL: the run never set the knob" "$(cat kill.out)"
	has_tmp res || bad "SIGKILL: no temporary directory while the run went on"
	kill -9 $killed
	wait $killed 2>/dev/null
}

check_killed() { # what the run after the killed one printed and left
	grep -qx "fabench: restored fake/sys/kernel/debug/fault_around_bytes to '65536' (left changed by an earlier run)" err ||
		bad "SIGKILL: no knob restore line" "$(cat err)"
	grep -q "(left by pid $killed, no longer running)" err ||
		bad "SIGKILL: the removed line does not name pid $killed" "$(cat err)"
	[ "$(cat fake/sys/kernel/debug/fault_around_bytes)" = 65536 ] || bad "SIGKILL: knob not restored"
	unset FABENCH_SYSFS_ROOT
}

env_kill_run() {
	good_conf
	killed_run
	"$FAB" run -c good.conf -o res >out 2>err
	rc=$?
	check_killed
}

env_kill_restore() {
	killed_run
	"$FAB" restore -o res >out 2>err
	rc=$?
	check_killed
}

# writing ROOT: a file beside .owner in ROOT's temporary directory
writing() { compgen -G "$1/.*.tmp/[!.]*" >/dev/null; }

env_kill_write() {
	local i pid hits=0
	run_conf short.conf 'timing = throughput, latency' '[fault_read]' 'size = 1M' 'uffd = none, wp'
	# killed once its first result file appears, a few ms later at random
	for ((i = 0; i < 8; i++)); do
		"$FAB" run -c short.conf -o res >/dev/null 2>&1 &
		pid=$!
		while kill -0 $pid 2>/dev/null && ! writing res; do
			sleep 0.002
		done
		sleep "0.00$((RANDOM % 10))"
		kill -9 $pid 2>/dev/null && writing res && hits=$((hits + 1))
		wait $pid 2>/dev/null
	done
	incomplete=$(complete res | grep -v '^left: ')
	[ -z "$incomplete" ] || bad "SIGKILL mid-write: a published directory is incomplete" "$incomplete"
	echo "SIGKILL mid-write: $hits of 8 kills while result files were being written"
	if ! has_tmp res; then
		SKIP_WHY="the last kill left no temporary directory (it came too late)"
		return
	fi
	"$FAB" restore -o res >out 2>err
	rc=$?
}

# --- the cases

for ((i = 1; i <= N; i++)); do
	C=$(printf '%s/%02d' "$WORK" "$i")
	mkdir -p "$C"
	cp -a "$WORK/good/res" "$C/res"
	cd "$C" || exit 1
	export FABENCH_STATE_DIR=$C/state
	name="#$i ${R_CAT[i]}: ${R_WHAT[i]}"
	msg=${R_MSG[i]}
	re=$(to_re "$msg")
	setup=${R_SETUP[i]}
	RES=
	SKIP_WHY=
	if [ "${setup:0:1}" = @ ]; then
		"${setup:1}"
		if [ -n "$SKIP_WHY" ]; then
			skip "$name: $SKIP_WHY"
			cd "$WORK" || exit 1
			continue
		fi
	else
		[ -z "$setup" ] || eval "$setup"
		before=$(snapshot .)
		eval "set -- ${R_CMD[i]}"
		"$FAB" "$@" >out 2>err
		rc=$?
	fi
	err=$(cat err)
	why=
	if [ "$rc" -ne "${R_EXIT[i]}" ]; then
		why="exit $rc, expected ${R_EXIT[i]}"
	elif [ "${msg:0:13}" = "unsupported: " ]; then
		in_samples "$RES" "$msg" || why="no field '$msg' in $RES/latest/samples.csv"
	elif [ "${setup:0:1}" = @ ]; then
		grep -Eq -- "$re" <<<"$err" || why="no stderr line matches /$re/"
	elif [ "$msg" = "(none)" ]; then
		[ -z "$err" ] || why="stderr not empty"
	elif ! head -1 err | grep -Eq -- "$re"; then
		why="stderr's first line does not match /$re/"
	elif [ "$(wc -l <err)" -gt 1 ] && ! sed -n 2p err | grep -q '^usage: '; then
		why="more than the one line (and the usage)"
	fi
	# nothing half-written
	if [ -z "$why" ] && [ "${setup:0:1}" != @ ] && [ "$rc" -ne 0 ]; then
		after=$(snapshot .)
		[ "$after" = "$before" ] || why="it wrote: $(diff <(echo "$before") <(echo "$after") | grep '^[<>]')"
	fi
	if [ -z "$why" ]; then
		left=$(complete res)
		[ -z "$left" ] || why="$left"
	fi
	if [ -z "$why" ]; then
		ok "$name: exit $rc, $(head -c 100 <<<"${msg}")"
	else
		bad "$name: $why" "$(echo "command: fabench ${R_CMD[i]}"; cat err)"
	fi
	cd "$WORK" || exit 1
done

finish
