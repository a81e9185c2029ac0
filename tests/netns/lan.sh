#!/usr/bin/env bash
# lan.sh — a throwaway LAN of network namespaces for discovery tests (needs root).
#
# Layout (../shared/TESTBED.md §2), for LAN_HOSTS="a b c" (host X is number i = 1, 2, 3):
#   $LAN_ID-lan : bridge br0 (mcast_snooping 0), IPv6 off, no addresses, no uplink
#   $LAN_ID-X   : lo up, veth-X 198.18.77.i/24 + fd77:7e57::i/64 (+ fe80:: link-local),
#                 route 224.0.0.0/4 dev veth-X; no default route, nothing reaches the root ns
# Addresses exist only inside the namespaces; the root namespace gets no interface.
#
# Interface (every subcommand reads LAN_ID, default "svcname", and LAN_DIR, default
# /tmp/svcname-lan-$LAN_ID, where configs, logs and PID files live):
#   lan.sh up                          create namespaces, bridge and veths (LAN_HOSTS, default "a b c")
#   lan.sh avahi HOST                  start a private dbus-daemon + avahi-daemon (host-name "hostHOST")
#                                      in HOST and wait until it is ready (<= 15 s). After
#                                      "lan.sh stop avahi-HOST" it can be started again (same bus). Limits from
#                                      LAN_AVAHI_CACHEMAX / LAN_AVAHI_OBJMAX (avahi defaults 4096 / 1024)
#   lan.sh spawn HOST NAME CMD [ARG…]  run CMD in HOST in the background; stdout+stderr go to
#                                      $LAN_DIR/log/NAME.log, the PID to $LAN_DIR/pids/NAME.pid; prints the PID.
#                                      DBUS_SYSTEM_BUS_ADDRESS points at HOST's bus if it has one.
#   lan.sh exec HOST CMD [ARG…]        run CMD in HOST in the foreground (same environment)
#   lan.sh stop NAME                   SIGTERM the process NAME, SIGKILL after 5 s; waits for it
#   lan.sh wait-log NAME REGEX [SECS]  wait (default 10 s) until NAME's log matches REGEX; 1 on timeout
#   lan.sh log NAME                    path of NAME's log
#   lan.sh addr HOST [4|6]             the host's address (198.18.77.i or fd77:7e57::i)
#   lan.sh down                        stop every process started here (by PID, newest first),
#                                      delete the namespaces and LAN_DIR. Safe to call twice.
# Typical use in a test:
#   export LAN_ID=snt$$; trap 'tests/netns/lan.sh down' EXIT; tests/netns/lan.sh up
#   tests/netns/lan.sh avahi a
#   tests/netns/lan.sh spawn a pub1 avahi-publish -s "Büro Drucker 2.OG" _ipp._tcp 631 "pdl=x"
set -euo pipefail

LAN_ID=${LAN_ID:-svcname}
LAN_DIR=${LAN_DIR:-/tmp/svcname-lan-$LAN_ID}
LAN_HOSTS=${LAN_HOSTS:-a b c}

die() { echo "lan.sh: $*" >&2; exit 1; }
ns() { echo "$LAN_ID-$1"; }
host_index() {  # position of host $1 in the hosts list written by "up"
  local i=1 h
  for h in $(cat "$LAN_DIR/hosts" 2>/dev/null || echo "$LAN_HOSTS"); do
    [ "$h" = "$1" ] && { echo $i; return; }
    i=$((i + 1))
  done
  die "unknown host '$1' (hosts: $(cat "$LAN_DIR/hosts" 2>/dev/null))"
}
bus_env() {  # prints the DBUS_SYSTEM_BUS_ADDRESS assignment for host $1, if it has a bus
  if [ -S "$LAN_DIR/$1/dbus.sock" ]; then echo "DBUS_SYSTEM_BUS_ADDRESS=unix:path=$LAN_DIR/$1/dbus.sock"; fi
}
record() {  # record() NAME PID: NAME.pid holds the latest PID for stop; "all" every PID for down
  echo "$2" > "$LAN_DIR/pids/$1.pid"
  echo "$2" >> "$LAN_DIR/pids/all"
}
alive() { [ -f "$LAN_DIR/pids/$1.pid" ] && kill -0 "$(cat "$LAN_DIR/pids/$1.pid")" 2>/dev/null; }
stop_pid() {  # TERM, wait up to 5 s (bounded), then KILL
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  for i in $(seq 20); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
}

cmd_up() {
  [ "$(id -u)" = 0 ] || die "needs root (network namespaces)"
  ip netns list >/dev/null 2>&1 || die "'ip netns' is not available"
  ip netns list | grep -q "^$LAN_ID-lan\b" && die "LAN '$LAN_ID' exists already (lan.sh down first)"
  mkdir -p "$LAN_DIR/pids" "$LAN_DIR/log"
  echo "$LAN_HOSTS" > "$LAN_DIR/hosts"
  local lan; lan=$(ns lan)
  ip netns add "$lan"
  ip netns exec "$lan" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n "$lan" link add br0 type bridge mcast_snooping 0
  ip -n "$lan" link set br0 up
  local i=1 h n
  for h in $LAN_HOSTS; do
    n=$(ns "$h")
    ip netns add "$n"
    ip -n "$n" link set lo up
    # No duplicate address detection: addresses are usable at once (TESTBED §2).
    ip netns exec "$n" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
    # Both ends are created in place: no interface ever appears in the root namespace.
    ip link add "veth-$h" netns "$n" type veth peer name "port-$h" netns "$lan"
    ip -n "$lan" link set "port-$h" master br0 up
    ip -n "$n" addr add "198.18.77.$i/24" dev "veth-$h"
    ip -n "$n" addr add "fd77:7e57::$i/64" dev "veth-$h" nodad
    ip -n "$n" link set "veth-$h" up
    ip -n "$n" route add 224.0.0.0/4 dev "veth-$h"
    i=$((i + 1))
  done
  # Wait (bounded) until every veth has its IPv6 link-local address.
  for h in $LAN_HOSTS; do
    for i in $(seq 50); do
      ip -n "$(ns "$h")" -6 addr show dev "veth-$h" scope link | grep -q fe80 && break
      sleep 0.1
    done
  done
  echo "lan.sh: LAN '$LAN_ID' up (hosts: $LAN_HOSTS; state in $LAN_DIR)" >&2
}

cmd_avahi() {
  local h=$1 n d
  n=$(ns "$h"); d="$LAN_DIR/$h"
  [ -e "$LAN_DIR/hosts" ] || die "no LAN '$LAN_ID' (lan.sh up first)"
  mkdir -p "$d/run" "$d/services"
  sed "s|@SOCK@|$d/dbus.sock|" > "$d/dbus.conf" <<'CONF'
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=@SOCK@</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <deny own="*"/>
    <deny send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Properties"/>
  </policy>
  <includedir>/usr/share/dbus-1/system.d</includedir>
</busconfig>
CONF
  cat > "$d/avahi-daemon.conf" <<CONF
# avahi-daemon for test host $h (generated by tests/netns/lan.sh)
[server]
host-name=host$h
domain-name=local
use-ipv4=yes
use-ipv6=yes
allow-interfaces=veth-$h
enable-dbus=yes
# "no" is required: with "yes" avahi binds 5353 exclusively (TESTBED §1)
disallow-other-stacks=no
ratelimit-interval-usec=1000000
ratelimit-burst=1000
cache-entries-max=${LAN_AVAHI_CACHEMAX:-4096}
objects-per-client-max=${LAN_AVAHI_OBJMAX:-1024}
[wide-area]
enable-wide-area=no
[publish]
publish-hinfo=no
publish-workstation=no
publish-aaaa-on-ipv4=yes
publish-a-on-ipv6=no
[reflector]
enable-reflector=no
[rlimits]
CONF
  alive "avahi-$h" && die "avahi-daemon already runs in $h (lan.sh stop avahi-$h first)"
  if ! alive "dbus-$h"; then  # a restarted avahi-daemon reuses the host's bus
    rm -f "$d/dbus.sock"
    ip netns exec "$n" dbus-daemon --config-file="$d/dbus.conf" --nofork --nopidfile \
      >> "$LAN_DIR/log/dbus-$h.log" 2>&1 &
    record "dbus-$h" $!
  fi
  local i
  for i in $(seq 50); do [ -S "$d/dbus.sock" ] && break; sleep 0.1; done
  [ -S "$d/dbus.sock" ] || die "dbus-daemon in $h did not start (see $LAN_DIR/log/dbus-$h.log)"
  # The log is appended to across restarts: ready means one more "startup complete" line.
  touch "$LAN_DIR/log/avahi-$h.log"
  local before now; before=$(grep -c "Server startup complete" "$LAN_DIR/log/avahi-$h.log" || true)
  # Private /run (pid file and socket are compiled-in paths) and services dir: bind mounts in
  # the mount namespace that "ip netns exec" gives this process only.
  DBUS_SYSTEM_BUS_ADDRESS="unix:path=$d/dbus.sock" ip netns exec "$n" sh -c '
    mount --bind "$1" /run && mount --bind "$2" /etc/avahi/services &&
    exec avahi-daemon -f "$3" --no-chroot --no-drop-root --no-rlimits' sh \
    "$d/run" "$d/services" "$d/avahi-daemon.conf" >> "$LAN_DIR/log/avahi-$h.log" 2>&1 &
  record "avahi-$h" $!
  local _
  for _ in $(seq 150); do
    now=$(grep -c "Server startup complete" "$LAN_DIR/log/avahi-$h.log" || true)
    [ "${now:-0}" -gt "${before:-0}" ] && return 0
    sleep 0.1
  done
  die "avahi-daemon in $h not ready after 15 s (see $LAN_DIR/log/avahi-$h.log)"
}

cmd_spawn() {
  local h=$1 name=$2; shift 2
  [ -e "$LAN_DIR/hosts" ] || die "no LAN '$LAN_ID' (lan.sh up first)"
  host_index "$h" >/dev/null
  # shellcheck disable=SC2046
  env $(bus_env "$h") ip netns exec "$(ns "$h")" "$@" > "$LAN_DIR/log/$name.log" 2>&1 &
  record "$name" $!
  echo $!
}

cmd_exec() {
  local h=$1; shift
  host_index "$h" >/dev/null
  # shellcheck disable=SC2046
  exec env $(bus_env "$h") ip netns exec "$(ns "$h")" "$@"
}

cmd_stop() {
  local f="$LAN_DIR/pids/$1.pid"
  [ -f "$f" ] || die "no process named '$1'"
  stop_pid "$(cat "$f")"
}

cmd_wait_log() {
  local name=$1 re=$2 secs=${3:-10} i
  for i in $(seq $((secs * 10))); do
    grep -Eq -- "$re" "$LAN_DIR/log/$name.log" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

cmd_addr() {
  local i; i=$(host_index "$1")
  if [ "${2:-4}" = 6 ]; then echo "fd77:7e57::$i"; else echo "198.18.77.$i"; fi
}

cmd_down() {
  # TERM every recorded process at once (newest first), wait for all (bounded: 5 s), then
  # KILL what is left. Each PID was recorded by this script: nothing else is touched.
  local pids="" pid i
  if [ -f "$LAN_DIR/pids/all" ]; then
    for pid in $(tac "$LAN_DIR/pids/all"); do
      kill -0 "$pid" 2>/dev/null || continue
      kill -TERM "$pid" 2>/dev/null || true
      pids="$pids $pid"
    done
    for i in $(seq 50); do
      local alive=""
      for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive="$alive $pid"; done
      pids=$alive
      [ -z "$pids" ] && break
      sleep 0.1
    done
    for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
  fi
  local h
  for h in $(cat "$LAN_DIR/hosts" 2>/dev/null || echo "$LAN_HOSTS") lan; do
    ip netns del "$(ns "$h")" 2>/dev/null || true
  done
  case "$LAN_DIR" in /tmp/svcname-lan-*|*/svcname-lan-*) rm -rf "$LAN_DIR" ;; esac
}

sub=${1:-}
[ $# -gt 0 ] && shift
case "$sub" in
  up) cmd_up ;;
  avahi) [ $# -eq 1 ] || die "usage: lan.sh avahi HOST"; cmd_avahi "$1" ;;
  spawn) [ $# -ge 3 ] || die "usage: lan.sh spawn HOST NAME CMD [ARG...]"; cmd_spawn "$@" ;;
  exec) [ $# -ge 2 ] || die "usage: lan.sh exec HOST CMD [ARG...]"; cmd_exec "$@" ;;
  stop) [ $# -eq 1 ] || die "usage: lan.sh stop NAME"; cmd_stop "$1" ;;
  wait-log) [ $# -ge 2 ] || die "usage: lan.sh wait-log NAME REGEX [SECS]"; cmd_wait_log "$@" ;;
  log) echo "$LAN_DIR/log/$1.log" ;;
  addr) cmd_addr "$@" ;;
  down) cmd_down ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
