#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# initramfs.sh OUT BUSYBOX FABENCH [SRC:DEST]...
# Pack a guest initramfs: bench/vm/guest-init as /init, a static busybox
# and a static fabench in /bin, and each SRC file copied to DEST (e.g.
# configs/vm-quick.conf:/fabench/bench.conf).  Both binaries must be static:
# the guest has no libraries but those given as SRC:DEST files (the kernel
# tests' libcmocka, glibc and dynamic loader: run-guest.sh --mode ktest).
# Writes OUT (gzip'd newc cpio) via a temporary name.
set -eu

[ $# -ge 3 ] || { echo "usage: initramfs.sh OUT BUSYBOX FABENCH [SRC:DEST]..." >&2; exit 2; }
out=$1 busybox=$2 fabench=$3
shift 3
here=$(dirname "$0")

for bin in "$busybox" "$fabench"; do
	[ -x "$bin" ] || { echo "initramfs: $bin: not an executable" >&2; exit 1; }
	if file -L "$bin" | grep -q "dynamically linked"; then
		echo "initramfs: $bin is dynamically linked; the guest has no libraries" >&2
		exit 1
	fi
done

stage=$(mktemp -d "${TMPDIR:-/tmp}/fabench-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/dev" "$stage/fabench"
cp "$busybox" "$stage/bin/busybox"
cp "$fabench" "$stage/bin/fabench"
cp "$here/guest-init" "$stage/init"
chmod 755 "$stage/init" "$stage/bin/busybox" "$stage/bin/fabench"
# the kernel opens /dev/console for init before anything is mounted; as
# non-root the node cannot be made and guest-init reopens it after devtmpfs
mknod "$stage/dev/console" c 5 1 2>/dev/null || true
for pair in "$@"; do
	src=${pair%%:*} dest=${pair#*:}
	[ -f "$src" ] || { echo "initramfs: $src: no such file" >&2; exit 1; }
	mkdir -p "$stage$(dirname "$dest")"
	cp "$src" "$stage$dest"
done
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
	gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
