#!/bin/sh
# Stops the named started by start.sh RUNDIR, by the PID it recorded (TERM, then KILL after 5 s).
#   tests/netns/dns/stop.sh RUNDIR
set -u
[ $# -eq 1 ] || { echo "usage: $0 RUNDIR" >&2; exit 2; }
pidfile=$1/named.pid
[ -f "$pidfile" ] || exit 0
pid=$(cat "$pidfile")
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid" 2>/dev/null
  i=0
  while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
fi
rm -f "$pidfile"
exit 0
