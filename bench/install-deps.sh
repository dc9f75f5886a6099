#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Install the Debian/Ubuntu packages fabench builds and tests with, if any
# is missing.  Runs as root (or through sudo); does nothing when all are in.
set -eu

# gcc-aarch64-linux-gnu, libc6-dev-arm64-cross and qemu-user build and run
# the arm64 binaries (Debian's amd64 libpfm4 has no ARM PMU tables); the
# qemu-system, busybox-static and cpio ones boot guests (bench/vm/; the
# kernel build's own packages are installed by bench/vm/kernels.sh)
PACKAGES="build-essential clang libinih-dev libjansson-dev libcmocka-dev \
libpfm4-dev libhwloc-dev hwloc gnuplot-nox libgsl-dev jq file \
gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user \
qemu-system-x86 qemu-system-arm busybox-static cpio"
# perf's package is named differently on Ubuntu; fabench works without it
OPTIONAL="linux-perf"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
command -v apt-get >/dev/null || {
	echo "fabench: missing packages:$missing (and no apt-get to install them)" >&2
	exit 1
}

echo "fabench: installing$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
for p in $OPTIONAL; do
	$SUDO apt-get install -y -qq --no-install-recommends "$p" >/dev/null 2>&1 ||
		echo "fabench: optional package $p not installed" >&2
done
