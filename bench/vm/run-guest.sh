#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run-guest.sh: boot a kernel under QEMU with fabench in its initramfs, run
# one job and bring the result directory back to the host.  One runner for
# both architectures (x86_64 and arm64).
#
#   run-guest.sh [options]
#     --arch x86_64|arm64     guest architecture (default: the host's)
#     --kernel NAME|PATH      a built variant (build/kernels/ARCH/NAME), a
#                             Debian arm64 kernel (debian-6.12, debian-6.1)
#                             or an image path (default: stock)
#     --config FILE           fabench config run in the guest
#                             (default configs/vm-quick.conf)
#     --label TEXT            result label (default: the kernel name)
#     --mode bench|knobtest|ktest
#                             knobtest: the knob-restore test, no results;
#                             ktest: the kernel tests (tests/kernel/), each
#                             binary's output brought back (x86_64 only)
#     --accel auto|kvm|tcg|icount
#                             auto: KVM only if a probe boot proves it works;
#                             icount: TCG whose guest clock counts
#                             instructions (-icount shift=0,sleep=off: 1 ns
#                             of guest time per instruction), one vCPU
#     --smp N                 vCPUs (default 2, icount 1: icount runs the
#                             vCPUs round-robin on one host thread)
#     --touch-loop MIB        bench: after fabench, run bench/vm/touch_loop.c
#                             (the least a program does to take fault_read's
#                             faults) on a MIB memfd; its lines go to
#                             touch-loop.txt in the result directory
#     --timeout SECONDS       whole boot, default 1800
#     --results DIR           where result directories go (default results)
#     --fabench BIN           static fabench for ARCH (default: built by make)
#     --ktests DIR            ktest: the test binaries (default
#                             build/guest-tests, built by make guest-tests)
#     --ktest-out DIR         ktest: write NAME.log (the binary's whole
#                             output) and NAME.status ("rc=N secs=N", or
#                             "no-end" when the guest stopped during it, or
#                             "not-run") per binary, and console.txt, into
#                             DIR instead of printing the logs
#     --ktest-timeout SECONDS ktest: per binary, in the guest (default 600)
#
# Exit: 0 done; 4 the guest's fabench found a correctness failure (the
# result is still imported); 3 (ktest) some test binary exited non-zero;
# 1 the guest panicked, hung, or returned a partial result (its last
# console lines are shown; in ktest mode the logs are written first);
# 2 bad usage; 5 the result could not be written into RESULTS (disk full:
# one line names what failed, nothing imported).
set -euo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
ARCH=$(uname -m)
KERNEL=stock
CONFIG=configs/vm-quick.conf
LABEL=
MODE=bench
ACCEL=${FABENCH_VM_ACCEL:-auto}
TIMEOUT=1800
RESULTS=results
FABENCH=
KTESTS=
KTEST_OUT=
KTEST_TIMEOUT=600
TOUCH_LOOP=
MEM_MIB=${FABENCH_VM_MEM:-2048}
SMP=
PROBE_TIMEOUT=${FABENCH_KVM_PROBE_TIMEOUT:-20}

die() {
	echo "run-guest: $*" >&2
	exit 2
}

parse_args() {
	while [ $# -gt 0 ]; do
		[ $# -ge 2 ] || die "$1 needs a value"
		case "$1" in
		--arch) ARCH=$2 ;;
		--kernel) KERNEL=$2 ;;
		--config) CONFIG=$2 ;;
		--label) LABEL=$2 ;;
		--mode) MODE=$2 ;;
		--accel) ACCEL=$2 ;;
		--smp) SMP=$2 ;;
		--touch-loop) TOUCH_LOOP=$2 ;;
		--timeout) TIMEOUT=$2 ;;
		--results) RESULTS=$2 ;;
		--fabench) FABENCH=$2 ;;
		--ktests) KTESTS=$2 ;;
		--ktest-out) KTEST_OUT=$2 ;;
		--ktest-timeout) KTEST_TIMEOUT=$2 ;;
		*) die "unknown option $1 (see the top of $0)" ;;
		esac
		shift 2
	done
	case "$ARCH" in
	x86_64 | amd64) ARCH=x86_64 ;;
	arm64 | aarch64) ARCH=arm64 ;;
	*) die "--arch $ARCH: expected x86_64 or arm64" ;;
	esac
	case "$MODE" in
	bench | knobtest | ktest | selftest-panic | selftest-hang | selftest-partial) ;;
	*) die "--mode $MODE: expected bench, knobtest or ktest" ;;
	esac
	# the kernel tests link glibc and libcmocka dynamically (Makefile:
	# guest-tests): their libraries come from the host, which must be
	# the guest's architecture
	[ "$MODE" != ktest ] || [ "$ARCH" = "$(uname -m)" ] ||
		die "--mode ktest: only for guests of the host's architecture ($(uname -m))"
	case "$ACCEL" in auto | kvm | tcg | icount | tcg:* | kvm:* | icount:*) ;; *) die "--accel $ACCEL: expected auto, kvm, tcg or icount" ;; esac
	[ "${ACCEL%%:*}" = icount ] && SMP=${SMP:-1}
	SMP=${SMP:-2}
	[[ "$SMP" =~ ^[1-9][0-9]*$ ]] || die "--smp $SMP: expected a number of vCPUs"
	[[ "$TIMEOUT" =~ ^[0-9]+$ ]] || die "--timeout $TIMEOUT: expected seconds"
	[[ "$KTEST_TIMEOUT" =~ ^[1-9][0-9]*$ ]] || die "--ktest-timeout $KTEST_TIMEOUT: expected seconds"
	[ -z "$TOUCH_LOOP" ] || [[ "$TOUCH_LOOP" =~ ^[1-9][0-9]*$ ]] || die "--touch-loop $TOUCH_LOOP: expected MiB"
	[ -z "$TOUCH_LOOP" ] || [ "$ARCH" = x86_64 ] || die "--touch-loop: x86_64 guests only"
	[ "$MODE" != bench ] || [ -f "$CONFIG" ] || die "--config $CONFIG: no such file"
	LABEL=${LABEL:-$(basename "$KERNEL")}
}

# resolve_kernel: KERNEL -> IMAGE (and KNAME, the variant or package name)
resolve_kernel() {
	local img=Image
	[ "$ARCH" = x86_64 ] && img=bzImage
	KNAME=$(basename "$KERNEL")
	if [ -f "$KERNEL" ]; then
		IMAGE=$KERNEL
	elif [ -f "$TOP/build/kernels/$ARCH/$KERNEL/$img" ]; then
		IMAGE=$TOP/build/kernels/$ARCH/$KERNEL/$img
	elif [[ "$KERNEL" == debian-* ]] && [ "$ARCH" = arm64 ]; then
		IMAGE=$("$TOP/bench/vm/fetch-arm64-deb.sh" --kernel "${KERNEL#debian-}")
	else
		echo "run-guest: no kernel '$KERNEL' for $ARCH: build it with" \
			"'make kernels ARCH=$ARCH VARIANTS=$KERNEL' or give an image path" >&2
		exit 2
	fi
}

# The static fabench and busybox for the guest architecture.
resolve_binaries() {
	if [ "$ARCH" = x86_64 ]; then
		FABENCH=${FABENCH:-$TOP/build/fabench-static}
		[ -n "${FABENCH_SKIP_BUILD:-}" ] || make -s -C "$TOP" ARCH=x86_64 static >&2
		BUSYBOX=/bin/busybox
		[ -x "$BUSYBOX" ] || die "no /bin/busybox: install busybox-static"
	else
		FABENCH=${FABENCH:-$TOP/build-arm64/fabench}
		[ -n "${FABENCH_SKIP_BUILD:-}" ] || make -s -C "$TOP" ARCH=arm64 >&2
		BUSYBOX=$("$TOP/bench/vm/fetch-arm64-deb.sh" --busybox)
	fi
	[ "$MODE" = ktest ] || return 0
	if [ -z "$KTESTS" ]; then
		KTESTS=$TOP/build/guest-tests
		make -s -C "$TOP" ARCH=x86_64 guest-tests >&2
	fi
	[ -d "$KTESTS" ] || die "--ktests $KTESTS: no such directory"
}

# ktest_files: the test binaries (debug info stripped: a smaller initramfs
# boots faster under TCG) and every shared library they load, with the
# dynamic loader, at the paths ldd names; sets KTEST_FILES and writes
# WORK/ktests.list (the binaries' names, in the guest's order)
ktest_files() {
	local t name lib libs=() seen=" "
	KTEST_FILES=()
	mkdir -p "$WORK/ktest-bin"
	: >"$WORK/ktests.list"
	for t in "$KTESTS"/*; do
		{ [ -f "$t" ] && [ -x "$t" ]; } || continue
		name=$(basename "$t")
		strip --strip-debug -o "$WORK/ktest-bin/$name" "$t" 2>/dev/null ||
			cp "$t" "$WORK/ktest-bin/$name"
		chmod 755 "$WORK/ktest-bin/$name"
		KTEST_FILES+=("$WORK/ktest-bin/$name:/fabench/ktest/$name")
		echo "$name" >>"$WORK/ktests.list"
		# "libx.so.N => /path (0x...)" and the loader's "/path (0x...)"
		file -L "$t" | grep -q "dynamically linked" || continue
		for lib in $(ldd "$t" | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) .*/\1/p'); do
			case "$seen" in *" $lib "*) continue ;; esac
			seen="$seen$lib "
			libs+=("$lib")
			KTEST_FILES+=("$lib:$lib")
		done
	done
	[ -s "$WORK/ktests.list" ] || die "--ktests $KTESTS: no test binaries"
	echo "run-guest: ktest: $(wc -l <"$WORK/ktests.list") test binaries;" \
		"dynamic libraries packed with them: ${libs[*]:-none}" >&2
}

# qemu_cmd ACCEL: the QEMU command line, without the initrd and append
qemu_cmd() {
	local accel=$1 icount=()
	# shellcheck disable=SC2054
	[ "$accel" = icount ] && accel=tcg icount=(-icount shift=0,sleep=off)
	if [ "$ARCH" = x86_64 ]; then
		QEMU=(qemu-system-x86_64 -accel "$accel")
		[ "$accel" = kvm ] && QEMU+=(-cpu host)
		[ "$accel" = tcg ] && QEMU+=(-cpu max)
		CONSOLE=ttyS0
	else
		# without pauth-impdef every emulated fault is about 6x slower
		# shellcheck disable=SC2054
		QEMU=(qemu-system-aarch64 -M virt -accel "$accel" -cpu max,pauth-impdef=on)
		[ "$accel" = kvm ] && QEMU=(qemu-system-aarch64 -M virt -accel kvm -cpu host)
		CONSOLE=ttyAMA0
	fi
	QEMU+=("${icount[@]}" -m "$MEM_MIB" -smp "$SMP" -display none -monitor none
		-no-reboot -kernel "$IMAGE")
}

# boot LOG INITRD TIMEOUT ACCEL MODE: run QEMU; its console goes to LOG
boot() {
	local log=$1 initrd=$2 limit=$3 accel=$4 mode=$5 quiet=loglevel=1
	qemu_cmd "$accel"
	# a printk in the middle of the base64 would spoil the result
	"${QEMU[@]}" -initrd "$initrd" -serial "file:$log" \
		-append "console=$CONSOLE panic=-1 $quiet fabench.mode=$mode fabench.label=$LABEL fabench.time=$(date +%s) fabench.ktest_timeout=$KTEST_TIMEOUT${TOUCH_LOOP:+ fabench.touch_loop=$TOUCH_LOOP}" \
		</dev/null >"$log.qemu" 2>&1 &
	QEMU_PID=$!
	local rc=0
	wait_for_qemu "$limit" || rc=$?
	return $rc
}

# wait_for_qemu LIMIT: wait, showing the guest's progress; 124 on timeout
wait_for_qemu() {
	local limit=$1 start=$SECONDS shown=0
	while kill -0 "$QEMU_PID" 2>/dev/null; do
		if [ $((SECONDS - start)) -ge "$limit" ]; then
			kill -TERM "$QEMU_PID" 2>/dev/null || true
			sleep 1
			kill -KILL "$QEMU_PID" 2>/dev/null || true
			wait "$QEMU_PID" 2>/dev/null || true
			return 124
		fi
		[ -n "$SHOW" ] && shown=$(show_progress "$LOG" "$shown")
		sleep 1
	done
	wait "$QEMU_PID" || return $?
	[ -n "$SHOW" ] && show_progress "$LOG" "$shown" >/dev/null
	return 0
}

# show_progress LOG SHOWN: print the console lines after the first SHOWN,
# not the base64 (the whole log is read: a block spans calls)
show_progress() {
	local total
	[ -f "$1" ] || { echo "$2"; return; }
	total=$(wc -l <"$1")
	if [ "$total" -gt "$2" ]; then
		head -n "$total" "$1" | tr -d '\r' | awk -v from="$2" '
			/^FABENCH-RESULT-BEGIN/ { if (NR > from) print "guest| " $0 " ..."; skip = 1; next }
			/^FABENCH-RESULT-END/ { skip = 0; next }
			!skip && NR > from { print "guest| " $0 }' >&2
	fi
	echo "$total"
}

# choose_accel: KVM only when a short probe boot reaches user space.
# FABENCH_KVM_DEVICE stands in for /dev/kvm in tests of the fallback.
choose_accel() {
	local kvm=${FABENCH_KVM_DEVICE:-/dev/kvm}
	case "$ACCEL" in
	tcg:* | kvm:* | icount:*) ACCEL_REASON=${ACCEL#*:}; ACCEL=${ACCEL%%:*}; return ;;
	tcg) ACCEL_REASON="forced by --accel tcg"; return ;;
	icount) ACCEL_REASON="--accel icount: TCG, guest time counts instructions"; return ;;
	kvm) ACCEL_REASON="forced by --accel kvm"; return ;;
	esac
	ACCEL=tcg
	if [ "$ARCH" != "$(uname -m | sed 's/aarch64/arm64/')" ]; then
		ACCEL_REASON="guest $ARCH on a $(uname -m) host"
	elif [ ! -e "$kvm" ]; then
		ACCEL_REASON="no $kvm"
	elif [ ! -w "$kvm" ]; then
		ACCEL_REASON="$kvm not writable"
	else
		probe_kvm
	fi
	echo "run-guest: accel $ACCEL ($ACCEL_REASON)" >&2
}

# probe_kvm: boot the real kernel and initramfs under KVM with nothing to
# do; a nested or broken KVM hangs or fails, and then TCG it is
probe_kvm() {
	local log=$WORK/kvm-probe.log rc=0 why
	echo "run-guest: probing KVM (${PROBE_TIMEOUT} s at most)" >&2
	SHOW='' boot "$log" "$INITRD" "$PROBE_TIMEOUT" kvm probe || rc=$?
	if grep -q FABENCH-GUEST-EXIT "$log" 2>/dev/null; then
		ACCEL=kvm
		ACCEL_REASON="a KVM probe boot reached user space"
		return
	fi
	if [ "$rc" -eq 124 ]; then
		why="did not reach user space within ${PROBE_TIMEOUT} s"
	else
		why="failed: $(grep -m1 . "$log.qemu" 2>/dev/null || echo "qemu exit $rc")"
	fi
	ACCEL_REASON="a KVM probe boot $why"
}

# vm.json: how this guest was booted, for meta.json and the report; clock
# says what a time metric of this run measured
write_vm_meta() {
	local times="measured under KVM" clock="time"
	[ "$ACCEL" = tcg ] && times="emulated: compare counts, not times" clock="emulated time"
	if [ "$ACCEL" = icount ]; then
		times="instructions: 1 ns of guest time per instruction executed (QEMU -icount shift=0,sleep=off); no cache, TLB or memory cost"
		clock="instructions"
		[ "$SMP" = 1 ] || times="$times; $SMP vCPUs take turns on one host thread, so a point's threads add their instructions"
	fi
	jq -n --arg arch "$ARCH" --arg kernel "$KNAME" --arg image "$IMAGE" \
		--arg sha "$(sha256sum "$IMAGE" | cut -c1-16)" \
		--arg accel "$ACCEL" --arg reason "$ACCEL_REASON" --arg times "$times" \
		--arg clock "$clock" --arg qemu "$("${QEMU[0]}" --version | head -1)" \
		--argjson mem "$MEM_MIB" --argjson smp "$SMP" \
		'{arch: $arch, kernel: $kernel, image: $image, image_sha256: $sha,
		  accel: $accel, accel_reason: $reason, clock: $clock, times: $times,
		  qemu: $qemu, memory_mib: $mem, cpus: $smp, runner: "bench/vm/run-guest.sh"}' \
		>"$WORK/vm.json"
}

pack() {
	local files=("$WORK/vm.json:/fabench/vm.json"
		"$TOP/configs/vm-knob.conf:/fabench/knob.conf")
	[ "$MODE" = bench ] && files+=("$CONFIG:/fabench/bench.conf")
	[ -n "$TOUCH_LOOP" ] && files+=("$TOP/build/touch-loop-static:/fabench/touch-loop")
	[ "$MODE" = ktest ] && files+=("${KTEST_FILES[@]}")
	"$TOP/bench/vm/initramfs.sh" "$INITRD" "$BUSYBOX" "$FABENCH" "${files[@]}"
}

# guest_failed WHY: the error, with the guest's last console lines
guest_failed() {
	echo "run-guest: $KNAME ($ARCH, $ACCEL): $1" >&2
	echo "run-guest: last console lines ($LOG):" >&2
	grep -v '^[A-Za-z0-9+/=]\{60,\}$' "$TEXT" | tail -n 25 | sed 's/^/  | /' >&2
	[ -s "$LOG.qemu" ] && sed 's/^/  qemu: /' "$LOG.qemu" >&2
	exit 1
}

# ktest_extract: each binary's block from the console, into KTEST_OUT (or
# a scratch directory, printed); a binary whose END line never came was
# cut short (guest crash or hang): its log runs to the end of the console
ktest_extract() {
	local dir=${KTEST_OUT:-$WORK/ktest-out} name status secs
	mkdir -p "$dir"
	cp "$TEXT" "$dir/console.txt"
	while read -r name; do
		awk -v name="$name" -v out="$dir/$name.log" -v st="$dir/$name.status" '
			$1 == "FABENCH-KTEST-BEGIN" && $2 == name { on = 1; began = 1; next }
			on && $1 == "FABENCH-KTEST-END" && $2 == name {
				print $3 " " $4 >st; ended = 1; exit
			}
			on { print >out }
			END {
				if (!began) print "not-run" >st
				else if (!ended) print "no-end" >st
			}' "$TEXT"
		touch "$dir/$name.log"
		status=$(cat "$dir/$name.status")
		secs=$(sed -n 's/.*secs=\([0-9]*\).*/\1/p' <<<"$status")
		echo "ktest: $name: ${status%% *}${secs:+ (${secs} s)}"
		if [ -z "$KTEST_OUT" ]; then
			sed 's/^/  | /' "$dir/$name.log"
		fi
	done <"$WORK/ktests.list"
	[ -z "$KTEST_OUT" ] || echo "ktest: logs in $KTEST_OUT"
}

# df_reason DIR: why a write into DIR failed, as far as the shell can tell
df_reason() {
	if [ "$(df --output=avail "$1" 2>/dev/null | tail -1)" = 0 ]; then
		echo "No space left on device"
	else
		echo "write error"
	fi
}

# import_failed TMP WHAT: a write into RESULTS failed; nothing imported
import_failed() {
	rm -rf "$1"
	echo "run-guest: writing $2; nothing imported" >&2
	exit 5
}

# write_owner DIR: who writes DIR ("PID START BOOT_ID", as fabench's
# resultdir.c writes it), so a later run or `fabench restore` removes it
# once this script is gone (killed mid-import)
write_owner() {
	local start boot
	start=$(sed 's/.*) //' "/proc/$$/stat" | cut -d' ' -f20)
	read -r boot </proc/sys/kernel/random/boot_id
	echo "$$ $start $boot" >"$1/.owner"
}

# import: decode, check and unpack the result; rename into RESULTS
import_result() {
	local begin name size sum got tmp err
	begin=$(grep -m1 '^FABENCH-RESULT-BEGIN ' "$TEXT") ||
		guest_failed "the guest sent no result"
	read -r _ name size sum <<<"$begin"
	[[ "$name" =~ ^[A-Za-z0-9._+-]+$ ]] || guest_failed "bad result name '$name'"
	grep -q '^FABENCH-RESULT-END' "$TEXT" ||
		guest_failed "partial result: no end marker"
	awk '/^FABENCH-RESULT-BEGIN/ { on = 1; next }
		/^FABENCH-RESULT-END/ { exit } on' "$TEXT" | base64 -d >"$WORK/result.tgz" 2>/dev/null ||
		guest_failed "partial result: base64 does not decode"
	got=$(sha256sum "$WORK/result.tgz" | cut -d' ' -f1)
	if [ "$got" != "$sum" ] || [ "$(wc -c <"$WORK/result.tgz")" != "$size" ]; then
		guest_failed "partial result: $size bytes / $sum announced, got $(wc -c <"$WORK/result.tgz") / $got"
	fi
	err=$(mkdir -p "$RESULTS" 2>&1) || { echo "run-guest: $err" >&2; exit 1; }
	tmp=$(mktemp -d --suffix=.tmp "$RESULTS/.import.XXXXXX" 2>&1) ||
		{ echo "run-guest: $tmp" >&2; exit 1; }
	# every write checked: tar, the console log, the flush to disk
	write_owner "$tmp" 2>/dev/null || import_failed "$tmp" "$tmp/.owner: $(df_reason "$RESULTS")"
	# tar's line with the errno (its first may be "Wrote only N of M bytes")
	err=$(tar xzf "$WORK/result.tgz" -C "$tmp" 2>&1) ||
		import_failed "$tmp" "$( (grep -m1 -E 'Cannot|error' <<<"$err" || head -1 <<<"$err") |
			sed "s|^tar: |$tmp/|")"
	for f in meta.json samples.csv summary.csv; do
		[ -s "$tmp/$name/$f" ] || { rm -rf "$tmp"; guest_failed "partial result: no $f"; }
	done
	[ -e "$RESULTS/$name" ] && { rm -rf "$tmp"; guest_failed "$RESULTS/$name exists"; }
	awk '/^FABENCH-RESULT-BEGIN/ { skip = 1 } !skip
		/^FABENCH-RESULT-END/ { skip = 0 }' "$TEXT" >"$tmp/$name/guest-console.log" 2>/dev/null ||
		import_failed "$tmp" "$tmp/$name/guest-console.log: $(df_reason "$RESULTS")"
	err=$(find "$tmp/$name" -type f -exec sync -- {} + 2>&1 && sync -- "$tmp/$name" 2>&1) ||
		import_failed "$tmp" "$RESULTS: sync: $err"
	err=$(mv -T "$tmp/$name" "$RESULTS/$name" 2>&1) || import_failed "$tmp" "$RESULTS/$name: $err"
	rm -rf "$tmp"
	if ! ln -sfn "$name" "$RESULTS/latest" || ! sync -- "$RESULTS"; then
		echo "run-guest: writing $RESULTS/latest failed" >&2
		exit 5
	fi
	echo "results: $RESULTS/$name"
}

main() {
	parse_args "$@"
	resolve_kernel
	resolve_binaries
	mkdir -p "$TOP/build/vm"
	WORK=$(mktemp -d "$TOP/build/vm/$ARCH-$KNAME.XXXXXX")
	trap 'kill -KILL ${QEMU_PID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT
	trap 'exit 130' INT TERM
	INITRD=$WORK/initramfs.cpio.gz
	LOG=$WORK/console.log
	ACCEL_REASON=
	SHOW=1
	# the probe boot needs an initramfs; vm.json is rewritten once known
	echo '{}' >"$WORK/vm.json"
	[ "$MODE" = ktest ] && ktest_files
	pack
	choose_accel
	qemu_cmd "$ACCEL"
	write_vm_meta
	pack
	echo "run-guest: booting $KNAME ($ARCH, $ACCEL), timeout ${TIMEOUT} s" >&2
	local rc=0
	boot "$LOG" "$INITRD" "$TIMEOUT" "$ACCEL" "$MODE" || rc=$?
	# the console without carriage returns, read by everything below
	TEXT=$WORK/console.txt
	tr -d '\r' <"$LOG" >"$TEXT"
	# what the tests said comes back even when the guest died among them
	[ "$MODE" = ktest ] && ktest_extract
	[ $rc -eq 124 ] && guest_failed "guest hung: no power-off within ${TIMEOUT} s"
	grep -q 'Kernel panic' "$TEXT" && guest_failed "guest kernel panicked"
	local exit_line guest_rc
	exit_line=$(grep -m1 '^FABENCH-GUEST-EXIT ' "$TEXT") ||
		guest_failed "guest stopped before its job ended (qemu exit $rc)"
	guest_rc=$(echo "$exit_line" | cut -d' ' -f2)
	case "$MODE" in
	knobtest) grep '^KNOBTEST' "$TEXT" ;;
	ktest) ;;
	*) import_result ;;
	esac
	case "$guest_rc" in
	0) return 0 ;;
	3) [ "$MODE" = ktest ] || guest_failed "the guest's job failed (exit 3)"
	   echo "run-guest: some kernel tests failed in the guest (exit 3)" >&2
	   return 3 ;;
	4) echo "run-guest: the guest's fabench reported a correctness failure (exit 4)" >&2
	   return 4 ;;
	*) guest_failed "the guest's job failed (exit $guest_rc)" ;;
	esac
}

main "$@"
