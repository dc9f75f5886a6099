#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# vm-compare.sh [--arch ARCH] [--config FILE] [VARIANT...]
# Every kernel variant in turn (built if needed, cached otherwise), one
# guest run each of the same config, then `fabench variants` over the
# result directories: the side-by-side report, written next to them.
# The accelerator is chosen once (the first boot's probe) for all runs, so
# the variants are measured alike.
set -euo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
ARCH=x86_64
CONFIG=configs/vm-quick.conf
RESULTS=${RESULTS:-results}

while [ $# -gt 0 ]; do
	case "$1" in
	--arch) ARCH=$2; shift 2 ;;
	--config) CONFIG=$2; shift 2 ;;
	-*) echo "vm-compare: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || set -- stock armed-off fa-wp fa-wp-fixed fa-wp-nomarker preunmap-removal
[ -f "$CONFIG" ] || { echo "vm-compare: --config $CONFIG: no such file" >&2; exit 2; }

"$TOP/bench/vm/kernels.sh" --arch "$ARCH" "$@"

dirs=()
status=0
failed=""
for variant in "$@"; do
	rc=0
	out=$("$TOP/bench/vm/run-guest.sh" --arch "$ARCH" --kernel "$variant" \
		--config "$CONFIG" --results "$RESULTS" | tee /dev/stderr) || rc=$?
	# 4: a correctness failure in that kernel is a finding, not a stop
	case $rc in
	0) ;;
	4) failed="$failed $variant"
	   status=4 ;;
	*) exit "$rc" ;;
	esac
	dir=$(sed -n 's/^results: //p' <<<"$out" | tail -1)
	dirs+=("$dir")
	if [ -z "${FABENCH_VM_ACCEL:-}" ]; then
		# the first run's probe decides for the rest
		FABENCH_VM_ACCEL="$(jq -r '.vm.accel + ":" + .vm.accel_reason' "$dir/meta.json")"
		export FABENCH_VM_ACCEL
	fi
	# later runs reuse the static binaries built by the first
	export FABENCH_SKIP_BUILD=1
done

report="$RESULTS/variants-$(date +%Y%m%d-%H%M%S)-$ARCH.txt"
# the report runs on the host: the host's build, whatever ARCH the guests had
make -s -C "$TOP" ARCH="$(uname -m)" all >&2
# each run's own figures (its report: the fault_around_bytes sweep is drawn
# only here, where the knob is writable), then the tables, the variants
# figure beside them, and a mail body
for dir in "${dirs[@]}"; do
	if out=$("$TOP/build/fabench" report "$dir"); then
		echo "vm-compare: $dir/plots/: $(grep -c '\.png$' <<<"$out") figures" >&2
	else
		echo "vm-compare: fabench report $dir failed (above); its figures are missing" >&2
	fi
done
# the tables, the variants figure beside them, and a mail body
"$TOP/build/fabench" variants -o "$report" --plots "${report%.txt}" "${dirs[@]}"
# which runs the figure is of (bench/docs-figures.sh names them)
printf '%s\n' "${dirs[@]}" >"${report%.txt}/runs.txt"
"$TOP/build/fabench" mail -o "${report%.txt}-mail.txt" -a "${report%.txt}/variants.png" \
	"${dirs[@]}" ||
	echo "vm-compare: no mail body (fabench mail failed, above); the tables follow" >&2
cat "$report"
echo "report: $report"
echo "figure: ${report%.txt}/variants.png (and .svg)"
echo "mail:   ${report%.txt}-mail.txt"
# a variant that loses (or invents) write-protect faults is a finding, and
# exit 4 says so to scripts; the report above has the details
[ -z "$failed" ] || echo "vm-compare: correctness failures (exit 4) in:$failed;" \
	"see the write-protect oracle table" >&2
exit $status
