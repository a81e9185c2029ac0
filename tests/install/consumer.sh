#!/bin/sh
# consumer.sh BUILD_DIR WORK_DIR CXX: installs BUILD_DIR into WORK_DIR/prefix, builds the project
# in consumer/ against it with find_package(svcname), runs it and checks what it printed.
set -eu
build=$1 work=$2 cxx=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)  # CMAKE_PREFIX_PATH must be absolute
cmake --install "$build" --prefix "$work/prefix" >/dev/null
# Nothing of the source or build tree may be needed: the consumer sees only the prefix.
cmake -S "$here/consumer" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$work/prefix" >"$work/configure.log" 2>&1 \
  || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
out=$("$work/build/consumer")
printf '%s\n' "$out"
expect() {
  printf '%s\n' "$out" | grep -qx "$1" || { echo "consumer.sh: expected a line '$1'" >&2; exit 1; }
}
expect 'name: name-hyphen-double'
expect 'check: subtype service=http'
expect 'catalog: ipp'
expect 'lint: pod.yaml:6:15 name-hyphen-double'
expect 'capture: error'
if find "$work/prefix" -name libsvcname_backend_mdns.a | grep -q .; then expect 'backend: mdns'; fi
echo "consumer.sh: ok"
