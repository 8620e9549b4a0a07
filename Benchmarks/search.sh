#!/usr/bin/env bash
# Child search over generated national data: builds release, generates fictional national data
# (homeward demo --scale CHILDREN) in a fresh SQLite database and times a mix of staff searches.
# Usage: Benchmarks/search.sh [CHILDREN] [QUERIES]      (Benchmarks/run-all runs this and more)
set -euo pipefail
cd "$(dirname "$0")/.."
children=${1:-1000000}
queries=${2:-2000}
swift build -c release --product homeward --scratch-path .build-bench
swift build -c release --product HomewardBenchmarks --scratch-path .build-bench
data=$(mktemp -d /tmp/homeward-search-bench.XXXXXX)
trap 'rm -rf "$data"' EXIT
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%Y-%m-%dT%H:%MZ)"
env -u DATABASE_URL .build-bench/release/homeward demo --data-dir "$data" --scale "$children" >/dev/null
env -u DATABASE_URL .build-bench/release/HomewardBenchmarks national-search --data-dir "$data" --queries "$queries"
