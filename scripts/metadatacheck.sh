#!/usr/bin/env bash
# metadatacheck.sh runs `graphgen check --metadata` on each version folder of
# both revisions with the service metadata of the same time, and prints a
# markdown table: the disagreements (and the resolution diagnostics) by code,
# count per folder, and one real example each (2021-07 beta when it has one),
# with the page's file:line:col and the metadata's.
#
# Usage: scripts/metadatacheck.sh [DOCS [METADATA]]
#   DOCS defaults to $GRAPHGEN_DOCS or ../shared/graph-docs,
#   METADATA to $GRAPHGEN_METADATA or ../shared/graph-metadata.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
docs=${1:-${GRAPHGEN_DOCS:-$repo/../shared/graph-docs}}
meta=${2:-${GRAPHGEN_METADATA:-$repo/../shared/graph-metadata}}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$repo" && go build -o "$work/graphgen" ./cmd/graphgen)
n=0
for pair in "2018-09 2018-12 beta" "2018-09 2018-12 v1.0" "2021-07 2021-07 beta" "2021-07 2021-07 v1.0"; do
	set -- $pair
	dir=$1/api-reference/$3
	# exit 1 means "some error diagnostics": expected on the real docs.
	(cd "$docs" && "$work/graphgen" check --metadata "$meta/$2/$3.xml" "$dir" >"$work/$n.txt") || [ $? -eq 1 ]
	n=$((n + 1))
done
echo "| code | severity | 2018-09 beta | 2018-09 v1.0 | 2021-07 beta | 2021-07 v1.0 | example |"
echo "|---|---|---:|---:|---:|---:|---|"
awk '
	FNR == 1 { f = substr(FILENAME, length(FILENAME) - 4, 1) }
	{
		if (!match($0, /^[^:]+:[0-9]+:[0-9]+: [a-z]+: [^:]+: /)) next
		head = substr($0, 1, RLENGTH); msg = substr($0, RLENGTH + 1)
		split(head, p, ": ")
		loc = p[1]; sev = p[2]; code = p[3]
		if (code !~ /^metadata-|^missing-type$|^unknown-type$|^missing-base-type$|^type-duplicate$/) next
		count[code, f]++; sevs[code] = sev; codes[code] = 1
		if (!((code, f) in ex)) ex[code, f] = loc ": " msg
	}
	END {
		for (c in codes) {
			e = ((c, 2) in ex) ? ex[c, 2] : ((c, 3) in ex) ? ex[c, 3] : ((c, 0) in ex) ? ex[c, 0] : ex[c, 1]
			gsub(/\|/, "\\|", e)
			sub(/^.*api-reference\//, "", e)
			gsub(/[^ (]*graph-metadata\//, "graph-metadata/", e)
			if (length(e) > 260) e = substr(e, 1, 257) "..."
			printf "| `%s` | %s | %d | %d | %d | %d | %s |\n", c, sevs[c], count[c, 0], count[c, 1], count[c, 2], count[c, 3], e
		}
	}' "$work/0.txt" "$work/1.txt" "$work/2.txt" "$work/3.txt" | sort -t"|" -k6,6nr
