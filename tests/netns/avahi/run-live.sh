#!/usr/bin/env bash
# Runs the Avahi backend's [.live] tests against real avahi-daemons in a throwaway namespace
# LAN (tests/netns/lan.sh): host a = avahi-daemon + the test binary, host b = avahi-daemon
# publishing buero.service and an avahi-publish'ed "Web Server v1.2". Nothing runs in the
# root namespace; everything is stopped by PID on exit.
#   run-live.sh TEST_BINARY live|kill|limits   (limits: + 2,000 python3-zeroconf instances on b)
# Exit 77 (CTest SKIP_RETURN_CODE) when not root or avahi-daemon / dbus-daemon are missing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=$1 mode=$2
skip() { echo "SKIP: $*" >&2; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root for network namespaces (run ctest -L netns as root)"
for c in avahi-daemon dbus-daemon avahi-publish ip; do
  command -v "$c" >/dev/null || skip "$c not installed (apt-get install avahi-daemon avahi-utils dbus iproute2)"
done
export LAN_ID=sva$$ LAN_HOSTS="a b"
lan="$here/../lan.sh"
trap '"$lan" down' EXIT
"$lan" up
mkdir -p "/tmp/svcname-lan-$LAN_ID/b/services"
cp "$here/buero.service" "/tmp/svcname-lan-$LAN_ID/b/services/"
"$lan" avahi a
"$lan" avahi b
"$lan" wait-log avahi-b "Service \"B.*\" .*successfully established" 10 ||
  { cat "$("$lan" log avahi-b)" >&2; exit 1; }
pub=$("$lan" spawn b pub-web avahi-publish -s "Web Server v1.2" _http._tcp 8080 "path=/")
"$lan" wait-log pub-web "Established under name" 10 || { cat "$("$lan" log pub-web)" >&2; exit 1; }
avahi_a=$(cat "/tmp/svcname-lan-$LAN_ID/pids/avahi-a.pid")
scale_n=2000
case "$mode" in
  live) tag="[avahi-live]" ;;
  kill) tag="[avahi-kill]" ;;
  limits)
    tag="[avahi-limits]"
    command -v /usr/bin/python3 >/dev/null && /usr/bin/python3 -c 'import zeroconf' 2>/dev/null ||
      skip "python3-zeroconf not installed (apt-get install python3-zeroconf)"
    "$lan" spawn b zc /usr/bin/python3 "$here/../../../bench/discovery/zc_many.py" --server zcb \
      --addr4 "$("$lan" addr b 4)" --count "$scale_n" --prefix s- >/dev/null
    "$lan" wait-log zc "READY" 60 || { cat "$("$lan" log zc)" >&2; exit 1; } ;;
  *) echo "usage: $0 TEST_BINARY live|kill|limits" >&2; exit 2 ;;
esac
SVCNAME_TEST_IFACE=veth-a SVCNAME_TEST_PEER_V4=$("$lan" addr b 4) \
SVCNAME_TEST_PUBLISHER_PID=$pub SVCNAME_TEST_AVAHI_PID=$avahi_a SVCNAME_TEST_SCALE_N=$scale_n \
  "$lan" exec a "$bin" "$tag"
