#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# fetch-arm64-sysroot.sh [DIR]: unpack Debian's arm64 development packages
# that the aarch64 build links against into DIR/sysroot (default
# build-arm64/sysroot): libpfm4 (Debian's amd64 libpfm4 is built without the
# ARM PMU tables, so those are only reachable through the arm64 library),
# hwloc, inih, jansson, GSL, and cmocka for the tests.  dpkg is not touched:
# no foreign architecture is added and nothing is installed; apt only
# downloads the .debs, with its own package lists and cache under DIR/apt.
#
# Does nothing (but touch the stamp) when the sysroot already holds this
# package list.  Exits non-zero, naming the package, when one cannot be had.
set -eu

DIR=${1:-build-arm64}
SYSROOT="$DIR/sysroot"
STAMP="$SYSROOT/.fabench-packages"

# -dev packages ship the static archives and headers; libcmocka0 is the
# shared library itself: Debian ships no libcmocka.a, so the cross-built
# tests link cmocka dynamically (everything else statically)
PACKAGES="libpfm4-dev libhwloc-dev libinih-dev libjansson-dev libgsl-dev \
libgslcblas0 libcmocka-dev libcmocka0"
# each package's proof of a complete unpack
CHECK="usr/lib/aarch64-linux-gnu/libpfm.a usr/include/perfmon/pfmlib_perf_event.h \
usr/lib/aarch64-linux-gnu/libhwloc.a usr/include/hwloc.h \
usr/lib/aarch64-linux-gnu/libinih.a usr/include/ini.h \
usr/lib/aarch64-linux-gnu/libjansson.a usr/include/jansson.h \
usr/lib/aarch64-linux-gnu/libgsl.a usr/lib/aarch64-linux-gnu/libgslcblas.a \
usr/include/gsl/gsl_statistics.h usr/include/cmocka.h \
usr/lib/aarch64-linux-gnu/libcmocka.so.0"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$PACKAGES" ]; then
	# make compares the stamp with this script: say it is current
	touch "$STAMP"
	exit 0
fi

fail() {
	echo "fetch-arm64-sysroot: $*" >&2
	exit 1
}

command -v apt-get >/dev/null || fail "no apt-get: cannot fetch $PACKAGES (arm64)"
command -v dpkg-deb >/dev/null || fail "no dpkg-deb: cannot unpack the arm64 packages"

mkdir -p "$DIR/apt/lists/partial" "$DIR/apt/cache/archives/partial" "$DIR/apt/debs"
APT_DIR=$(cd "$DIR/apt" && pwd)

# arm64 as the only architecture, for these lists alone; Dir::Cache keeps
# the arm64 package cache out of /var/cache/apt
set -- -q -oAPT::Architecture=arm64 -oAPT::Architectures=arm64 \
	-oDir::State::Lists="$APT_DIR/lists" -oDir::Cache="$APT_DIR/cache"

echo "fetch-arm64-sysroot: downloading the arm64 packages into $DIR" >&2
# a failed source is reported by apt; the downloads below say whether the
# lists that did arrive are enough
apt-get "$@" update >"$APT_DIR/update.log" 2>&1 ||
	echo "fetch-arm64-sysroot: apt-get update had errors (see $APT_DIR/update.log)" >&2

# unpacked to a temporary tree first: an interrupted run leaves no half sysroot
rm -rf "$SYSROOT.new"
for p in $PACKAGES; do
	rm -f "$APT_DIR/debs/${p}"_*.deb
	# apt's sandbox user cannot write to the build tree, and apt would drop
	# the sandbox for this download anyway, with a warning; say so up front
	if ! (cd "$APT_DIR/debs" &&
	      apt-get "$@" -oAPT::Sandbox::User=root download "$p") \
		>"$APT_DIR/download-$p.log" 2>&1; then
		cat "$APT_DIR/update.log" "$APT_DIR/download-$p.log" >&2
		fail "could not download $p:arm64 from the Debian archive"
	fi
	deb=
	for f in "$APT_DIR/debs/${p}"_*_arm64.deb; do
		[ -f "$f" ] && deb=$f
	done
	[ -n "$deb" ] || fail "apt-get download left no $p arm64 package"
	dpkg-deb -x "$deb" "$SYSROOT.new" || fail "could not unpack $deb ($p)"
done
for f in $CHECK; do
	[ -e "$SYSROOT.new/$f" ] || fail "the unpacked packages have no $f"
done
echo "$PACKAGES" >"$SYSROOT.new/.fabench-packages"
rm -rf "$SYSROOT"
mv "$SYSROOT.new" "$SYSROOT"
echo "fetch-arm64-sysroot: $PACKAGES unpacked into $SYSROOT" >&2
