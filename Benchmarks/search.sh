#!/usr/bin/env bash
# Child-search benchmark: builds the benchmark in release mode, generates fictional children in a
# fresh SQLite database and times a mix of searches. Usage: Benchmarks/search.sh [CHILDREN] [QUERIES]
set -euo pipefail
cd "$(dirname "$0")/.."
children=${1:-1000000}
queries=${2:-2000}
swift build -c release --product HomewardBenchmarks --scratch-path .build-bench
data=$(mktemp -d /tmp/homeward-search-bench.XXXXXX)
trap 'rm -rf "$data"' EXIT
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%Y-%m-%dT%H:%MZ)"
.build-bench/release/HomewardBenchmarks --children "$children" --queries "$queries" --data-dir "$data"
