#!/usr/bin/env bash
# genspeed.sh measures `graphgen generate` on the whole 2021-07 beta api/
# folder with two binaries side by side: one built from a base commit and
# one from the working tree, run alternately REPS times each (default 7),
# each into a fresh module folder. It prints every run (wall seconds, user
# + system CPU seconds, peak RSS) and the medians.
#
# Usage: scripts/genspeed.sh BASE [REPS]   (BASE: a commit, e.g. $(git merge-base HEAD main))
# Needs /usr/bin/time (GNU time) and ../shared/graph-docs (or $GRAPHGEN_DOCS).
# Writes only under a temporary folder.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
base=${1:?usage: scripts/genspeed.sh BASE [REPS]}
reps=${2:-7}
docs=${GRAPHGEN_DOCS:-$repo/../shared/graph-docs}
specs=$docs/2021-07/api-reference/beta
if [ ! -d "$specs" ]; then
	echo "genspeed.sh: $specs not found; set GRAPHGEN_DOCS" >&2
	exit 2
fi
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT

echo "building $base and the working tree" >&2
mkdir -p "$work/src"
git -C "$repo" archive "$base" | tar -x -C "$work/src"
(cd "$work/src" && go build -o "$work/graphgen-base" ./cmd/graphgen)
(cd "$repo" && go build -o "$work/graphgen-new" ./cmd/graphgen)

for rep in $(seq 1 "$reps"); do
	for b in base new; do
		out=$work/out-$b
		rm -rf "$out" && mkdir -p "$out"
		printf 'module fullbeta\n\ngo 1.26\n' >"$out/go.mod"
		/usr/bin/time -f "$b %e %U %S %M" "$work/graphgen-$b" generate --specs "$specs" --out "$out" \
			--package graph --include 'api/*' 2>&1 >/dev/null | tail -1
	done
done | tee "$work/runs.txt"

awk '{ wall[$1] = wall[$1] " " $2; cpu[$1] = cpu[$1] " " ($3 + $4); rss[$1] = rss[$1] " " $5 }
function median(s,   a, n, i, j, t) {
	n = split(s, a, " ")
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
END {
	printf "\n| | wall s | CPU s (user+sys) | peak RSS MB |\n|---|---:|---:|---:|\n"
	for (b in wall) printf "| %s | %.2f | %.2f | %d |\n", b, median(wall[b]), median(cpu[b]), median(rss[b]) / 1024
	printf "| new / base | %.2fx | %.2fx | |\n", median(wall["new"]) / median(wall["base"]), median(cpu["new"]) / median(cpu["base"])
}' "$work/runs.txt"
