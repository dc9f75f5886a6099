#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The layering of the sources (HACKING.md, "Layers"): every #include "..."
# names its path from the repository root, and no include goes upward.
#
#   bench/kernel/   -> bench/kernel/
#   bench/lib/      -> bench/lib/, bench/kernel/
#   workloads/      -> workloads/, bench/kernel/, bench/lib/
#   bench/probe/    -> bench/probe/, bench/kernel/, bench/lib/
#   bench/harness/  -> bench/harness/, bench/probe/, bench/kernel/,
#                      bench/lib/, workloads/workload.h (the interface)
#   analysis/       -> analysis/, bench/lib/ (it reads result files, never
#                      the harness)
#   bench/cli/      -> everything but a workload's own files
#
# Then the check is run on a copy of the tree with one upward include
# planted per rule, and must refuse each.
#
#   layers.sh [IGNORED]   (run-all.sh passes the binary it tests)
TEST_NAME=layers
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=tests/lib.sh
. tests/lib.sh

# allowed DIR: the include prefixes a file under DIR may use
allowed() {
	case $1 in
	bench/kernel/*) echo "bench/kernel/" ;;
	bench/lib/*) echo "bench/lib/ bench/kernel/" ;;
	workloads/*) echo "workloads/ bench/kernel/ bench/lib/" ;;
	bench/probe/*) echo "bench/probe/ bench/kernel/ bench/lib/" ;;
	bench/harness/*) echo "bench/harness/ bench/probe/ bench/kernel/ bench/lib/ workloads/workload.h" ;;
	analysis/*) echo "analysis/ bench/lib/" ;;
	bench/cli/*) echo "bench/cli/ bench/harness/ bench/probe/ bench/kernel/ bench/lib/ analysis/ workloads/workload.h" ;;
	bench/static/*) echo "" ;;
	# the guests' stand-alone yardstick (touch_loop.c) shares nothing
	bench/vm/*) echo "" ;;
	*) echo "?" ;;
	esac
}

# violations ROOT: one line per include that breaks a rule, "FILE:LINE:
# include "X": expected one of ..."
violations() {
	local root=$1 f line inc rules ok r
	(cd "$root" && find bench workloads analysis -name '*.[ch]' | sort) |
	while read -r f; do
		rules=$(allowed "$f")
		if [ "$rules" = "?" ]; then
			echo "$f: a source outside the layers (HACKING.md): move it into one"
			continue
		fi
		grep -n '^#include "' "$root/$f" | while IFS=: read -r line inc; do
			inc=${inc#\#include \"}
			inc=${inc%%\"*}
			[ "$inc" = gitrev.h ] && continue	# generated into the build directory
			if [ ! -e "$root/$inc" ]; then
				echo "$f:$line: include \"$inc\" is not a path from the repository root"
				continue
			fi
			ok=0
			for r in $rules; do
				case $inc in "$r"*) ok=1 ;; esac
			done
			# a file may include its own directory's headers
			[ "$(dirname "$inc")" = "$(dirname "$f")" ] && ok=1
			[ $ok = 1 ] || echo "$f:$line: include \"$inc\" goes against the layers: expected one of: ${rules:-none}"
		done
	done
}

out=$(violations .)
if [ -z "$out" ]; then
	ok "every include of bench/, workloads/ and analysis/ follows the layers"
else
	bad "includes against the layers" "$out"
fi

# the check itself: a copy with one planted upward include per rule
copy=$WORK/tree
mkdir -p "$copy"
git ls-files -co --exclude-standard -- bench workloads analysis | tar -cf - -T - | tar -xf - -C "$copy"
plant() { # plant FILE INCLUDE: does the check refuse it?
	local f=$1 inc=$2
	cp "$copy/$f" "$copy/$f.orig"
	sed -i "0,/^#include/s||#include \"$inc\"\n&|" "$copy/$f"
	if violations "$copy" | grep -q "^$f:.*\"$inc\""; then
		ok "refused: $f including $inc"
	else
		bad "not refused: $f including $inc"
	fi
	mv "$copy/$f.orig" "$copy/$f"
}
plant workloads/fault_read.c bench/harness/runner.h
plant workloads/punch_hole.c bench/cli/commands.h
plant bench/harness/runner.c workloads/dirty/dirty.h
plant bench/kernel/uffd.c bench/lib/timer.h
plant analysis/resultset.c bench/harness/results.h
plant bench/probe/probe.c bench/harness/meta.h
plant bench/harness/config.c uffd.h

finish
