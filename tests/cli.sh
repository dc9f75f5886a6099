#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The fabench command line as a user meets it: bad configs give one clear
# error line and a non-zero exit with nothing written; a good run leaves a
# complete result directory; an interrupted run leaves nothing behind.
#
# usage: tests/cli.sh [FABENCH]   (default build/fabench)
# Prints one "ok"/"FAIL" line per check and "N passed, N failed" at the end.

FABENCH=${1:-build/fabench}
TEST_NAME=cli
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"


# write_conf NAME TEXT: a config file in $WORK
write_conf() { printf '%s\n' "$2" >"$WORK/$1"; }

GOOD='[fault_read]
backend = memfd
size = 1M
uffd = none'

# expect_error NAME CONFIG_FILE PATTERN [ARGS...]: exit 2, one stderr line
# matching PATTERN, no result directory created
expect_error() {
	local name=$1 conf=$2 pattern=$3 out err rc lines
	shift 3
	rm -rf "$WORK/res"
	out=$("$FABENCH" run -c "$conf" -o "$WORK/res" "$@" 2>"$WORK/err")
	rc=$?
	err=$(cat "$WORK/err")
	lines=$(wc -l <"$WORK/err")
	if [ $rc -ne 2 ]; then
		bad "$name: exit status $rc, expected 2" "$err"
	elif [ "$lines" -ne 1 ]; then
		bad "$name: $lines stderr lines, expected 1" "$err"
	elif ! grep -Eq -- "$pattern" <<<"$err"; then
		bad "$name: error does not match /$pattern/" "$err"
	elif [ -e "$WORK/res" ] || [ -n "$out" ]; then
		bad "$name: something was written or run"
	else
		ok "$name: $err"
	fi
}

write_conf typo.conf "$GOOD
szie = 64M"
expect_error "typo in a key" "$WORK/typo.conf" "typo.conf:5: .*'szie'.*did you mean 'size'"

write_conf zero.conf '[fault_read]
size = 0'
expect_error "size of 0" "$WORK/zero.conf" "zero.conf:2: .*size = 0: expected a size"

write_conf huge.conf '[fault_read]
size = 100G'
expect_error "size larger than memory" "$WORK/huge.conf" "huge.conf:2: .*MemAvailable"

write_conf mode.conf '[fault_read]
uffd = none, bogus'
expect_error "unknown uffd mode" "$WORK/mode.conf" "mode.conf:2: .*bogus: expected one of none\|missing\|wp\|minor"

expect_error "missing file" "$WORK/nonexistent.conf" "nonexistent.conf: cannot open config: No such file"

write_conf section.conf '[fault_raed]
size = 1M'
expect_error "unknown section" "$WORK/section.conf" "section.conf:1: unknown section \[fault_raed\]"

write_conf empty.conf '[run]
repeat = 3'
expect_error "empty matrix" "$WORK/empty.conf" "empty.conf: empty matrix"

write_conf pattern.conf '[fault_read]
pattern = stride=1'
expect_error "bad stride" "$WORK/pattern.conf" "pattern.conf:2: .*stride=N"

write_conf good.conf "$GOOD"
expect_error "bad -p value" "$WORK/good.conf" "-p fault_read.tasks=0: .*expected an integer" \
	-p fault_read.tasks=0
expect_error "-p unknown section" "$WORK/good.conf" "no section \[nosuch\]" -p nosuch.size=1M

# A good run, with an override, a label and a result root of our own.
rm -rf "$WORK/res"
if "$FABENCH" run -c "$WORK/good.conf" -o "$WORK/res" -l cli-test \
	-p fault_read.uffd=none,wp -p run.repeat=2 -p run.warmup=0 >"$WORK/out" 2>"$WORK/err"; then
	ok "good run exits 0"
else
	bad "good run exits 0" "$(cat "$WORK/err")"
fi
dir=$(readlink -f "$WORK/res/latest")
case "$(basename "$dir")" in
*-"$(uname -r)"-cli-test) ok "result directory named date-host-kernel-label" ;;
*) bad "result directory name: $dir" ;;
esac
for f in meta.json samples.csv summary.csv summary.txt; do
	if [ -s "$dir/$f" ]; then ok "$f written"; else bad "$f missing"; fi
done
left=$(find "$WORK/res" -maxdepth 1 -name '*.tmp*')
if [ -n "$left" ]; then bad "temporary directory left" "$left"; else ok "no temporary left"; fi
rows=$(($(wc -l <"$dir/samples.csv") - 1))
if [ "$rows" -eq 4 ]; then
	ok "samples.csv: 2 points x 2 repetitions"
else
	bad "samples.csv has $rows rows, expected 4"
fi
if jq -e '.uname.release and .timer.ns_per_tick > 0 and (.uffd.features | test("^0x")) and
	  (.config.points | length == 2) and .harness_revision and .fault_around_bytes' \
	"$dir/meta.json" >/dev/null; then
	ok "meta.json has uname, timer, uffd features, points, revision, fault_around_bytes"
else
	bad "meta.json content" "$(head -c 2000 "$dir/meta.json")"
fi
if jq -e '.fault_around_bytes | test("^([0-9]+|unsupported: .+)$")' "$dir/meta.json" >/dev/null; then
	ok "fault_around_bytes is a value or unsupported: reason"
else
	bad "fault_around_bytes: $(jq .fault_around_bytes "$dir/meta.json")"
fi
if awk -F, 'NR > 1 && $6 == "" { exit 1 }' "$dir/summary.csv"; then ok "summary.csv rows complete"; else bad "summary.csv"; fi
if grep -q '^results: ' "$WORK/out" && grep -q 'ns/page' "$WORK/out"; then
	ok "summary table printed"
else
	bad "summary table" "$(cat "$WORK/out")"
fi
if awk 'length > 80 { exit 1 }' "$dir/summary.txt"; then ok "summary.txt fits 80 columns"; else bad "summary.txt wider than 80"; fi

# What `make bench > log 2>&1` shows: progress written as it happens (a line
# per round with interleave, one per finished point), every line of the log
# within 80 columns, the -p overrides echoed by the summary and in meta.json.
write_conf progress.conf '[run]
repeat = 2
warmup = 1
timing = throughput, latency
order = interleave
[fault_read]
size = 4M
uffd = none, wp, minor'
rm -rf "$WORK/res4"
# no "running" line: no step of this run lasts 1000 s
FABENCH_PROGRESS_INTERVAL=1000 "$FABENCH" run -c "$WORK/progress.conf" -o "$WORK/res4" \
	-p fault_read.size=16M -p run.repeat=3 >"$WORK/log" 2>&1 &
pid=$!
early=
while kill -0 $pid 2>/dev/null; do
	# a round line while the run is still going: written, not held back
	if [ -z "$early" ] && grep -q '\] round 1/4 (warm-up) done$' "$WORK/log"; then
		kill -0 $pid 2>/dev/null && early=$(grep -c '' "$WORK/log")
	fi
	sleep 0.05
done
wait $pid
rc=$?
log=$(cat "$WORK/log")
if [ $rc -eq 0 ]; then ok "progress run exits 0"; else bad "progress run: exit $rc" "$log"; fi
if [ -n "$early" ]; then
	ok "a progress line was in the log while the run went on ($early lines then)"
else
	bad "no progress line in the log before the run ended" "$log"
fi
long=$(awk 'length > 80' "$WORK/log")
if [ -z "$long" ]; then
	ok "run log (progress and summary): no line over 80 columns"
else
	bad "run log: lines over 80 columns" "$long"
fi
# every progress line: [done/steps elapsed ~left], elapsed growing to the end
if awk '/^\[ *[0-9]+\/24 / { n++; sub(/^\[ */, ""); split($0, f, /[ \]]+/)
	t = f[2]; sub(/s$/, "", t); if (split(t, ms, "m") == 2) t = ms[1] * 60 + ms[2]
	if (t + 0 < last) exit 1; last = t + 0
	if (f[3] !~ /^~([0-9]+m)?[0-9.]+s$/) exit 1 }
	END { exit !(n >= 10 && last > 0) }' "$WORK/log"; then
	ok "progress lines: steps done/24, elapsed (non-decreasing), ~time left"
else
	bad "progress lines: expected [k/24 Ns ~Ms] with growing elapsed" "$log"
fi
# (the second metric gives way when the prefix grows: slow runs)
for want in 'round 1/4 .warm-up. done' 'round 2/4 done' 'round 4/4 done' \
	'ok fault_read none/throughput: [0-9.]+ ns/page(, 16.00 pg/flt)?' \
	'ok fault_read wp/latency: [0-9.]+ ns/page(, 1.00 pg/flt)?'; do
	if grep -Eq "^\[ *[0-9]+/24 +[0-9.ms]+ ~[0-9.ms]+\] $want\$" "$WORK/log"; then
		ok "progress line: $want"
	else
		bad "no progress line '$want'" "$log"
	fi
done
if grep -q '^overrides: fault_read.size=16M run.repeat=3$' "$WORK/log"; then
	ok "summary echoes the -p overrides"
else
	bad "summary: no 'overrides: fault_read.size=16M run.repeat=3' line" "$log"
fi
if grep -q '^\[run\] order=interleave$' "$WORK/log"; then
	ok "summary names the [run] keys not at their default"
else
	bad "summary: no '[run] order=interleave' line" "$(sed -n '/^fabench on/,/^$/p' "$WORK/log")"
fi
dir=$(readlink -f "$WORK/res4/latest")
if jq -e '.config.overrides == ["fault_read.size=16M", "run.repeat=3"]' "$dir/meta.json" >/dev/null; then
	ok "meta.json config.overrides lists the -p options"
else
	bad "meta.json config.overrides" "$(jq -c .config.overrides "$dir/meta.json")"
fi
# the overhead block says what its ratio is and when the 1.05 target holds
if grep -q '^Latency-mode overhead: per point measured both ways' "$WORK/log" &&
	grep -q 'Target <= 1.05 where' "$WORK/log" && grep -q 'Ratios below 1 are noise' "$WORK/log" &&
	grep -Eq '^\[fault_read\] +3 +[0-9.]+ +[0-9.]+ +[0-9.]+ ' "$WORK/log"; then
	ok "overhead block explains itself, one line per section (3 points)"
else
	bad "overhead block" "$(sed -n '/^Latency-mode/,$p' "$WORK/log")"
fi

# nothing finishes for a while: a "running" line at least every interval
write_conf slow.conf '[run]
repeat = 1
warmup = 0
[wp_oracle]
mode = sync, async
seconds = 1'
rm -rf "$WORK/res5"
FABENCH_PROGRESS_INTERVAL=0.3 "$FABENCH" run -c "$WORK/slow.conf" -o "$WORK/res5" \
	>"$WORK/log" 2>&1
n=$(grep -Ec '^\[[0-2]/2 +[0-9.ms]+ ~[0-9.ms?]+\] running rep 1/1: wp_oracle (sync|async)$' "$WORK/log")
if grep -q 'unsupported wp_oracle' "$WORK/log"; then
	skip "heartbeat: wp_oracle unsupported here"
elif [ "$n" -ge 3 ]; then
	ok "heartbeat: $n 'running' lines in two 1 s steps at a 0.3 s interval"
else
	bad "heartbeat: $n 'running' lines, expected 3 or more" "$(cat "$WORK/log")"
fi

# A section with more axes than 80 columns hold: their values joined in one
# column, the axes named once above it.
write_conf wide.conf '[run]
repeat = 1
warmup = 0
timing = throughput, latency
fault_around_bytes = default, 4096
[fault_read]
backend = memfd, shm
size = 256K
cache = populated, holes
pattern = seq, stride=64
uffd = wp
wp_range = protected, registered'
rm -rf "$WORK/res6"
"$FABENCH" run -c "$WORK/wide.conf" -o "$WORK/res6" >"$WORK/log" 2>&1
long=$(awk 'length > 80' "$WORK/log")
if [ -n "$long" ]; then
	bad "many axes: lines over 80 columns" "$long"
elif grep -q '^point is backend/cache/pattern/wp_range/timing/fault_around_bytes$' "$WORK/log" &&
	grep -Eq '^shm/holes/stride=64/registered/latency/4096 +' "$WORK/log"; then
	ok "many axes: one joined column, named above, within 80 columns"
else
	bad "many axes: no joined point column" "$(sed -n '/^\[fault_read\]/,/^$/p' "$WORK/log")"
fi

# SIGINT and SIGTERM mid-run: exit 130, nothing half-written.
write_conf long.conf '[run]
repeat = 1000
[fault_read]
size = 16M
uffd = wp'
for sig in INT TERM; do
	rm -rf "$WORK/res2"
	"$FABENCH" run -c "$WORK/long.conf" -o "$WORK/res2" >/dev/null 2>&1 &
	pid=$!
	sleep 1.5
	kill -"$sig" $pid
	wait $pid
	rc=$?
	left=$(ls -A "$WORK/res2" 2>/dev/null)
	if [ $rc -eq 130 ] && [ -z "$left" ]; then
		ok "SIG$sig: exit 130, result root empty"
	else
		bad "SIG$sig: exit $rc, left: $left"
	fi
done

# list names every workload parameter with its type and default
if "$FABENCH" list | grep -q 'uffd .*' && "$FABENCH" list | grep -q 'default none'; then
	ok "list shows parameters and defaults"
else
	bad "list output"
fi
"$FABENCH" list >"$WORK/list"
long=$(awk 'length > 80' "$WORK/list")
if [ -z "$long" ]; then ok "list: no line over 80 columns"; else bad "list: lines over 80 columns" "$long"; fi
# wrapped at words with a hanging indent; "default 64M" never split
if grep -q '^ \{13\}registered (empty ptes, no markers)$' "$WORK/list" &&
	grep -q 'default 64M$' "$WORK/list" && ! grep -q '; default$' "$WORK/list"; then
	ok "list: descriptions wrapped at words, indented under the text"
else
	bad "list: wrapping" "$(grep -A1 wp_range "$WORK/list")"
fi
"$FABENCH" frobnicate 2>/dev/null
rc=$?
if [ $rc -eq 2 ]; then ok "unknown command exits 2"; else bad "unknown command exit status $rc"; fi

# probe: the kernel fingerprint, as lines for people and JSON for tools
if "$FABENCH" probe >"$WORK/probe.txt" 2>"$WORK/err"; then
	ok "probe exits 0"
else
	bad "probe exits 0" "$(cat "$WORK/err")"
fi
missing=
for key in "kernel release" "kernel version" machine "uffd " "uffd features" \
	"uffd register +missing" "uffd register +wp" "uffd register +minor" \
	"fault-around +none" "fault-around +missing" "fault-around +wp" "fault-around +minor" \
	"fault_around_bytes +writable" "thp shmem_enabled" pagemap_scan soft-dirty swap \
	"pte marker +wp" "pte marker +pagemap bit 57" "tracepoint +exceptions:page_fault_user" \
	"tracepoint +filemap:mm_filemap_map_pages" "tracepoint +filemap:mm_filemap_fault" \
	"tracepoint +tlb:tlb_flush" "kernel config"; do
	grep -Eq "^$key" "$WORK/probe.txt" || missing="$missing '$key'"
done
if [ -z "$missing" ]; then ok "probe prints every line"; else bad "probe lines missing:$missing" "$(cat "$WORK/probe.txt")"; fi
if grep '^fault-around ' "$WORK/probe.txt" |
	grep -Evq '^fault-around +[a-z]+: ((in)?active \([0-9]+\.[0-9] pages/fault\)|unsupported: .+)$'; then
	bad "probe fault-around lines" "$(grep '^fault-around ' "$WORK/probe.txt")"
else
	ok "probe fault-around lines: (in)active (N pages/fault) or unsupported: reason"
fi
if "$FABENCH" probe --json >"$WORK/probe.json" 2>"$WORK/err" &&
	jq -e '.uname.release and .uname.version and .uname.machine and .uffd.opened_by and
	  (.uffd.features | test("^(0x[0-9a-f]+|unsupported: .+)$")) and
	  ([.uffd.register | .missing, .wp, .minor] | all(test("^(yes|unsupported: .+)$"))) and
	  ([.fault_around | .none, .missing, .wp, .minor] | all(
	    (type == "object" and (.active | type == "boolean") and (.pages_per_fault | type == "number")) or
	    (type == "string" and startswith("unsupported: ")))) and
	  .fault_around_bytes.value and .fault_around_bytes.writable and .thp.shmem_enabled and
	  .thp.shmem_enabled_line and
	  (.thp.shmem_folio | test("^([0-9]+[KMG] [a-z_]+(, |$))+$|^unsupported: .+")) and
	  .pagemap_scan and .soft_dirty and .swap and
	  .pte_marker.result and .pte_marker.uffd_wp_bit_after_zap and
	  (.tracepoints | length == 4) and .kernel_config and
	  ([.. | strings | select(startswith("unsupported")) | test("^unsupported: .+")] | all)' \
	"$WORK/probe.json" >/dev/null; then
	ok "probe --json parses and has every field"
else
	bad "probe --json" "$(cat "$WORK/err"; head -c 3000 "$WORK/probe.json")"
fi
# the text and the JSON are the same measurement's data
for m in none missing wp minor; do
	txt=$(sed -n "s/^fault-around \{1,\}$m: //p" "$WORK/probe.txt")
	js=$(jq -r ".fault_around.$m | if type == \"object\" then .text else . end" "$WORK/probe.json")
	# separate runs: compare the verdict, not the measured figure
	if [ -n "$txt" ] && [ "${txt%% *}" = "${js%% *}" ]; then
		ok "probe fault-around $m: text and JSON agree (${txt%% *})"
	else
		bad "probe fault-around $m: text '$txt', JSON '$js'"
	fi
done
mkdir -p "$WORK/sysfs/sys/kernel/debug" "$WORK/sysfs/sys/kernel/mm/transparent_hugepage"
echo 8192 >"$WORK/sysfs/sys/kernel/debug/fault_around_bytes"
echo 'always within_size [advise] never deny force' >"$WORK/sysfs/sys/kernel/mm/transparent_hugepage/shmem_enabled"
if FABENCH_SYSFS_ROOT="$WORK/sysfs" "$FABENCH" probe --json 2>/dev/null |
	jq -e '.fault_around_bytes.value == "8192" and .fault_around_bytes.writable == "yes" and
	  .thp.shmem_enabled == "advise"' >/dev/null; then
	ok "probe reads the knobs under FABENCH_SYSFS_ROOT"
else
	bad "probe with FABENCH_SYSFS_ROOT" "$(FABENCH_SYSFS_ROOT="$WORK/sysfs" "$FABENCH" probe 2>&1 | grep -E 'fault_around_bytes|thp')"
fi
if "$FABENCH" probe --bogus 2>/dev/null; then rc=0; else rc=$?; fi
if [ $rc -eq 2 ]; then ok "probe with a bad option exits 2"; else bad "probe with a bad option: exit $rc"; fi

# The planted lost write (a self-test knob of the uffd dirty methods): the
# verifier must catch it, loudly, with its own exit status.
write_conf planted.conf '[run]
repeat = 1
warmup = 0
[dirty_uffd_wp]
backend = memfd
size = 1M
pages = 64
plant_lost_write = yes'
rm -rf "$WORK/res3"
"$FABENCH" run -c "$WORK/planted.conf" -o "$WORK/res3" >"$WORK/out" 2>"$WORK/err"
rc=$?
if [ $rc -eq 4 ] && grep -q 'CORRECTNESS FAILURE: missed = 1 ' "$WORK/err"; then
	ok "planted lost write: exit 4, CORRECTNESS FAILURE on stderr"
else
	bad "planted lost write: exit $rc, expected 4 and CORRECTNESS FAILURE" "$(cat "$WORK/err")"
fi

# A full disk: every file of the result directory is written checked.  A
# 64 KiB tmpfs, filled to leave room for less and less of the run's files:
# the write that fails is named with its errno, exit 5, nothing published
# (no directory, no .tmp, latest as it was).
write_conf disk.conf '[run]
repeat = 1
warmup = 0
timing = throughput, latency
[fault_read]
backend = memfd
size = 1M
uffd = none'
if [ "$(id -u)" -ne 0 ]; then
	skip "full disk: mounting a small tmpfs needs root"
else
	mkdir -p "$WORK/full"
	mount -t tmpfs -o size=64k tmpfs "$WORK/full"
	failed_files=""
	disk_bad=0
	for fill in 60 48 40 24 16 8; do
		rm -rf "${WORK:?}/full/"* "$WORK/full/".[!.]*
		mkdir "$WORK/full/old" && ln -s old "$WORK/full/latest"
		dd if=/dev/zero of="$WORK/full/fill" bs=1k count=$fill status=none 2>/dev/null
		"$FABENCH" run -c "$WORK/disk.conf" -o "$WORK/full" >/dev/null 2>"$WORK/err"
		rc=$?
		msg=$(grep -v '^\[\|^progress\|^fabench: [0-9]* points' "$WORK/err")
		left=$(find "$WORK/full" -mindepth 1 -maxdepth 1 -printf '%P\n' | sort | tr '\n' ' ')
		if [ $rc -eq 5 ] && [ "$(wc -l <<<"$msg")" -eq 1 ] &&
		   grep -Eqx "fabench: writing $WORK/full/\.[^/]+\.tmp/[a-z/._0-9-]+: No space left on device; nothing published" <<<"$msg" &&
		   [ "$left" = "fill latest old " ] && [ "$(readlink "$WORK/full/latest")" = old ]; then
			file=${msg##*.tmp/}
			failed_files="$failed_files ${file%%:*}"
		else
			bad "full disk (${fill} KiB filled of 64): exit $rc, left: $left" "$msg"
			disk_bad=1
		fi
	done
	# the analysis commands' outputs on a full disk: exit 5, the file named,
	# no half file left, an earlier -o FILE untouched
	"$FABENCH" run -c "$WORK/disk.conf" -o "$WORK/two" -l a >/dev/null 2>&1
	"$FABENCH" run -c "$WORK/disk.conf" -o "$WORK/two" -l b >/dev/null 2>&1
	run_a=$(find "$WORK/two" -maxdepth 1 -name '*-a' | head -1)
	run_b=$(find "$WORK/two" -maxdepth 1 -name '*-b' | head -1)
	rm -rf "${WORK:?}/full/"*
	cp -r "$run_a" "$WORK/full/run"
	dd if=/dev/zero of="$WORK/full/fill" bs=1k count=64 status=none 2>/dev/null
	echo earlier >"$WORK/full/mail.txt" 2>/dev/null || : >"$WORK/full/mail.txt"
	before=$(cat "$WORK/full/mail.txt")
	for cmd in "report $WORK/full/run" "mail -o $WORK/full/mail.txt $run_a" \
		"variants -o $WORK/full/v.txt $run_a $run_b" "compare --plots $WORK/full/plots $run_a $run_b" \
		"history -o $WORK/full/hist $run_a $run_b"; do
		# shellcheck disable=SC2086 # the command's words
		"$FABENCH" $cmd >/dev/null 2>"$WORK/err"
		rc=$?
		msg=$(cat "$WORK/err")
		half=$(find "$WORK/full" -name '*.tmp*' -o -path "$WORK/full/run/report.txt" -o \
			-path "$WORK/full/v.txt" -o -path "$WORK/full/plots/*" -o -path "$WORK/full/hist/*" | head -3)
		if [ $rc -eq 5 ] && [ "$(wc -l <<<"$msg")" -eq 1 ] &&
		   grep -Eqx "fabench: writing $WORK/full/[^:]+: No space left on device" <<<"$msg" &&
		   [ -z "$half" ] && [ "$(cat "$WORK/full/mail.txt")" = "$before" ]; then
			ok "full disk: ${cmd%% *}: exit 5, ${msg#fabench: }, no half file"
		else
			bad "full disk: ${cmd%% *}: exit $rc, left: $half" "$msg"
		fi
	done
	umount "$WORK/full"
	[ $disk_bad -eq 1 ] || ok "full disk: exit 5, the file and ENOSPC named, nothing published, at:$failed_files"
fi

finish
