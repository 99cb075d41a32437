#!/usr/bin/env bash
# fullbeta.sh measures graphgen on the whole 2021-07 beta api folder of the
# real docs: generation time and peak RSS, lines and files generated, a cold
# `go build` (empty GOCACHE) of a small program calling one operation (it
# imports, so compiles, the whole package), its peak RSS and binary size, and
# in the same run the cold build of a hello world importing only net/http and
# encoding/json (the floor), for comparison. METADATA=1 generates with the
# 2021-07 beta metadata too.
#
# Usage: scripts/fullbeta.sh [DOCS]   (DOCS defaults to $GRAPHGEN_DOCS or ../shared/graph-docs)
# Needs /usr/bin/time (GNU time). Writes only under a temporary folder (kept
# when KEEP=1) and prints a summary table on stdout.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
docs=${1:-${GRAPHGEN_DOCS:-$repo/../shared/graph-docs}}
specs=$docs/2021-07/api-reference/beta
if [ ! -d "$specs" ]; then
	echo "fullbeta.sh: $specs not found; give the docs folder as the argument" >&2
	exit 2
fi
work=$(mktemp -d)
if [ "${KEEP:-0}" != 1 ]; then trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT; fi

# peak KB and wall seconds from GNU time -v output in $1
peak() { awk -F': ' '/Maximum resident set size/ {print $2}' "$1"; }
wall() { awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$1"; }

echo "building graphgen" >&2
(cd "$repo" && go build -o "$work/graphgen" ./cmd/graphgen)

echo "generating from $specs" >&2
meta=()
if [ "${METADATA:-0}" = 1 ]; then meta=(--metadata "$docs/../graph-metadata/2021-07/beta.xml"); fi
printf 'module fullbeta\n\ngo 1.26\n' >"$work/go.mod.tmp"
mkdir -p "$work/mod" && mv "$work/go.mod.tmp" "$work/mod/go.mod"
/usr/bin/time -v "$work/graphgen" generate --specs "$specs" --out "$work/mod" --package graph --include 'api/*' "${meta[@]}" \
	>"$work/generate.log" 2>"$work/generate.time" || { tail -5 "$work/generate.time" >&2; exit 1; }
pkgdir=$work/mod/graph
files=$(find "$pkgdir" -maxdepth 1 -name '*.go' | wc -l)
lines=$(find "$pkgdir" -maxdepth 1 -name '*.go' -exec cat {} + | wc -l)
srcfiles=$(find "$pkgdir" -maxdepth 1 -name '*.go' ! -name '*_test.go' | wc -l)
srclines=$(find "$pkgdir" -maxdepth 1 -name '*.go' ! -name '*_test.go' -exec cat {} + | wc -l)
bytes=$(find "$pkgdir" -maxdepth 1 -name '*.go' ! -name '*_test.go' -exec cat {} + | wc -c)

# A program making one PATCH, in the module around the package.
mkdir -p "$work/mod/cmd/one"
cat >"$work/mod/cmd/one/main.go" <<'GO'
// Command one makes one PATCH of a deviceConfigurationAssignment.
package main

import (
	"context"
	"fmt"
	"os"

	"fullbeta/graph"
)

func main() {
	c := graph.NewClient(graph.WithTokenProvider(func(context.Context) (string, error) {
		return os.Getenv("GRAPH_TOKEN"), nil
	}))
	body := &graph.DeviceConfigurationAssignment{
		Target: graph.Value[graph.DeviceAndAppManagementAssignmentTargetVariant](&graph.GroupAssignmentTarget{
			GroupID: graph.Value("00000000-0000-0000-0000-000000000000"),
		}),
	}
	got, err := c.UpdateDeviceManagementDeviceConfigurationAssignment(context.Background(), "config-id", "assignment-id", body)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(got.ID.Get())
}
GO

echo "cold go build of cmd/one (empty GOCACHE)" >&2
(cd "$work/mod" && GOCACHE="$work/cache-one" /usr/bin/time -v go build -o "$work/one" ./cmd/one) 2>"$work/build.time" \
	|| { tail -30 "$work/build.time" >&2; exit 1; }
binsize=$(stat -c %s "$work/one")

floor_wall=- floor_peak=- floor_size=-
if [ "${FLOOR:-1}" = 1 ]; then
	echo "cold go build of the hello-world floor" >&2
	mkdir -p "$work/floor"
	printf 'module floor\n\ngo 1.26\n' >"$work/floor/go.mod"
	cat >"$work/floor/main.go" <<'GO'
package main

import (
	"encoding/json"
	"net/http"
	"os"
)

func main() {
	resp, err := http.Get("https://graph.microsoft.com/v1.0/")
	if err != nil {
		os.Exit(1)
	}
	json.NewEncoder(os.Stdout).Encode(resp.Status)
}
GO
	(cd "$work/floor" && GOCACHE="$work/cache-floor" /usr/bin/time -v go build -o "$work/floorbin" .) 2>"$work/floor.time"
	floor_wall=$(wall "$work/floor.time") floor_peak=$(peak "$work/floor.time") floor_size=$(stat -c %s "$work/floorbin")
fi

cat <<TABLE
| measure | graphgen (2021-07 beta, every api page) | msgraph-sdk-go (one call) |
|---|---|---|
| generation wall | $(wall "$work/generate.time") | n/a |
| generation peak RSS | $(peak "$work/generate.time") KB | n/a |
| files generated in the package (non-test) | $files ($srcfiles) | |
| lines generated in the package (non-test) | $lines ($srclines, $bytes bytes) | |
| cold go build of a one-PATCH program, wall | $(wall "$work/build.time") | 204 s |
| cold go build peak RSS | $(peak "$work/build.time") KB | 4.5 GB |
| binary size | $binsize bytes | 9.2 MB |
| hello-world floor (same run): wall, peak RSS, size | $floor_wall, $floor_peak KB, $floor_size bytes | |
TABLE
tail -1 "$work/generate.log" >&2 || true
