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
run2=$(mktemp -d /tmp/svcname-dns2.XXXXXX)
cleanup() {
  "$here/stop.sh" "$run" || true
  "$here/stop.sh" "$run2" || true
  rm -rf "$run2"
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
  # Failover across --server: a second BIND (127.0.0.2) serves a working broken.test and no
  # example.test (so it REFUSES it); the first answers SERVFAIL for broken.test. Each name
  # resolves only if a failing server hands the query to the next one.
  sed 's/example\.test/broken.test/g' "$here/example.test.zone" >"$run2/broken-ok.zone"
  addr2=$(SVCNAME_DNS_NETNS=$ns SVCNAME_DNS_ADDR=127.0.0.2 SVCNAME_DNS_BASE_ZONES=0 \
    "$here/start.sh" "$run2" "broken.test=$run2/broken-ok.zone")
  web='Web Server v1\.2._http._tcp'
  out=$(ip netns exec "$ns" "$SVCNAME_EXE" -q resolve --json "$web.broken.test." --server "$addr" --server "$addr2" 2>&1) || true
  echo "$out" | grep -q '"port":8080' || { echo "FAIL: SERVFAIL did not fail over: $out" >&2; exit 1; }
  out=$(ip netns exec "$ns" "$SVCNAME_EXE" -q resolve --json "$web.example.test." --server "$addr2" --server "$addr" 2>&1) || true
  echo "$out" | grep -q '"port":8080' || { echo "FAIL: REFUSED did not fail over: $out" >&2; exit 1; }
  # With the failing server alone, the failure is reported (exit 3), and says which.
  rc=0
  err=$(ip netns exec "$ns" "$SVCNAME_EXE" resolve "$web.broken.test." --server "$addr" 2>&1 >/dev/null) || rc=$?
  [ "$rc" = 3 ] || { echo "FAIL: SERVFAIL alone exited $rc, expected 3" >&2; exit 1; }
  echo "$err" | grep -q SERVFAIL || { echo "FAIL: SERVFAIL not named: $err" >&2; exit 1; }
  echo "cli --server failover: ok"
fi
