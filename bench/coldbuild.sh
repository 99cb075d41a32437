#!/usr/bin/env bash
# Cold `go build` (empty GOCACHE, modules already downloaded) of a program that
# makes one call with the generated client, next to a hello world importing
# only net/http and encoding/json. Needs /usr/bin/time (Debian: apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."
go mod download
for prog in hello oneop; do
  cache=$(mktemp -d)
  out=$(mktemp)
  GOCACHE=$cache /usr/bin/time -v go build -o "$out" ./bench/coldbuild/$prog 2> "$cache.time"
  wall=$(grep 'Elapsed (wall clock)' "$cache.time" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$cache.time" | awk '{print $NF}')
  size=$(stat -c %s "$out")
  printf '%-6s wall %s  peak RSS %d MB  binary %d bytes\n' "$prog" "$wall" $((rss / 1024)) "$size"
  rm -rf "$cache" "$cache.time" "$out"
done
