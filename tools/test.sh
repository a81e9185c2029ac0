#!/usr/bin/env bash
# Runs every test of svcname, as CI does:
#   1. g++ Debug build, warnings as errors, all tests (CTest);
#   2. a build with no discovery backend, proving the core stands alone;
#   3. clang build with ASan+UBSan and libFuzzer: all tests again, every fuzz corpus
#      replayed, and a fixed fuzzing walk per target: SVCNAME_FUZZ_RUNS inputs (default 20000)
#      from the seed SVCNAME_FUZZ_SEED (default 1; 0 = random), capped at SVCNAME_FUZZ_SECONDS
#      (default 30) per target.
# Tests that need root and network namespaces run when root, and say why they skip otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
secs=${SVCNAME_FUZZ_SECONDS:-30}
runs=${SVCNAME_FUZZ_RUNS:-20000}
seed=${SVCNAME_FUZZ_SEED:-1}

step() { printf '\n=== %s\n' "$*"; }

step "g++ Debug, -Werror"
cmake -S . -B build/debug -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSVCNAME_WERROR=ON \
  -DSVCNAME_REQUIRE_SARIF_VALIDATOR=ON >/dev/null
cmake --build build/debug -j"$jobs"
ctest --test-dir build/debug -j"$jobs" --output-on-failure --timeout 600

step "core alone (no discovery backends)"
cmake -S . -B build/minimal -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSVCNAME_WERROR=ON -DSVCNAME_BUILD_TESTS=OFF \
  -DSVCNAME_WITH_AVAHI=OFF -DSVCNAME_WITH_CARES=OFF -DSVCNAME_WITH_MDNS=OFF >/dev/null
cmake --build build/minimal -j"$jobs" --target svcname
build/minimal/tools/cli/svcname check 'my--svc' >/dev/null && { echo "minimal build: expected a finding"; exit 1; } || true
tests/install/consumer.sh build/minimal build/minimal/install-consumer g++ >/dev/null  # its package, too

step "clang, ASan+UBSan, libFuzzer"
cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
  -DSVCNAME_SANITIZE="address;undefined" -DSVCNAME_FUZZ=ON -DSVCNAME_FUZZ_SECONDS="$secs" -DSVCNAME_FUZZ_RUNS="$runs" \
  -DSVCNAME_FUZZ_SEED="$seed" >/dev/null
cmake --build build/asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build/asan -j"$jobs" --output-on-failure --timeout 900
