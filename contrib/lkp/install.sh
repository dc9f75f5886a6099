#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# install.sh DEST [GIT_URL]: overlay fabench's LKP program onto the
# lkp-tests tree DEST (make lkp-install DEST=... [FABENCH_GIT=...]).
#
#   programs/fabench/     meta.yaml, run, parse, pkg/ (PKGBUILD, depends)
#   jobs/fabench-*.yaml   the quick job and the default job
#   pkg/fabench.source    where `lkp install` clones fabench from: GIT_URL,
#                         else this checkout (file://, its committed HEAD)
#   etc/linux-perf-test-cases, distro/adaptation-pkg/{debian,ubuntu}:
#                         fabench registered as a testcase and as a
#                         package LKP builds (else `lkp run` ends with
#                         "Unknow testcase" and `lkp install` builds nothing)
#
# Running it again updates the overlay; nothing is registered twice.
set -eu

usage() {
	echo "usage: install.sh DEST [GIT_URL]  (make lkp-install DEST=lkp-tests [FABENCH_GIT=url])" >&2
	exit 2
}
if [ $# -lt 1 ] || [ $# -gt 2 ] || [ -z "$1" ]; then
	usage
fi
dest=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
url=${2:-file://$top}

for f in lib/run.sh bin/lkp etc/linux-perf-test-cases distro/adaptation-pkg/debian; do
	[ -e "$dest/$f" ] || {
		echo "lkp-install: $dest is not an lkp-tests tree (no $f)" >&2
		exit 1
	}
done
case "$url" in
file://*)
	git -C "${url#file://}" rev-parse --verify -q HEAD >/dev/null || {
		echo "lkp-install: ${url#file://} is not a git checkout with a commit (set FABENCH_GIT)" >&2
		exit 1
	}
	;;
esac

rm -rf "$dest/programs/fabench"
cp -R "$here/programs/fabench" "$dest/programs/fabench"
cp "$here"/jobs/fabench-*.yaml "$dest/jobs/"
echo "$url" >"$dest/programs/fabench/pkg/fabench.source"

# register LINE FILE: append LINE unless FILE has it
register() {
	grep -qxF "$1" "$2" || echo "$1" >>"$2"
}
register fabench "$dest/etc/linux-perf-test-cases"
for distro in debian ubuntu; do
	[ -f "$dest/distro/adaptation-pkg/$distro" ] &&
		register "fabench::" "$dest/distro/adaptation-pkg/$distro"
done
echo "lkp-install: fabench's LKP program in $dest (source $url)"
echo "  jobs: $(cd "$dest" && echo jobs/fabench-*.yaml)"
