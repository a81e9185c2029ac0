#!/usr/bin/env bash
# Unicast DNS-SD benchmark: svcname's unicast backend resolving N instances (default 10,000)
# from BIND 9, next to dnsperf replaying the same queries against the same server.
# Runs in a private network namespace (root); BIND stopped by PID on exit.
#   bench/discovery/unicast.sh BUILD_DIR [N] [REPEATS]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dns=$here/../../tests/netns/dns
build=$1 n=${2:-10000} reps=${3:-3}
bench=$build/bench/bench_discovery
[ -x "$bench" ] || { echo "build bench_discovery first (-DSVCNAME_BENCH=ON)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "needs root (network namespace)" >&2; exit 77; }
command -v dnsperf >/dev/null || { echo "dnsperf missing (apt-get install dnsperf)" >&2; exit 77; }
ns=svcbench$$
work=$(mktemp -d /tmp/svcname-bench.XXXXXX)
trap '"$dns/stop.sh" "$work/run" || true; ip netns del "$ns" 2>/dev/null || true; rm -rf "$work"' EXIT
"$dns/gen-zone.py" --count "$n" --out "$work" >/dev/null
ip netns add "$ns"
addr=$(SVCNAME_DNS_NETNS=$ns SVCNAME_DNS_WORKERS=${SVCNAME_DNS_WORKERS:-1} "$dns/start.sh" "$work/run" "bench.test=$work/bench.test.zone")
echo "# BIND 9 ($(named -v)) on $addr in namespace $ns, $n instances, $(wc -l < "$work/bench.test.dnsperf") distinct queries"
for i in $(seq "$reps"); do
  ip netns exec "$ns" "$bench" --backend unicast --server "$addr" --domain bench.test \
    --browse-domains --type _http._tcp --count "$n" --timeout-ms 120000
done
ip=${addr%:*} port=${addr##*:}
for i in $(seq "$reps"); do
  # -n 1: each query once, as svcname asks them; -q: queries outstanding (svcname keeps 64 in flight)
  ip netns exec "$ns" dnsperf -s "$ip" -p "$port" -d "$work/bench.test.dnsperf" -n 1 -q 64 -t 5 2>&1 |
    grep -E "Queries (sent|completed|lost)|Queries per second|Run time" | tr -s ' ' | paste -sd' '
done
