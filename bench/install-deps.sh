#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# install-deps.sh [SET...]: install the Debian/Ubuntu packages of each SET
# that are missing (default: bench).  Runs as root (or through sudo); does
# nothing when all are in.  Before installing it prints the packages and
# what apt says they cost (download and disk).
#
#   bench   what `make bench` needs on a host: the compiler, the -dev
#           libraries fabench links, lstopo (hwloc) and gnuplot for the
#           reports; linux-perf is optional.  libcmocka-dev (about 0.1 MB)
#           is here because `make bench-dirty` links the kernel tests'
#           point runner, which uses cmocka.
#   check   bench's, plus what `make check` builds and runs the tests with:
#           clang, jq and file (the shell tests), the aarch64 cross
#           toolchain and qemu-user (the arm64 builds and tests; Debian's
#           amd64 libpfm4 has no ARM PMU tables), shellcheck and
#           Debian's linux-source-6.12 for its scripts/checkpatch.pl
#           (make lint; about 173 MB, shared with the kernel builds) when
#           apt knows that package (elsewhere make lint skips checkpatch)
#   lkp     what running lkp-tests offline needs (tests/lkp.sh, the LKP
#           program of contrib/lkp): Debian's ruby and the ruby libraries
#           lkp-tests loads (no gems: ../shared/lkp-tests.README.md), and
#           the commands of its base set a job uses (time, bc, numactl...)
#   guests  what booting QEMU guests needs (bench/vm/): qemu-system,
#           a static busybox, cpio and file (the initramfs), jq (vm.json);
#           the kernel build's own packages are installed by
#           bench/vm/kernels.sh when a kernel is built
#
# `make bench`, `make quick`, `make bench-overhead`, `make bench-dirty`:
# bench.  `make check-host`: check lkp.  `make check`: check lkp guests.
# `make vm-*`: bench guests.
set -eu

BENCH="build-essential libinih-dev libjansson-dev libgsl-dev libpfm4-dev \
libhwloc-dev hwloc gnuplot-nox libcmocka-dev"
CHECK="$BENCH clang jq file gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user shellcheck afl++"
# make lint's checkpatch.pl, where the distribution has this package
LINT_KSRC="linux-source-6.12"
LKP="ruby ruby-activesupport ruby-tty-command ruby-git ruby-gnuplot ruby-term-ansicolor \
time bc gzip kmod rsync numactl"
GUESTS="qemu-system-x86 qemu-system-arm busybox-static cpio file jq"
# perf's package is named differently on Ubuntu; fabench works without it
OPTIONAL="linux-perf"

[ $# -gt 0 ] || set -- bench
packages=""
for set in "$@"; do
	case "$set" in
	bench) packages="$packages $BENCH" ;;
	check)
		packages="$packages $CHECK"
		apt-cache show "$LINT_KSRC" >/dev/null 2>&1 && packages="$packages $LINT_KSRC"
		;;
	lkp) packages="$packages $LKP" ;;
	guests) packages="$packages $GUESTS" ;;
	*) echo "install-deps: unknown set '$set' (bench, check, lkp, guests)" >&2; exit 2 ;;
	esac
done

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"
}

missing=""
for p in $packages; do
	case " $missing " in *" $p "*) continue ;; esac
	installed "$p" || missing="$missing $p"
done
optional=""
for p in $OPTIONAL; do
	installed "$p" || optional="$optional $p"
done
[ -z "$missing" ] && exit 0
command -v apt-get >/dev/null || {
	echo "fabench: missing packages:$missing (and no apt-get to install them)" >&2
	exit 1
}

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# debconf's "delaying package configuration, since apt-utils is not
# installed" says nothing a user can act on
export DEBCONF_NOWARNINGS=yes

# cost PACKAGES...: what installing them costs, as apt reckons it (with
# their own dependencies), before anything is downloaded; empty if apt
# cannot tell (an unknown package)
cost() {
	# shellcheck disable=SC2086
	LC_ALL=C $SUDO apt-get install --no-install-recommends --assume-no "$@" 2>/dev/null |
		sed -n 's|^Need to get \([0-9.,]* [kMG]*B\)/\([0-9.,]* [kMG]*B\) of.*|\1 to download (\2 in all)|p
			s/^Need to get \([0-9.,]* [kMG]*B\) of.*/\1 to download/p
			s/^After this operation, \([0-9.,]* [kMG]*B\) of additional.*/\1 on disk/p' |
		paste -sd, - | sed 's/,/, /g'
}

echo "fabench: packages for $*:$missing" >&2
$SUDO apt-get update -qq
# shellcheck disable=SC2086
c=$(cost $missing)
echo "fabench: installing$missing${c:+ ($c)}" >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
for p in $optional; do
	c=$(cost "$p")
	if [ -z "$c" ]; then
		echo "fabench: optional package $p not available here; fabench works without it" >&2
		continue
	fi
	echo "fabench: installing optional $p ($c)" >&2
	$SUDO apt-get install -y -qq --no-install-recommends "$p" >/dev/null 2>&1 ||
		echo "fabench: optional package $p not installed" >&2
done
