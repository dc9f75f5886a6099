#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make lint: the kernel's scripts/checkpatch.pl on every C source and
# header in git, and shellcheck on every shell script, offline.  One
# "ok"/"FAIL" line per file with findings, then what was checked
# ("checkpatch: 97 files, shellcheck: 23 scripts") and
# "lint: N passed, N failed".
#
#   lint.sh [IGNORED]     (run-all.sh passes the binary it tests)
#
# checkpatch.pl comes from Debian's linux-source tarball
# (/usr/src/linux-source-*.tar.xz, bench/install-deps.sh check installs
# it): scripts/checkpatch.pl, scripts/spelling.txt,
# scripts/const_structs.checkpatch and .clang-format are extracted once
# into $BUILD/lint/ (BUILD defaults to build).  Its findings are cached per
# file content there, so a second run checks only what changed.  Without
# the tarball or shellcheck that half is skipped, with the reason.
# FABENCH_LINT_TARBALL names another kernel source tarball.
TEST_NAME=lint
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=tests/lib.sh
. tests/lib.sh

LINT_DIR=${BUILD:-build}/lint
JOBS=$(nproc 2>/dev/null || echo 2)

# checkpatch's findings fabench does not follow, one reason each:
CHECKPATCH_IGNORE=(
	# userspace has no kernel ARRAY_SIZE(); sizeof(a) / sizeof(a[0]) is spelled out
	ARRAY_SIZE
	# the measured loops' volatile accesses are the point: each page is touched
	VOLATILE
	# long help and error texts are split at a phrase to stay within 100 columns
	SPLIT_STRING
	# workloads/registry.c declares the workloads it lists: no header per workload
	AVOID_EXTERNS
	# userspace has no kernel __printf(); the attribute is written out
	PREFER_DEFINED_ATTRIBUTE_MACRO
	# ENOSYS here is an errno the kernel returned and fabench reports, never returns
	ENOSYS
	# a command's name in its own usage text ("usage", "regress") is not __func__
	EMBEDDED_FUNCTION_NAME
	# the parameter and metric table macros expand to initialiser lists,
	# which parentheses would break (workloads/dirty/dirty.h)
	COMPLEX_MACRO
)

# the checked files: C sources and headers, shell scripts (by extension
# or by a shell #! line)
mapfile -t C_FILES < <(git ls-files '*.c' '*.h' 2>/dev/null | while read -r f; do
	[ -f "$f" ] && echo "$f"
done)
mapfile -t SCRIPTS < <(git ls-files 2>/dev/null | while read -r f; do
	case $f in
	*.sh) echo "$f" ;;
	*.c | *.h | *.md | *.conf | *.csv | *.json) ;;
	*) [ -f "$f" ] && head -1 "$f" | grep -qE '^#!(/usr)?/bin/(env )?(ba|da|busybox )?sh' &&
		echo "$f" ;;
	esac
done)
if [ ${#C_FILES[@]} -eq 0 ]; then
	skip "not a git checkout: no file list to lint"
	finish
	exit
fi

# checkpatch_source: the newest linux-source tarball's checkpatch.pl,
# extracted once; prints its path (nothing when there is no tarball)
checkpatch_source() {
	local tarball top dir
	# shellcheck disable=SC2012 # names from a glob, sorted by version
	tarball=${FABENCH_LINT_TARBALL:-$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -1)}
	[ -f "$tarball" ] || return 0
	top=$(basename "$tarball" .tar.xz)
	dir=$LINT_DIR/$top
	if [ ! -f "$dir/.extracted" ]; then
		rm -rf "$dir"
		mkdir -p "$LINT_DIR"
		tar -xJf "$tarball" -C "$LINT_DIR" "$top/scripts/checkpatch.pl" \
			"$top/scripts/spelling.txt" "$top/scripts/const_structs.checkpatch" \
			"$top/.clang-format" >&2 || return 0
		touch "$dir/.extracted"
	fi
	echo "$dir/scripts/checkpatch.pl"
}

# run_checkpatch FILE: FILE's findings into $CACHE/SHA1-OF-FILE (a
# checkpatch crash is reported, not cached)
run_checkpatch() {
	local sum out rc
	sum=$(sha1sum "$1" | cut -d' ' -f1)
	out=$("$CHECKPATCH" --no-tree --file --terse --show-types --no-summary \
		--ignore "$CHECKPATCH_IGNORE_LIST" "$1" 2>&1)
	rc=$?
	if [ $rc -gt 1 ]; then
		printf 'checkpatch.pl exited %s on %s\n%s\n' "$rc" "$1" "$out"
		return
	fi
	printf '%s\n' "$out" >"$CACHE/$sum.$$" && mv "$CACHE/$sum.$$" "$CACHE/$sum"
}

# lint_files TOOL FILE...: count each FILE clean or not by its findings,
# $CACHE/SHA1-OF-FILE (empty when clean)
lint_files() {
	local tool=$1 sum f found
	shift
	dirty=0
	while read -r sum f; do
		if [ ! -f "$CACHE/$sum" ]; then
			bad "$tool: $f not checked"
			continue
		fi
		found=$(<"$CACHE/$sum")
		if [ -z "$found" ]; then
			passed=$((passed + 1))
		else
			bad "$tool: $f" "$found"
			dirty=$((dirty + 1))
		fi
	done < <(sha1sum "$@")
}

# uncached FILE...: the files $CACHE has no findings for, one a line
uncached() {
	local sum f
	sha1sum "$@" | while read -r sum f; do
		[ -f "$CACHE/$sum" ] || echo "$f"
	done
}

CHECKPATCH=$(checkpatch_source)
checked=""
if [ -z "$CHECKPATCH" ]; then
	skip "checkpatch: no /usr/src/linux-source-*.tar.xz (Debian's linux-source-6.12; bench/install-deps.sh check installs it)"
else
	CHECKPATCH_IGNORE_LIST=$(IFS=,; echo "${CHECKPATCH_IGNORE[*]}")
	# the cache: per checkpatch.pl and ignore list, per file content
	CACHE=$LINT_DIR/checkpatch-cache/$(cat "$CHECKPATCH" - <<<"$CHECKPATCH_IGNORE_LIST" |
		sha1sum | cut -c1-16)
	mkdir -p "$CACHE"
	export CHECKPATCH CHECKPATCH_IGNORE_LIST CACHE
	export -f run_checkpatch
	# shellcheck disable=SC2016 # $1 is the inner bash's
	uncached "${C_FILES[@]}" | tr '\n' '\0' |
		xargs -0 -r -n 1 -P "$JOBS" bash -c 'run_checkpatch "$1"' _ >"$WORK/checkpatch.err"
	if [ -s "$WORK/checkpatch.err" ]; then
		bad "checkpatch.pl failed" "$(cat "$WORK/checkpatch.err")"
	else
		lint_files checkpatch "${C_FILES[@]}"
		echo "checkpatch ($(basename "$(dirname "$(dirname "$CHECKPATCH")")")):" \
			"${#C_FILES[@]} files, $dirty with findings; ignored: $CHECKPATCH_IGNORE_LIST"
		checked="checkpatch: ${#C_FILES[@]} files"
	fi
fi

if ! command -v shellcheck >/dev/null; then
	skip "shellcheck: not installed (bench/install-deps.sh check installs it)"
else
	# at the default severity, style included; -x follows the sourced
	# tests/lib.sh.  Cached per shellcheck version and tests/lib.sh, per
	# script content; what is not cached is checked in one call.
	CACHE=$LINT_DIR/shellcheck-cache/$( (shellcheck --version; cat tests/lib.sh) |
		sha1sum | cut -c1-16)
	mkdir -p "$CACHE"
	mapfile -t todo < <(uncached "${SCRIPTS[@]}")
	if [ ${#todo[@]} -gt 0 ]; then
		shellcheck -x -f gcc "${todo[@]}" >"$WORK/shellcheck.out" 2>&1
		rc=$?
		[ $rc -le 1 ] || bad "shellcheck exited $rc" "$(cat "$WORK/shellcheck.out")"
		for f in "${todo[@]}"; do
			[ $rc -le 1 ] || break
			sum=$(sha1sum "$f" | cut -d' ' -f1)
			awk -v f="$f:" 'index($0, f) == 1' "$WORK/shellcheck.out" >"$CACHE/$sum"
		done
	fi
	lint_files shellcheck "${SCRIPTS[@]}"
	echo "shellcheck ($(shellcheck --version | sed -n 's/^version: //p')):" \
		"${#SCRIPTS[@]} scripts, $dirty with findings"
	checked="${checked:+$checked, }shellcheck: ${#SCRIPTS[@]} scripts"
fi

echo "lint: checked ${checked:-nothing}"
finish
