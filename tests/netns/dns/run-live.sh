#!/usr/bin/env bash
# Runs the unicast backend's [.live] tests against BIND 9 inside a private network namespace
# (own loopback: no port clash with anything else on the machine, nothing in the root ns).
#   run-live.sh TEST_BINARY [CATCH_ARGS...]     (default "[unicast-live]")
# Exit 77 (CTest SKIP_RETURN_CODE) when not root or BIND is missing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=$1; shift
[ $# -gt 0 ] || set -- "[unicast-live]"
skip() { echo "SKIP: $*" >&2; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root for a network namespace (run ctest -L netns as root)"
command -v named >/dev/null || skip "named not installed (apt-get install bind9 bind9-dnsutils)"
command -v dig >/dev/null || skip "dig not installed (apt-get install bind9-dnsutils)"
ns=svcdns$$
run=$(mktemp -d /tmp/svcname-dns.XXXXXX)
cleanup() {
  "$here/stop.sh" "$run" || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$run"
}
trap cleanup EXIT
ip netns add "$ns"
addr=$(SVCNAME_DNS_NETNS=$ns "$here/start.sh" "$run")
SVCNAME_TEST_DNS=$addr ip netns exec "$ns" "$bin" "$@"

# The CLI end to end (when SVCNAME_EXE is set): `resolve` of a unicast name must choose the
# unicast backend by itself (auto) from the name's domain, and NXDOMAIN must exit 3.
if [ -n "${SVCNAME_EXE:-}" ]; then
  out=$(ip netns exec "$ns" "$SVCNAME_EXE" -q resolve --json 'Web Server v1\.2._http._tcp.example.test.' --server "$addr")
  echo "$out" | grep -q '"port":8080' || { echo "FAIL: resolve via auto backend: $out" >&2; exit 1; }
  echo "$out" | grep -q '"backend":"unicast"' || { echo "FAIL: auto did not pick unicast: $out" >&2; exit 1; }
  rc=0
  ip netns exec "$ns" "$SVCNAME_EXE" -q resolve 'Ghost Printer._ipp._tcp.example.test.' --server "$addr" >/dev/null 2>&1 || rc=$?
  [ "$rc" = 3 ] || { echo "FAIL: NXDOMAIN resolve exited $rc, expected 3" >&2; exit 1; }
  echo "cli resolve: ok"
  # RFC 6763 §11: `browse --domains` lists what b._dns-sd._udp.example.test points to.
  out=$(ip netns exec "$ns" "$SVCNAME_EXE" -q browse --domains -d example.test --json --server "$addr")
  for d in example.test lab.example.test; do
    echo "$out" | grep '"event":"domain_added"' | grep -q "\"domain\":\"$d\"" ||
      { echo "FAIL: browse --domains did not list $d: $out" >&2; exit 1; }
  done
  [ "$(echo "$out" | grep -c domain_added)" = 2 ] || { echo "FAIL: browse --domains: $out" >&2; exit 1; }
  out=$(ip netns exec "$ns" "$SVCNAME_EXE" -q browse --domains -d example.test --server "$addr")
  [ "$out" = "$(printf 'example.test\nlab.example.test')" ] ||
    { echo "FAIL: browse --domains table: $out" >&2; exit 1; }
  echo "cli browse --domains: ok"
fi
