#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# fetch-arm64-pfm.sh [DIR]: unpack Debian's arm64 libpfm4-dev (libpfm.a and
# the perfmon headers) into DIR/sysroot (default build-arm64/sysroot), for
# the aarch64 build of the PMU test.  Debian's amd64 libpfm4 is built
# without the ARM PMU tables, so those are only reachable through the arm64
# library.  dpkg is not touched: no foreign architecture is added and
# nothing is installed; apt only downloads the .deb, with its own package
# lists and cache under DIR/apt.  Does nothing when the library is already
# there.  Exits non-zero, saying why, when it cannot be had.
set -eu

DIR=${1:-build-arm64}
LIB="$DIR/sysroot/usr/lib/aarch64-linux-gnu/libpfm.a"
HDR="$DIR/sysroot/usr/include/perfmon/pfmlib_perf_event.h"

[ -f "$LIB" ] && [ -f "$HDR" ] && exit 0

fail() {
	echo "fetch-arm64-pfm: $*" >&2
	exit 1
}

command -v apt-get >/dev/null || fail "no apt-get: cannot fetch libpfm4-dev:arm64"
command -v dpkg-deb >/dev/null || fail "no dpkg-deb: cannot unpack libpfm4-dev:arm64"

mkdir -p "$DIR/apt/lists/partial" "$DIR/apt/cache/archives/partial" "$DIR/apt/debs"
APT_DIR=$(cd "$DIR/apt" && pwd)

# arm64 as the only architecture, for these lists alone; Dir::Cache keeps
# the arm64 package cache out of /var/cache/apt
set -- -q -oAPT::Architecture=arm64 -oAPT::Architectures=arm64 \
	-oDir::State::Lists="$APT_DIR/lists" -oDir::Cache="$APT_DIR/cache"

echo "fetch-arm64-pfm: downloading libpfm4-dev:arm64 into $DIR" >&2
# a failed source is reported by apt; the download below says whether the
# lists that did arrive are enough
apt-get "$@" update >"$APT_DIR/update.log" 2>&1 ||
	echo "fetch-arm64-pfm: apt-get update had errors (see $APT_DIR/update.log)" >&2
rm -f "$APT_DIR"/debs/libpfm4-dev_*.deb
# apt's sandbox user cannot write to the build tree, and apt would drop the
# sandbox for this download anyway, with a warning; say so up front
if ! (cd "$APT_DIR/debs" &&
      apt-get "$@" -oAPT::Sandbox::User=root download libpfm4-dev) \
	>"$APT_DIR/download.log" 2>&1; then
	cat "$APT_DIR/update.log" "$APT_DIR/download.log" >&2
	fail "could not download libpfm4-dev:arm64 from the Debian archive"
fi

deb=
for f in "$APT_DIR"/debs/libpfm4-dev_*_arm64.deb; do
	[ -f "$f" ] && deb=$f
done
[ -n "$deb" ] || fail "apt-get download left no libpfm4-dev arm64 package"
# unpacked to a temporary tree first: an interrupted run leaves no half sysroot
rm -rf "$DIR/sysroot.new"
dpkg-deb -x "$deb" "$DIR/sysroot.new" || fail "could not unpack $deb"
[ -f "$DIR/sysroot.new/usr/lib/aarch64-linux-gnu/libpfm.a" ] ||
	fail "$deb has no usr/lib/aarch64-linux-gnu/libpfm.a"
rm -rf "$DIR/sysroot"
mv "$DIR/sysroot.new" "$DIR/sysroot"
echo "fetch-arm64-pfm: $(basename "$deb") unpacked into $DIR/sysroot" >&2
