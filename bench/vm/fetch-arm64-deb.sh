#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# fetch-arm64-deb.sh --kernel VERSION | --busybox
# What an arm64 guest needs from the Debian archive, downloaded and
# unpacked without multiarch (nothing is installed; apt uses private lists
# and cache under build-arm64/apt, shared with fetch-arm64-sysroot.sh):
#   --kernel 6.12   the newest linux-image-6.12.*-arm64-unsigned
#                   (bookworm-security; has uffd-wp: arm64 gained it in 6.10)
#   --kernel 6.1    the newest linux-image-6.1.0-*-arm64-unsigned (bookworm;
#                   refuses WP registration)
#   --busybox       busybox-static, the guest's shell and tools
# Prints the path of the kernel Image or the busybox binary.  Does nothing
# but print it when it is already there.
set -eu

TOP=$(cd "$(dirname "$0")/../.." && pwd)
APT_DIR=$TOP/build-arm64/apt

fail() {
	echo "fetch-arm64-deb: $*" >&2
	exit 1
}

apt_arm64() {
	cmd=$1
	shift
	"$cmd" -q -oAPT::Architecture=arm64 -oAPT::Architectures=arm64 \
		-oDir::State::Lists="$APT_DIR/lists" -oDir::Cache="$APT_DIR/cache" "$@"
}

# the arm64 package lists, fetched once
lists() {
	ls "$APT_DIR"/lists/*Packages* >/dev/null 2>&1 && return
	mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
	apt_arm64 apt-get update >"$APT_DIR/update.log" 2>&1 ||
		echo "fetch-arm64-deb: apt-get update had errors ($APT_DIR/update.log)" >&2
}

# unpack PACKAGE DEST: download the .deb and dpkg-deb -x it into DEST
unpack() {
	pkg=$1 dest=$2
	debs=$APT_DIR/debs
	mkdir -p "$debs" "$dest.tmp"
	echo "fetch-arm64-deb: downloading $pkg (arm64)" >&2
	(cd "$debs" && apt_arm64 apt-get -oAPT::Sandbox::User=root download "$pkg") \
		>"$APT_DIR/download-$pkg.log" 2>&1 ||
		fail "could not download $pkg: $(tail -1 "$APT_DIR/download-$pkg.log")"
	# shellcheck disable=SC2012 # Debian package file names are plain
	dpkg-deb -x "$(ls -t "$debs/${pkg}_"*.deb | head -1)" "$dest.tmp"
	rm -rf "$dest"
	mv "$dest.tmp" "$dest"
}

kernel() {
	version=$1
	out=$TOP/build/kernels/arm64/debian-$version
	[ -f "$out/Image" ] && { echo "$out/Image"; return; }
	case "$version" in
	6.12) pattern='^linux-image-6\.12\.[0-9]+\+deb[0-9]+-arm64-unsigned$' ;;
	6.1) pattern='^linux-image-6\.1\.0-[0-9]+-arm64-unsigned$' ;;
	*) fail "--kernel $version: expected 6.12 or 6.1" ;;
	esac
	lists
	pkg=$(apt_arm64 apt-cache pkgnames linux-image-6 | grep -E "$pattern" | sort -V | tail -1)
	[ -n "$pkg" ] || fail "no package matches $pattern in the arm64 lists"
	unpack "$pkg" "$out/pkg"
	# Debian's arm64 vmlinuz is the uncompressed Image QEMU boots directly
	# shellcheck disable=SC2012
	cp "$(ls "$out"/pkg/boot/vmlinuz-* | head -1)" "$out/Image.tmp"
	echo "$pkg" >"$out/package"
	mv "$out/Image.tmp" "$out/Image"
	echo "$out/Image"
}

busybox() {
	out=$TOP/build-arm64/busybox
	[ -x "$out/bin/busybox" ] && { echo "$out/bin/busybox"; return; }
	lists
	unpack busybox-static "$out"
	echo "$out/bin/busybox"
}

case "${1:-}" in
--kernel) [ $# -eq 2 ] || fail "--kernel needs a version"; kernel "$2" ;;
--busybox) busybox ;;
*) fail "usage: fetch-arm64-deb.sh --kernel VERSION | --busybox" ;;
esac
