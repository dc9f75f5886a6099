#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build fabench's guest kernels: one source, one small patch series per
# variant (configs/kernels/<variant>.series), one kconfig fragment per arch.
# Images are cached by content (see key()), so an unchanged run takes seconds
# and a changed patch rebuilds incrementally in a kept O= directory.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
CFG=$TOP/configs/kernels
# where VARIANT.series and patches/ are: configs/kernels, or --series-dir
# (tests/kernels: test-only variants)
SERIES=$CFG
DEFAULT_KSRC=/usr/src/linux-source-6.12.tar.xz
ALL_VARIANTS="stock armed-off fa-wp fa-wp-fixed fa-wp-nomarker preunmap-removal"
# Bump when the way an image is made changes without any input changing.
KEY_VERSION=1

KSRC=$DEFAULT_KSRC
ARCH=x86_64
OUT=$TOP/build/kernels
VARIANTS=""

say() { printf 'kernels: %s\n' "$*"; }
die() { printf 'kernels: error: %s\n' "$*" >&2; exit 1; }

usage() {
	cat <<EOF
usage: $0 [--ksrc TREE_OR_TARBALL] [--arch x86_64|arm64] [--out DIR] [--series-dir DIR] [VARIANT...]
  --ksrc  kernel source tarball or tree (default $DEFAULT_KSRC;
          installed with apt-get from Debian's linux-source-6.12 if missing)
  --arch  x86_64 (bzImage) or arm64 (Image, cross-built unless on arm64)
  --out   output directory (default build/kernels)
  --series-dir  where VARIANT.series and patches/ are (default configs/kernels;
          tests/kernels holds the test-only variant planted)
  VARIANT one of: $ALL_VARIANTS (default: all)
Images: OUT/ARCH/VARIANT -> OUT/images/KEY/{bzImage|Image,config,info}
EOF
}

parse_args() {
	while [ $# -gt 0 ]; do
		case $1 in
		--ksrc) [ $# -ge 2 ] || die "--ksrc needs an argument"; KSRC=$2; shift ;;
		--arch) [ $# -ge 2 ] || die "--arch needs an argument"; ARCH=$2; shift ;;
		--out) [ $# -ge 2 ] || die "--out needs an argument"; OUT=$2; shift ;;
		--series-dir) [ $# -ge 2 ] || die "--series-dir needs an argument"; SERIES=$(cd "$2" && pwd) || die "--series-dir $2: no such directory"; shift ;;
		-h|--help) usage; exit 0 ;;
		-*) usage >&2; die "unknown option $1" ;;
		*) VARIANTS="$VARIANTS $1" ;;
		esac
		shift
	done
	[ -n "$VARIANTS" ] || VARIANTS=$ALL_VARIANTS
	case $ARCH in
	x86_64) KARCH=x86; IMAGE=bzImage; IMAGE_PATH=arch/x86/boot/bzImage ;;
	arm64) KARCH=arm64; IMAGE=Image; IMAGE_PATH=arch/arm64/boot/Image ;;
	*) die "unsupported arch '$ARCH' (x86_64 or arm64)" ;;
	esac
	# Cross-compile unless the host already is the target; an explicit
	# CROSS_COMPILE in the environment wins.
	if [ "$ARCH" = arm64 ] && [ "$(uname -m)" != aarch64 ]; then
		CROSS_COMPILE=${CROSS_COMPILE-aarch64-linux-gnu-}
	fi
	CROSS_COMPILE=${CROSS_COMPILE-}
	for v in $VARIANTS; do
		[ -f "$SERIES/$v.series" ] || die "unknown variant '$v' (no $SERIES/$v.series)"
	done
	mkdir -p "$OUT"
	OUT=$(cd "$OUT" && pwd)
}

# apt-get as root only, and only for what is missing: a developer's box
# usually has all of it already.
apt_install() {
	[ "$(id -u)" = 0 ] || die "missing packages: $* (run as root or install them)"
	say "installing with apt-get (as root): $*"
	apt-get install -y --no-install-recommends "$@" >&2 ||
		{ apt-get update >&2 && apt-get install -y --no-install-recommends "$@" >&2; }
}

missing_pkgs() {
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q 'install ok installed' || printf '%s ' "$p"
	done
}

ensure_prereqs() {
	local want="flex bison bc libelf-dev cpio xz-utils make gcc patch"
	[ "$ARCH" = arm64 ] && [ -n "$CROSS_COMPILE" ] && want="$want gcc-aarch64-linux-gnu"
	[ "$KSRC" = "$DEFAULT_KSRC" ] && [ ! -e "$KSRC" ] && want="$want linux-source-6.12"
	command -v dpkg-query >/dev/null || return 0
	local miss
	# shellcheck disable=SC2086 # word splitting of the package list is wanted
	miss=$(missing_pkgs $want)
	# shellcheck disable=SC2086
	[ -z "$miss" ] || apt_install $miss
	[ -e "$KSRC" ] || die "kernel source '$KSRC' not found"
}

# A short, stable name for the source: content hash of a tarball, or a
# tree's path plus its git HEAD (or its Makefile's hash and mtime).
source_id() {
	local h
	if [ -f "$KSRC" ]; then
		h=$(sha256sum <"$KSRC" | cut -c1-64)
	elif [ -d "$KSRC" ]; then
		local real
		real=$(cd "$KSRC" && pwd -P)
		[ -f "$real/Makefile" ] || die "'$KSRC' has no Makefile: not a kernel tree"
		if git -C "$real" rev-parse HEAD >/dev/null 2>&1; then
			h=$(printf '%s %s\n' "$real" "$(git -C "$real" rev-parse HEAD)" | sha256sum)
		else
			h=$( { printf '%s\n' "$real"; stat -c %Y "$real/Makefile"; cat "$real/Makefile"; } | sha256sum)
		fi
	else
		die "kernel source '$KSRC' is neither a file nor a directory"
	fi
	printf '%s\n' "${h:0:12}"
}

# The tarball is unpacked once per source id; a tree is used in place
# (read only: variants are hard-linked copies of it).
prepare_pristine() {
	SRCDIR=$OUT/src/$SID
	if [ -d "$KSRC" ]; then
		PRISTINE=$(cd "$KSRC" && pwd -P)
		return
	fi
	PRISTINE=$SRCDIR/pristine
	[ -f "$PRISTINE/.fabench-unpacked" ] && return
	say "unpacking $KSRC into $PRISTINE"
	rm -rf "$PRISTINE" "$PRISTINE.tmp"
	mkdir -p "$PRISTINE.tmp"
	tar -xf "$KSRC" -C "$PRISTINE.tmp" --strip-components=1
	touch "$PRISTINE.tmp/.fabench-unpacked"
	mv "$PRISTINE.tmp" "$PRISTINE"
}

series_patches() {
	grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$SERIES/$1.series" || true
}

compiler_id() {
	"${CROSS_COMPILE}gcc" --version | head -n1
}

# Everything that decides the image's bytes; the variant name is in it
# too because it is the LOCALVERSION (uname -r) of the image.
key() {
	local v=$1 p
	{
		printf 'fabench-kernels %s\n%s\n%s\n%s\n' "$KEY_VERSION" "$SID" "$ARCH" "$v"
		for p in $(series_patches "$v"); do
			printf 'patch %s\n' "$p"
			cat "$SERIES/patches/$p"
		done
		printf 'fragment\n'
		cat "$CFG/$ARCH.config"
		printf 'cc %s\n' "$(compiler_id)"
	} | sha256sum | cut -c1-16
}

# Print the hunk header of hunk number $3 of file $2 in patch $1.
hunk_header() {
	awk -v file="$2" -v n="$3" '
		/^\+\+\+ / { f = $2; sub(/^b\//, "", f); k = 0; next }
		/^@@ / && f == file { if (++k == n) { print; exit } }
	' "$1"
}

# Explain a failed patch: patch's own FAILED lines plus their hunk headers.
report_patch_failure() {
	local v=$1 pf=$2 log=$3 file="" line n
	printf 'kernels: error: variant %s: patch %s does not apply\n' "$v" "$pf" >&2
	while IFS= read -r line; do
		case $line in
		"patching file "*) file=${line#patching file } ;;
		*"FAILED at"*|*"malformed"*|*"can't find file"*|*"Reversed"*)
			printf '  %s: %s\n' "${file:-?}" "$line" >&2
			n=$(printf '%s\n' "$line" | sed -n 's/^Hunk #\([0-9]*\) FAILED.*/\1/p')
			[ -z "$n" ] || printf '    %s\n' "$(hunk_header "$pf" "$file" "$n")" >&2 ;;
		esac
	done <"$log"
}

tree_current() {
	[ "$(cat "$SRCDIR/$1/.fabench-series" 2>/dev/null)" = "$(series_hash "$1")" ]
}

series_hash() {
	local p
	for p in $(series_patches "$1"); do
		printf 'patch %s\n' "$p"
		cat "$SERIES/patches/$p"
	done | sha256sum | cut -c1-64
}

# A variant's tree (shared by all arches): hard links to the pristine
# tree, patched.  It is kept while its series is unchanged, because
# other arches' builds may be reading it.  GNU patch writes a new file
# and renames it over the old one, so the link to the pristine file is
# broken, never written through (check_pristine makes sure).  Files any
# earlier series patched get a fresh inode and mtime, so that every O=
# directory rebuilds them when a patch is dropped or changed.
prepare_tree() {
	local v=$1 tree=$SRCDIR/$1 obj=$2 stamp p log f
	local ever=$SRCDIR/$1.patched-files
	stamp=$(series_hash "$v")
	tree_current "$v" && return
	rm -rf "$tree"
	mkdir -p "$SRCDIR"
	# Hard links need one file system; otherwise copy.  .git stays out:
	# the build does not need it and setlocalversion would append "+".
	if ! cp -al "$PRISTINE" "$tree" 2>/dev/null; then
		rm -rf "$tree"
		cp -a "$PRISTINE" "$tree"
	fi
	rm -rf "$tree/.git"
	touch "$ever"
	while IFS= read -r f; do
		[ -f "$tree/$f" ] || continue
		cp -p "$tree/$f" "$tree/$f.fabench-tmp"
		touch "$tree/$f.fabench-tmp"
		mv -f "$tree/$f.fabench-tmp" "$tree/$f"
	done <"$ever"
	log=$obj/patch.log
	: >"$log.files"
	for p in $(series_patches "$v"); do
		[ -f "$SERIES/patches/$p" ] || { rm -rf "$tree"; die "variant $v: patch $SERIES/patches/$p listed in $v.series does not exist"; }
		if ! patch -p1 --batch --forward --fuzz=0 --no-backup-if-mismatch \
			--reject-file=- -d "$tree" <"$SERIES/patches/$p" >"$log" 2>&1; then
			report_patch_failure "$v" "$SERIES/patches/$p" "$log"
			rm -rf "$tree"
			exit 1
		fi
		sed -n 's/^patching file //p' "$log" >>"$log.files"
	done
	check_pristine "$tree" "$log.files"
	sort -u "$ever" "$log.files" -o "$ever"
	printf '%s\n' "$stamp" >"$tree/.fabench-series"
}

# Every patched file must be its own inode, or the pristine tree (or the
# user's --ksrc tree) was just modified.
check_pristine() {
	local tree=$1 list=$2 f
	while IFS= read -r f; do
		[ -e "$PRISTINE/$f" ] || continue
		if [ "$(stat -c %i "$tree/$f")" = "$(stat -c %i "$PRISTINE/$f")" ]; then
			die "patching $f wrote through a hard link into $PRISTINE"
		fi
	done <"$list"
}

# The kernel build must not inherit fabench's own make command line
# (MAKEFLAGS carries `make kernels ARCH=... VARIANTS=...` overrides).
kmake() {
	env -u MAKEFLAGS -u MFLAGS -u MAKEOVERRIDES -u MAKELEVEL make -C "$TREE" O="$OBJ" ARCH="$KARCH" CROSS_COMPILE="$CROSS_COMPILE" \
		LOCALVERSION="-fabench-$VARIANT" "$@"
}

# tinyconfig + fragment + olddefconfig.  The old .config is put back when
# the result is identical, so its mtime does not force a full rebuild.
configure() {
	local frag=$CFG/$ARCH.config
	[ -f "$OBJ/.config" ] && cp -p "$OBJ/.config" "$OBJ/.config.fabench-prev"
	{
		kmake -s tinyconfig
		(cd "$TREE" && ARCH=$KARCH CROSS_COMPILE=$CROSS_COMPILE \
			scripts/kconfig/merge_config.sh -m -O "$OBJ" "$OBJ/.config" "$frag")
		kmake -s olddefconfig
	} >>"$OBJ/build.log" 2>&1
	if [ -f "$OBJ/.config.fabench-prev" ]; then
		if cmp -s "$OBJ/.config" "$OBJ/.config.fabench-prev"; then
			mv -f "$OBJ/.config.fabench-prev" "$OBJ/.config"
		else
			rm -f "$OBJ/.config.fabench-prev"
		fi
	fi
	verify_config "$frag" "$OBJ/.config"
}

# merge_config.sh only warns when olddefconfig drops a value; a guest
# without, say, USERFAULTFD would measure nothing, so fail and name it.
verify_config() {
	local frag=$1 conf=$2 bad="" line sym
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*)
			grep -qxF "$line" "$conf" || bad="$bad ${line%%=*}(want ${line#*=})" ;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }; sym=${sym%% *}
			! grep -q "^$sym=" "$conf" || bad="$bad $sym(want n)" ;;
		esac
	done <"$frag"
	[ -z "$bad" ] || die "variant $VARIANT ($ARCH): required config not in final .config:$bad (see $OBJ/build.log)"
}

build_image() {
	local target=$IMAGE
	if ! kmake -s -j"$(nproc)" "$target" >>"$OBJ/build.log" 2>&1; then
		printf 'kernels: error: variant %s (%s) failed to build; last lines of %s:\n' \
			"$VARIANT" "$ARCH" "$OBJ/build.log" >&2
		tail -n 30 "$OBJ/build.log" >&2
		exit 1
	fi
}

# The image, its .config and an info file go to images/KEY; info is
# written last and marks the entry complete.
install_image() {
	local k=$1 secs=$2 dst=$OUT/images/$1 rel
	rel=$(kmake -s --no-print-directory kernelrelease)
	rm -rf "$dst.tmp"
	mkdir -p "$dst.tmp"
	cp "$OBJ/$IMAGE_PATH" "$dst.tmp/$IMAGE"
	cp "$OBJ/.config" "$dst.tmp/config"
	printf 'variant=%s\narch=%s\nrelease=%s\nkey=%s\nsource=%s (%s)\ncompiler=%s\nbuild_seconds=%s\n' \
		"$VARIANT" "$ARCH" "$rel" "$k" "$KSRC" "$SID" "$(compiler_id)" "$secs" >"$dst.tmp/info"
	rm -rf "$dst"
	mv "$dst.tmp" "$dst"
}

link_variant() {
	mkdir -p "$OUT/$ARCH"
	ln -sfn "../images/$1" "$OUT/$ARCH/$VARIANT"
}

# The O= directory is kept between runs, but only for the same source.  A
# variant's first build starts from a copy of stock's (same source, same
# arch), so only what its patches touch recompiles.
prepare_obj() {
	mkdir -p "$OBJ"
	if [ "$(cat "$OBJ/.fabench-source-id" 2>/dev/null)" != "$SID" ]; then
		rm -rf "$OBJ"
		mkdir -p "$OBJ"
		seed_obj
		printf '%s\n' "$SID" >"$OBJ/.fabench-source-id"
	fi
	: >"$OBJ/build.log"
}

# Copy stock's finished O= directory (cp -a keeps the mtimes) and point its
# .cmd files at this variant's tree: kbuild then sees the same commands,
# and only sources newer than their objects (the patched files, which
# prepare_tree gives a fresh mtime) and the release string rebuild.
seed_obj() {
	local stock=$OUT/obj/$ARCH-stock
	[ "$VARIANT" != stock ] || return 0
	[ "$(cat "$stock/.fabench-source-id" 2>/dev/null)" = "$SID" ] || return 0
	[ -f "$stock/$IMAGE_PATH" ] || return 0
	say "$VARIANT ($ARCH): starting from stock's objects ($stock)"
	cp -a "$stock/." "$OBJ/"
	rm -f "$OBJ/build.log" "$OBJ/patch.log" "$OBJ/patch.log.files"
	find "$OBJ" \( -name '*.cmd' -o -name '*.d' \) -type f -print0 |
		xargs -0 -r sed -i "s|$SRCDIR/stock/|$SRCDIR/$VARIANT/|g; s|$SRCDIR/stock |$SRCDIR/$VARIANT |g"
	forget_patched_objects
}

# The variant's tree may have been patched before stock's objects were
# built (by another arch's build of the variant): then the copied objects
# are newer than the patched files and make would keep stock's code.
# Every object whose .cmd names a file the series patches is removed, so
# kbuild compiles it again from the variant's tree.
forget_patched_objects() {
	local p f cmd
	for p in $(series_patches "$VARIANT"); do
		sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$SERIES/patches/$p"
	done | sort -u | while IFS= read -r f; do
		grep -rlF --include='*.cmd' "$SRCDIR/$VARIANT/$f" "$OBJ" || true
	done | sort -u | while IFS= read -r cmd; do
		# dir/.memory.o.cmd is the command of dir/memory.o
		f=$(basename "$cmd" .cmd)
		rm -f "$(dirname "$cmd")/${f#.}" "$cmd"
	done
}

build_variant() {
	VARIANT=$1
	local k t0 secs
	k=$(key "$VARIANT")
	if [ -f "$OUT/images/$k/info" ]; then
		link_variant "$k"
		say "$VARIANT ($ARCH) cached: $OUT/$ARCH/$VARIANT/$IMAGE"
		return
	fi
	[ -n "${PRISTINE-}" ] || prepare_pristine
	OBJ=$OUT/obj/$ARCH-$VARIANT
	TREE=$SRCDIR/$VARIANT
	say "$VARIANT ($ARCH) building (key $k, log $OBJ/build.log)"
	t0=$(date +%s)
	prepare_obj
	# An x86_64 and an arm64 build of a variant share its source tree:
	# builds hold a shared lock, replacing the tree needs it exclusive
	# (flock converts locks non-atomically; prepare_tree re-checks).
	mkdir -p "$SRCDIR"
	exec 9>"$SRCDIR/$VARIANT.lock"
	flock -s 9
	if ! tree_current "$VARIANT"; then
		flock 9
		prepare_tree "$VARIANT" "$OBJ"
		flock -s 9
	fi
	configure
	build_image
	secs=$(($(date +%s) - t0))
	install_image "$k" "$secs"
	link_variant "$k"
	exec 9>&-
	say "$VARIANT ($ARCH) built in ${secs} s: $OUT/$ARCH/$VARIANT/$IMAGE"
}

main() {
	parse_args "$@"
	ensure_prereqs
	SID=$(source_id)
	SRCDIR=$OUT/src/$SID
	local v
	for v in $VARIANTS; do
		build_variant "$v"
	done
}

main "$@"
