#!/usr/bin/env bash
# Avahi backend benchmark: time from start to the N-th fully resolved instance (SRV + TXT +
# address) for N published by one python3-zeroconf host (TESTBED §5), through svcname's
# avahi backend (cold daemon cache, default limits: objects-per-client-max 1024,
# cache-entries-max 4096), next to the built-in querier and `avahi-browse -rtp`.
#   bench/discovery/avahi.sh BUILD_DIR [N...]        (default: 500 2000)
# Root only; everything runs in a namespace LAN (tests/netns/lan.sh) and is stopped by PID.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lan="$here/../../tests/netns/lan.sh"
build=$1; shift
[ $# -gt 0 ] || set -- 500 2000
bench=$build/bench/bench_discovery
[ -x "$bench" ] || { echo "build bench_discovery first (-DSVCNAME_BENCH=ON)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "needs root (network namespaces)" >&2; exit 77; }
export LAN_HOSTS="a b"
work=$(mktemp -d /tmp/svcname-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
for n in "$@"; do
  export LAN_ID=svab$$n
  trap '"$lan" down; rm -rf "$work"' EXIT
  "$lan" up 2>/dev/null
  "$lan" avahi a
  "$lan" spawn b zc /usr/bin/python3 "$here/zc_many.py" --server zcb \
    --addr4 "$("$lan" addr b 4)" --count "$n" --type _http._tcp --prefix "s$n-" >/dev/null
  "$lan" wait-log zc "READY" 60 || { cat "$("$lan" log zc)" >&2; exit 1; }
  echo "# N=$n"
  for be in avahi mdns; do
    # Cold avahi cache for every run: restart host a's daemon.
    "$lan" stop avahi-a; "$lan" avahi a
    "$lan" exec a "$bench" --backend "$be" --type _http._tcp --count "$n" --timeout-ms 60000 \
      --op-timeout-ms 5000 --max-resolvers "${SVCNAME_BENCH_MAX_RESOLVERS:-0}" 2>"$work/$be-$n.err" || true
    grep -E "notice" "$work/$be-$n.err" | head -2 || true
  done
  "$lan" stop avahi-a; "$lan" avahi a
  start=$(date +%s.%N)
  "$lan" exec a timeout 60 avahi-browse -rtp _http._tcp 2>/dev/null > "$work/ab-$n.txt" || true
  end=$(date +%s.%N)
  echo "avahi-browse -rtp: resolved=$(grep -c '^=' "$work/ab-$n.txt") (IPv4+IPv6 lines) wall_s=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')"
  "$lan" down
  trap 'rm -rf "$work"' EXIT
done
