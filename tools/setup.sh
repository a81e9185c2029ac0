#!/usr/bin/env bash
# Sets up svcname on a fresh Debian 12 machine and runs the main job:
#   1. installs the Debian packages it builds and tests with (needs root),
#   2. builds a Release svcname and installs it to /usr/local (as root),
#   3. installs the IANA registry (downloaded from IANA, or --registry FILE|URL offline),
#   4. runs `svcname check _ipp._tcp`.
# Usage: tools/setup.sh [--registry FILE|URL] [--deps-only] [--no-deps] [--prefix DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

registry="" deps=1 build=1 prefix=/usr/local as_root=""
while [ $# -gt 0 ]; do
  case "$1" in
    --registry) registry="${2:?--registry needs a file or URL}"; shift 2 ;;
    --deps-only) build=0; shift ;;
    --no-deps) deps=0; shift ;;
    --prefix) prefix="${2:?}"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

# Build and test dependencies, all Debian packages (tools/packages.txt, one per line).
if [ "$deps" = 1 ]; then
  as_root=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then as_root=sudo; else
      echo "setup.sh: installing packages needs root (run as root, or pass --no-deps)" >&2
      exit 2
    fi
  fi
  # Daemons must not start in the root namespace when their packages are installed
  # (avahi-daemon would send mDNS to the real network): deny service starts meanwhile.
  made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $as_root tee /usr/sbin/policy-rc.d >/dev/null && $as_root chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $as_root apt-get update -qq
  # shellcheck disable=SC2046
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(grep -v '^#' tools/packages.txt) >/dev/null
  if [ "$made_policy" = 1 ]; then $as_root rm -f /usr/sbin/policy-rc.d; fi
  # Belt and braces: no avahi-daemon or named may be left running in the root namespace.
  for d in avahi-daemon named; do
    for pid in $(pgrep -x "$d" 2>/dev/null || true); do
      if [ "$(readlink /proc/$pid/ns/net)" = "$(readlink /proc/self/ns/net)" ]; then
        echo "setup.sh: stopping $d (pid $pid) started in the root namespace by the package"
        $as_root kill "$pid" || true
      fi
    done
  done
  # npm tools used by the tests (SARIF validation), kept out of the repo. Machines without
  # npm get Debian's (this kind of machine usually ships Node.js and npm already).
  if ! command -v npm >/dev/null; then
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null \
      || echo "setup.sh: warning: could not install npm" >&2
  fi
  if [ -f tools/npm-packages.txt ] && command -v npm >/dev/null; then
    mkdir -p build/npm
    # shellcheck disable=SC2046
    npm install --silent --no-audit --no-fund --prefix build/npm $(grep -v '^#' tools/npm-packages.txt) \
      || echo "setup.sh: warning: npm install failed; the SARIF validator test will be skipped" >&2
  fi
fi
[ "$build" = 1 ] || exit 0

cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DSVCNAME_BUILD_TESTS=OFF >/dev/null
cmake --build build/release -j"$(nproc)"
exe=build/release/tools/cli/svcname
if [ "$(id -u)" = 0 ] || { [ "$deps" = 1 ] && command -v sudo >/dev/null; }; then
  ${as_root:-} cmake --install build/release --prefix "$prefix" >/dev/null
  exe="$prefix/bin/svcname"
  echo "installed $exe"
fi

if [ -n "$registry" ]; then
  "$exe" registry update --from "$registry"
else
  "$exe" registry update || {
    echo "setup.sh: could not download the registry; offline machines pass a copy:" >&2
    echo "  tools/setup.sh --registry ../shared/registry/service-names-port-numbers-2026-08-17.xml" >&2
    exit 3
  }
fi
echo "--- main job: svcname check _ipp._tcp"
"$exe" check _ipp._tcp
