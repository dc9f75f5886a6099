#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The published tables fabench reproduces (configs/anchors/*.conf): run
# each anchor config, then write docs/anchors.md, the measured table of
# each beside the published figures and what differs, as its config's
# comments state them ("; published:", "; differs:", "; baseline:").  The
# ratio column is each point's pages/s over its baseline point's (the
# point with the baseline value and the same other values).  Nothing in
# docs/ changes unless every anchor ran.
#
# usage: bench/anchors.sh [-r RESULTS_ROOT] [-o DOC] [CONF...]
#   RESULTS_ROOT  where the runs go (default results/)
#   DOC           the page written (default docs/anchors.md); - for stdout
#   CONF          anchor configs (default configs/anchors/*.conf)

set -euo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
FABENCH=${FABENCH:-$TOP/build/fabench}
ROOT=$TOP/results
DOC=$TOP/docs/anchors.md

die() {
	echo "anchors: error: $*" >&2
	exit 1
}

while getopts r:o: opt; do
	case $opt in
	r) ROOT=$OPTARG ;;
	o) DOC=$OPTARG ;;
	*) die "usage: bench/anchors.sh [-r RESULTS_ROOT] [-o DOC] [CONF...]" ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -eq 0 ]; then
	set -- "$TOP"/configs/anchors/*.conf
fi
for conf in "$@"; do
	[ -f "$conf" ] || die "$conf: no such anchor config"
	grep -q '^; published:' "$conf" || die "$conf: no '; published:' line"
	grep -q '^; baseline: [a-z_]*=' "$conf" || die "$conf: no '; baseline: AXIS=VALUE' line"
done

# comment lines of one kind, joined into one paragraph
comment() {
	sed -n "s/^; $1: \{0,1\}//p" "$2" | tr '\n' ' ' | sed 's/ *$//'
}

# The measured table of a result directory: the axes that vary, then
# pages/s (mean, CoeffVar), the ratio to the baseline point, ns/page and
# pages/fault (means); unsupported points say why.
table() {
	awk -F, -v base="$2" '
	NR == 1 {
		for (i = 1; i <= NF; i++) col[$i] = i
		first = col["workload"] + 1; last = col["status"] - 1
		split(base, b, "="); bcol = col[b[1]]; bval = b[2]
		next
	}
	{
		p = $col["point"]
		if (!(p in seen)) { seen[p] = 1; order[n++] = p; status[p] = $col["status"] }
		for (i = first; i <= last; i++) {
			val[p, i] = $i
			if (!((i, $i) in distinct)) { distinct[i, $i] = 1; nd[i]++ }
		}
		mean[p, $col["metric"]] = $col["mean"]
		cv[p, $col["metric"]] = $col["coeff_var_pct"]
	}
	function others(p,    i, k) {
		k = ""
		for (i = first; i <= last; i++)
			if (nd[i] > 1 && i != bcol)
				k = k "|" val[p, i]
		return k
	}
	END {
		hdr = ""; sep = ""
		for (i = first; i <= last; i++)
			if (nd[i] > 1) { hdr = hdr " " name(i) " |"; sep = sep "---|" }
		printf "|%s pages/s | CoeffVar | ratio to %s | ns/page | pages/fault |\n", hdr, base
		printf "|%s---:|---:|---:|---:|---:|\n", sep
		for (j = 0; j < n; j++) {
			p = order[j]
			if (val[p, bcol] == bval && status[p] == "ok")
				ref[others(p)] = mean[p, "pages_per_sec"]
		}
		for (j = 0; j < n; j++) {
			p = order[j]
			row = ""
			for (i = first; i <= last; i++)
				if (nd[i] > 1)
					row = row " " val[p, i] " |"
			if (status[p] != "ok") {
				printf "|%s %s | | | | |\n", row, status[p]
				continue
			}
			r = ref[others(p)]
			printf "|%s %s | %.1f %% | %s | %.1f | %.2f |\n", row,
				human(mean[p, "pages_per_sec"]), cv[p, "pages_per_sec"],
				r ? sprintf("%.2f", mean[p, "pages_per_sec"] / r) : "-",
				mean[p, "ns_per_page"], mean[p, "pages_per_fault"]
		}
	}
	function name(i,    k) { for (k in col) if (col[k] == i) return k }
	function human(v) {
		if (v >= 1e6) return sprintf("%.2fM", v / 1e6)
		if (v >= 1e3) return sprintf("%.0fK", v / 1e3)
		return sprintf("%.0f", v)
	}' "$1/summary.csv"
}

figs=()
out=$(mktemp)
trap 'rm -f "$out"' EXIT
{
	echo "# Published tables, reproduced"
	echo
	echo "Written by \`make anchors\` (bench/anchors.sh) on $(hostname), $(uname -sr), $(date -u '+%Y-%m-%d %H:%M UTC'),"
	echo "revision $(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo unknown);"
	echo "every figure under \"measured\" comes from that run; the published ones from the"
	echo "sources named. Means over the repetitions; CoeffVar of pages/s; ratio: pages/s over"
	echo "the baseline point's with the same other values."
} >"$out"
for conf in "$@"; do
	name=$(basename "$conf" .conf)
	echo "anchors: running $conf" >&2
	"$FABENCH" run -c "$conf" -o "$ROOT" -l "anchor-$name" >&2 ||
		die "$conf: fabench run failed; $DOC left as it was"
	dir=$(readlink -f "$ROOT/latest")
	"$FABENCH" report "$dir" >/dev/null || die "$dir: fabench report failed"
	{
		echo
		echo "## $(comment anchor "$conf")"
		echo
		echo "Config: \`configs/anchors/$name.conf\`; result: \`${dir#"$TOP"/}\` (not committed)."
		echo
		echo "**Published.** $(comment published "$conf")"
		echo
		echo "**What differs.** $(comment differs "$conf")"
		echo
		echo "**Measured here** ($(jq -r '.cpu.model // "CPU model unknown"' "$dir/meta.json"),"
		echo "$(jq -r '.cpu.online // "?"' "$dir/meta.json") CPUs online, $(jq -r '.uname.release' "$dir/meta.json")$(jq -r 'if .vm then ", a QEMU guest (\(.vm.accel))" else "" end' "$dir/meta.json")):"
		echo
		table "$dir" "$(sed -n 's/^; baseline: //p' "$conf")"
	} >>"$out"
	# the scaling figure, or the bars of a run without a tasks sweep
	for fig in tasks ns_per_page; do
		if [ -f "$dir/plots/$fig.png" ]; then
			figs+=("$dir/plots/$fig.png:anchor-$name-$fig.png")
			printf '\n![%s: %s](anchor-%s-%s.png)\n' "$name" "$fig" "$name" "$fig" >>"$out"
			break
		fi
	done
done
if [ "$DOC" = - ]; then
	cat "$out"
	exit 0
fi
for f in "${figs[@]}"; do
	cp "${f%%:*}" "$(dirname "$DOC")/${f#*:}"
done
cp "$out" "$DOC.tmp" && mv "$DOC.tmp" "$DOC"
echo "anchors: wrote $DOC and ${#figs[@]} figures" >&2
