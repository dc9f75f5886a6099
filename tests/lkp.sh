#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fabench under lkp-tests, offline (contrib/lkp): a copy of the lkp-tests
# snapshot (../shared/lkp-tests, see SNAPSHOT below) in the scratch
# directory, `make lkp-install` onto it, `lkp split-job` of the quick job,
# `lkp install` of the fabench package (built by LKP's makepkg from this
# checkout's HEAD), `lkp run` of one atomic job three times under each of
# two commit labels, a planted lost write run through LKP, `lkp ncompare`
# of the two labels.  The checks hold LKP's stats against fabench's own
# summary of the same run, not against the machine.
#
# It leaves nothing behind: /lkp is a bind mount of the scratch directory
# for the test (created and removed if it did not exist), the fabench-lkp
# package LKP installs is purged, /tmp/lkp and /tmp/lkp-$USER (lkp-tests'
# own scratch: event pipes, fifos, pid files) are removed if the test made
# them, and LKP's processes still running from the copy are killed (its
# bin/event/wakeup waits for monitors that never started: half an hour
# later five were still there).  The Debian packages it needs stay
# (bench/install-deps.sh lkp).
#
#   lkp.sh FABENCH    FABENCH: the fabench whose lkp-stats the checks
#                     compare LKP's parse with
TEST_NAME=lkp
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=tests/lib.sh
. tests/lib.sh
FABENCH=$(realpath "${1:-build/fabench}")
REPO=$(pwd)
# the snapshot: FABENCH_LKP_TESTS, else ../shared/lkp-tests beside this
# checkout, else beside the checkout it was cloned from (a fresh clone of
# a local one, as CI makes)
SNAPSHOT=${FABENCH_LKP_TESTS:-$REPO/../shared/lkp-tests}
origin=$(git remote get-url origin 2>/dev/null)
if [ -z "${FABENCH_LKP_TESTS:-}" ] && [ ! -d "$SNAPSHOT" ] && [ -d "$origin" ]; then
	SNAPSHOT=$(cd "$origin" && pwd)/../shared/lkp-tests
fi
HOST=fabench-lkp-test

made_lkp=0
mounted=0
made_tmp_lkp=0
made_tmp_lkp_user=0
LKP_TMP_USER=/tmp/lkp-$(id -un)
installed=0
cleanup() {
	[ "$installed" = 1 ] && dpkg --purge fabench-lkp >/dev/null 2>&1
	[ "$mounted" = 1 ] && umount /lkp
	[ "$made_lkp" = 1 ] && rmdir /lkp
	[ -n "${WORK:-}" ] && pkill -f "$WORK/lkp-tests/"
	[ "$made_tmp_lkp" = 1 ] && rm -rf /tmp/lkp
	[ "$made_tmp_lkp_user" = 1 ] && rm -rf "$LKP_TMP_USER"
	[ "$failed" -gt 0 ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$(id -u)" -ne 0 ]; then
	skip "lkp-tests runs as root only"
	finish
	exit
fi
if [ ! -x "$SNAPSHOT/bin/lkp" ]; then
	skip "no lkp-tests at $SNAPSHOT (set FABENCH_LKP_TESTS to an lkp-tests tree)"
	finish
	exit
fi
if dpkg-query -W -f='${Status}' fabench-lkp 2>/dev/null | grep -q "ok installed"; then
	skip "a fabench-lkp package is installed here (a real LKP box?): not replacing it"
	finish
	exit
fi
if ! bench/install-deps.sh lkp >"$WORK/install-deps.log" 2>&1 || ! command -v ruby >/dev/null; then
	bad "bench/install-deps.sh lkp: the Debian packages of lkp-tests" "$(tail -5 "$WORK/install-deps.log")"
	finish
	exit
fi

# the tree, as lkp-tests.README.md says it runs offline: its event
# helper built, a host file for this box
export LKP_SRC=$WORK/lkp-tests HOSTNAME=$HOST
cp -a "$SNAPSHOT" "$LKP_SRC"
make -s -C "$LKP_SRC/bin/event" wakeup >"$WORK/wakeup.log" 2>&1 ||
	bad "make -C bin/event wakeup" "$(cat "$WORK/wakeup.log")"
printf 'nr_cpu: %s\nmemory: %sG\nlocal_run: 1\n' "$(nproc)" \
	"$(awk '/MemTotal/ { print int($2 / 1048576) }' /proc/meminfo)" >"$LKP_SRC/hosts/$HOST"
lkp() { "$LKP_SRC/bin/lkp" "$@"; }

expect_run "make lkp-install DEST=<copy of lkp-tests>" 0 "fabench's LKP program in" \
	make -s lkp-install DEST="$LKP_SRC"
expect_run "make lkp-install again: nothing registered twice" 0 "fabench's LKP program in" \
	make -s lkp-install DEST="$LKP_SRC"
n=$(grep -cx fabench "$LKP_SRC/etc/linux-perf-test-cases")
m=$(grep -cx 'fabench::' "$LKP_SRC/distro/adaptation-pkg/debian")
if [ "$n" = 1 ] && [ "$m" = 1 ]; then
	ok "fabench registered once as a testcase and as an LKP package"
else
	bad "fabench registered $n times in etc/linux-perf-test-cases, $m in distro/adaptation-pkg/debian"
fi
expect_run "make lkp-install DEST=<not lkp-tests>: refused" 1 "not an lkp-tests tree" \
	contrib/lkp/install.sh "$WORK"

# /lkp: results and benchmarks, a real directory (lkp-tests.README.md);
# a bind mount of the scratch directory, over an existing one too
mkdir -p "$WORK/lkp-root"
if [ ! -e /lkp ]; then
	mkdir /lkp && made_lkp=1
fi
[ -e /tmp/lkp ] || made_tmp_lkp=1
[ -e "$LKP_TMP_USER" ] || made_tmp_lkp_user=1
if mount --bind "$WORK/lkp-root" /lkp; then
	mounted=1
else
	bad "mount --bind $WORK/lkp-root /lkp"
	finish
	exit
fi

# split-job: the quick job's two atomic jobs
mkdir -p "$WORK/split"
(cd "$WORK/split" && lkp split-job "$LKP_SRC/jobs/fabench-quick.yaml") >"$WORK/split.log" 2>&1
echo "     split-job $LKP_SRC/jobs/fabench-quick.yaml:"
grep ' => ' "$WORK/split.log" | sed "s|$LKP_SRC/||; s/^/       /"
none_job=$(ls "$WORK"/split/fabench-quick-*-none.yaml 2>/dev/null)
wp_job=$(ls "$WORK"/split/fabench-quick-*-wp.yaml 2>/dev/null)
if [ -f "$none_job" ] && [ -f "$wp_job" ] && [ "$(grep -c ' => ' "$WORK/split.log")" = 2 ]; then
	ok "split-job: two atomic jobs, uffd none and wp"
else
	bad "split-job: expected two atomic jobs (uffd none and wp)" "$(grep -v WARN "$WORK/split.log")"
	finish
	exit
fi

# lkp install: fabench's depends and its package (makepkg clones HEAD)
head=$(git rev-parse --short=7 HEAD)
(cd "$WORK" && lkp install --skip-base "$LKP_SRC/programs/fabench") >"$WORK/install.log" 2>&1
dpkg-query -W -f='${Status}' fabench-lkp 2>/dev/null | grep -q "ok installed" && installed=1
if [ -x /lkp/benchmarks/fabench/fabench ] && [ "$installed" = 1 ]; then
	ok "lkp install: /lkp/benchmarks/fabench/fabench, package fabench-lkp (built from HEAD $head)"
else
	bad "lkp install --skip-base programs/fabench" "$(tail -30 "$WORK/install.log")"
	finish
	exit
fi

# lkp run LABEL JOB: one run; prints its result root
run_job() {
	local log=$WORK/run-$1-$RANDOM.log
	# (in WORK: lkp run leaves a "result" link in its working directory)
	(cd "$WORK" && lkp run -s "commit: $1" "$2") >"$log" 2>&1
	sed -n 's/^results: \(.*\)\/fabench.results\/.*/\1/p' "$log" | tail -1
}

# stat RT KEY: KEY's value in RT/stats.json (empty if absent)
stat() {
	ruby -rjson -e 'v = JSON.parse(File.read(ARGV[0]))[ARGV[1]]; puts v unless v.nil?' \
		"$1/stats.json" "$2"
}

# failed_state RT: the lines of RT/last_state that say the job failed
failed_state() {
	[ -f "$1/last_state" ] && grep -E 'exit_code|is_incomplete_run|soft_timeout|OOM' "$1/last_state"
}

KEYS="fabench.fault_read.ns_per_page fabench.fault_read.pages_per_fault
	fabench.fault_read.pages_per_sec fabench.fault_read.faults"
rts=()
for label in base base base next next next; do
	rts+=("$(run_job "$label" "$none_job")")
done
good=0
for rt in "${rts[@]}"; do
	missing=""
	for k in $KEYS; do
		[ -n "$(stat "$rt" "$k")" ] || missing="$missing $k"
	done
	if [ -z "$rt" ] || [ ! -f "$rt/stats.json" ]; then
		bad "lkp run: no result root with stats.json" "$(ls "$WORK"/run-*.log)"
	elif [ -n "$missing" ]; then
		bad "lkp run $rt: stats.json lacks$missing"
	elif failed_state "$rt" >/dev/null; then
		bad "lkp run $rt: last_state says it failed" "$(cat "$rt/last_state")"
	elif ruby -rjson -e 'exit(JSON.parse(File.read(ARGV[0])).keys.any? { |k| k =~ /^fabench\..*\.(error|fail)$/ } ? 1 : 0)' \
		"$rt/stats.json"; then
		good=$((good + 1))
	else
		bad "lkp run $rt: a fabench failure stat in a clean run"
	fi
done
[ "$good" = 6 ] && ok "lkp run x6 (commit: base x3, next x3): stats.json has $(wc -w <<<"$KEYS") fabench keys, no failure stat, no failure in last_state"
rt=${rts[0]}
echo "     stats keys of $rt/stats.json:"
ruby -rjson -e 'JSON.parse(File.read(ARGV[0])).each { |k, v| puts "       #{k}: #{v}" if k.start_with?("fabench.") }' \
	"$rt/stats.json"

# LKP's numbers are fabench's: parse's ns_per_page is the mean in the
# run's own summary.csv (a parse that read the wrong column, point or
# statistic would differ)
dir=$rt/fabench.results/latest
lkp_v=$(stat "$rt" fabench.fault_read.ns_per_page)
own_v=$(summary_mean "$dir" ns_per_page)
ppf_v=$(stat "$rt" fabench.fault_read.pages_per_fault)
own_ppf=$(summary_mean "$dir" pages_per_fault)
if awk -v a="$lkp_v" -v b="$own_v" -v c="$ppf_v" -v d="$own_ppf" \
	'BEGIN { exit !(a > 0 && (a - b) / b < 1e-5 && (b - a) / b < 1e-5 && c == d) }'; then
	ok "stats.json ns_per_page $lkp_v, pages_per_fault $ppf_v: summary.csv's means ($own_v, $own_ppf)"
else
	bad "stats.json ns_per_page $lkp_v pages_per_fault $ppf_v, summary.csv $own_v $own_ppf"
fi
# stats.json's fabench keys (LKP's own fabench.time.* aside) are those
# fabench lkp-stats prints for the run; LKP leaves out what is 0 in every
# run, nothing else
"$FABENCH" lkp-stats "$dir" | grep -v '^#' | sed 's/^/fabench./' >"$WORK/lkp-stats.txt"
ruby -rjson -e 'JSON.parse(File.read(ARGV[0])).each_key { |k| puts k if k =~ /^fabench\./ && k !~ /^fabench\.time\./ }' \
	"$rt/stats.json" | sort >"$WORK/lkp-keys.txt"
extra=$(comm -13 <(sed 's/: .*//' "$WORK/lkp-stats.txt" | sort) "$WORK/lkp-keys.txt")
lost=$(comm -23 <(grep -v ': 0$' "$WORK/lkp-stats.txt" | sed 's/: .*//' | sort) "$WORK/lkp-keys.txt")
if [ -z "$extra$lost" ] && [ -s "$WORK/lkp-keys.txt" ]; then
	ok "stats.json: the $(wc -l <"$WORK/lkp-keys.txt") fabench keys of fabench lkp-stats (its $(grep -c ': 0$' "$WORK/lkp-stats.txt") zeros left out by LKP)"
else
	bad "stats.json's fabench keys differ from fabench lkp-stats'" \
		"$(printf 'in stats.json only: %s\nnon-zero, not in stats.json: %s' "$extra" "$lost")"
fi

# the other atomic job: LKP passed its uffd: wp through (its summary.csv
# has the point at uffd=wp), and stats.json's pages_per_fault is that
# point's.  Not that wp maps fewer pages than none: a kernel before 5.19,
# or fault_around_bytes 4096, maps as many.
rt_wp=$(run_job base "$wp_job")
ppf_wp=$(stat "$rt_wp" fabench.fault_read.pages_per_fault)
own_wp=$(summary_mean "$rt_wp/fabench.results/latest" pages_per_fault uffd=wp)
if [ -n "$ppf_wp" ] && [ "$ppf_wp" = "$own_wp" ]; then
	ok "uffd=wp job: a uffd=wp point, pages_per_fault $ppf_wp (none: $ppf_v), as its summary.csv says"
else
	bad "uffd=wp job: pages_per_fault '$ppf_wp', its summary.csv's uffd=wp point '$own_wp'"
fi

# a correctness failure through LKP: a lost write planted in uffd-wp dirty
# tracking must reach stats.json as a failure stat (etc/failure's pattern)
mkdir -p "$WORK/split-planted"
cat >"$WORK/fabench-planted.yaml" <<'EOF'
suite: fabench
testcase: fabench
category: benchmark

fabench:
  section: dirty_uffd_wp
  size: 4M
  pages: 256
  repeat: 1
  plant_lost_write: 'yes'
EOF
(cd "$WORK/split-planted" && lkp split-job "$WORK/fabench-planted.yaml") >"$WORK/split-planted.log" 2>&1
planted_jobs=("$WORK"/split-planted/*.yaml)
rt_p=$(run_job planted "${planted_jobs[0]}")
missed=$(stat "$rt_p" fabench.dirty_uffd_wp.missed)
flag=$(stat "$rt_p" fabench.dirty_uffd_wp.missed.fail)
if [ "${missed:-0}" -gt 0 ] 2>/dev/null && [ "$flag" = 1 ] &&
	grep -qEf <(sed 's/^/^/' "$LKP_SRC/etc/failure") <<<"fabench.dirty_uffd_wp.missed.fail"; then
	ok "planted lost write: stats.json missed $missed, missed.fail 1 (an etc/failure name)"
else
	bad "planted lost write: stats.json missed '$missed', missed.fail '$flag'" \
		"$(cat "$rt_p/last_state" 2>/dev/null)"
fi

# ncompare: LKP's own comparison of the two labels, 3 runs a side
(cd "$WORK" && lkp ncompare base next) >"$WORK/ncompare.log" 2>&1
rc=$?
echo "     lkp ncompare base next:"
sed 's/^/       /' "$WORK/ncompare.log" | head -40
if [ $rc -eq 0 ] && grep -q '%change' "$WORK/ncompare.log" &&
	grep -q 'testcase' "$WORK/ncompare.log" && grep -qE '^ +base +next' "$WORK/ncompare.log"; then
	ok "lkp ncompare base next: a comparison table of the two labels"
else
	bad "lkp ncompare base next (exit $rc)" "$(cat "$WORK/ncompare.log")"
fi

finish
