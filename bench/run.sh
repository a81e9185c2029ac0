#!/usr/bin/env bash
# Builds Release with benchmarks and runs them: names/s (Google Benchmark, our validators
# beside std::regex and Avahi's validator), then start-up time (hyperfine) and peak RSS
# (/usr/bin/time -v) of `svcname check http` with the full registry and a warm index.
# Other bench_*.cpp executables run too. Usage: bench/run.sh [--filter REGEX]
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${2:-.}"
[ "${1:-}" = "--filter" ] || filter=.
reg=../shared/registry/service-names-port-numbers-2026-08-17.xml
cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSVCNAME_BENCH=ON -DSVCNAME_BUILD_TESTS=OFF >/dev/null
cmake --build build/bench -j"$(nproc)"
for b in build/bench/bench/bench_*; do
  [ -x "$b" ] || continue
  echo "=== $(basename "$b")"
  "$b" --benchmark_filter="$filter" --benchmark_min_time=0.5
done
exe=build/bench/tools/cli/svcname
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
"$exe" --cache-dir "$cache" --registry "$reg" check http >/dev/null   # builds the index once
echo "=== start-up: svcname check http (full registry, warm index)"
hyperfine -N --warmup 20 --runs 200 "$exe --cache-dir $cache --registry $reg check http"
echo "=== cold index build (first run after the source changed)"
hyperfine -N --runs 10 --prepare "rm -rf $cache/registry-*" "$exe --cache-dir $cache --registry $reg check http"
echo "=== peak memory"
/usr/bin/time -v "$exe" --cache-dir "$cache" --registry "$reg" check http 2>&1 >/dev/null | grep -E 'Maximum resident|Elapsed'
