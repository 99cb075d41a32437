#!/usr/bin/env bash
# checktable.sh runs `graphgen check` over both revisions of the real docs and
# prints a markdown table: diagnostics by code (count per revision) and, for
# each code, one real example (the first in path order, 2021-07 preferred)
# with file:line:col and the message, so the precision of each code can be
# judged by opening the page.
#
# Usage: scripts/checktable.sh [DOCS]   (DOCS defaults to $GRAPHGEN_DOCS or ../shared/graph-docs)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
docs=${1:-${GRAPHGEN_DOCS:-$repo/../shared/graph-docs}}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$repo" && go build -o "$work/graphgen" ./cmd/graphgen)
for rev in 2018-09 2021-07; do
	if [ ! -d "$docs/$rev" ]; then
		echo "checktable.sh: $docs/$rev not found" >&2
		exit 2
	fi
	# exit 1 means "some error diagnostics": expected on the real docs.
	(cd "$docs" && "$work/graphgen" check "$rev" >"$work/$rev.txt") || [ $? -eq 1 ]
done
echo "| code | severity | 2018-09 | 2021-07 | example (2021-07 when it has one) |"
echo "|---|---|---:|---:|---|"
awk -v OFS='\t' '
	FNR == 1 { rev = (FILENAME ~ /2018-09/) ? "a" : "b" }
	{
		# path:line:col: severity: code: message
		if (!match($0, /^[^:]+:[0-9]+:[0-9]+: [a-z]+: [^:]+: /)) next
		head = substr($0, 1, RLENGTH); msg = substr($0, RLENGTH + 1)
		n = split(head, p, ": ")
		loc = p[1]; sev = p[2]; code = p[3]
		count[code, rev]++; sevs[code] = sev; codes[code] = 1
		if (!((code, rev) in ex)) ex[code, rev] = loc ": " msg
	}
	END {
		for (c in codes) {
			e = ((c, "b") in ex) ? ex[c, "b"] : ex[c, "a"]
			gsub(/\|/, "\\|", e)
			if (length(e) > 220) e = substr(e, 1, 217) "..."
			printf "| %s | %s | %d | %d | %s |\n", c, sevs[c], count[c, "a"], count[c, "b"], e
		}
	}' "$work/2018-09.txt" "$work/2021-07.txt" | sort -t"|" -k5,5nr -k4,4nr
