#!/usr/bin/env bash
# Readiness evaluation benchmark: builds the benchmark in release mode and evaluates one agency of
# fictional personnel and training records. Usage: Benchmarks/readiness.sh [PERSONNEL] [RECORDS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product HomewardBenchmarks --scratch-path .build-bench
data=$(mktemp -d /tmp/homeward-readiness-bench.XXXXXX)
trap 'rm -rf "$data"' EXIT
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(free -g | awk '/Mem:/ {print $2}') GiB"
.build-bench/release/HomewardBenchmarks readiness --personnel "${1:-10000}" --records "${2:-50000}" --runs "${3:-200}" --data-dir "$data"
