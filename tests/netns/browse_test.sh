#!/usr/bin/env bash
# netns test: `svcname browse --backend mdns` against real peers on a namespace LAN.
#   browse_test.sh PATH/TO/svcname
# Host a: avahi-daemon publishing with avahi-publish; host b: python3-zeroconf; host c:
# avahi-daemon (so the querier shares port 5353 with it) and svcname. Checks that every
# published instance is found and resolved with the right SRV/TXT/addresses, that -p lines
# equal avahi-browse -p's, and that a service removed during --watch is reported removed.
# Exit 77 (CTest: skipped) when not root or when ip netns / avahi / zeroconf are missing.
set -euo pipefail
svcname=$(realpath "${1:?usage: browse_test.sh PATH/TO/svcname}")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lan="$here/lan.sh"
py=/usr/bin/python3

skip() { echo "SKIP: $*" >&2; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root (network namespaces); run ctest -L netns as root"
ip netns list >/dev/null 2>&1 || skip "'ip netns' is not available"
for t in avahi-daemon avahi-publish avahi-browse dbus-daemon; do
  command -v "$t" >/dev/null || skip "$t is not installed (apt-get install avahi-daemon avahi-utils dbus)"
done
"$py" -c 'import zeroconf' 2>/dev/null || skip "python3-zeroconf is not installed for $py"

export LAN_ID="snb$$"
export LAN_DIR="/tmp/svcname-lan-$LAN_ID"
trap '"$lan" down' EXIT
"$lan" up
work="$LAN_DIR/work"
mkdir -p "$work"

# --- peers -----------------------------------------------------------------------------
"$lan" avahi a
"$lan" avahi c
L63="A 63-octet instance label, exactly the RFC 6763 4.1.1 limit.xyz"
"$lan" spawn a pub-buero avahi-publish -s "Büro Drucker 2.OG" _http._tcp 631 "pdl=application/pdf" $'bin=\x01\x02\xff' >/dev/null
"$lan" spawn a pub-long avahi-publish -s "$L63" _http._tcp 8063 "k=v" >/dev/null
"$lan" spawn a pub-temp avahi-publish -s "Temp Service" _http._tcp 9000 "temp=1" >/dev/null
hexs() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
ifb=$("$lan" exec b cat /sys/class/net/veth-b/ifindex)
"$lan" spawn b zc "$py" "$here/zc_publish.py" --server zcb --addr4 198.18.77.2 --addr6 fd77:7e57::2 \
  --ifindex "$ifb" \
  --service "ZC Web on B|_http._tcp|8081|$(hexs path=/zc),,$(printf 'bin=\000\001\377' | od -An -tx1 | tr -d ' \n')" \
  --service "Café Ünïcode|_http._tcp|8082|$(hexs path=/café)" >/dev/null
for p in pub-buero pub-long pub-temp; do
  "$lan" wait-log "$p" "Established" 15 || { cat "$("$lan" log "$p")"; echo "FAIL: $p not established"; exit 1; }
done
"$lan" wait-log zc READY 15 || { cat "$("$lan" log zc)"; echo "FAIL: zeroconf publisher not ready"; exit 1; }

# --- one-shot browse + resolve, JSON Lines ---------------------------------------------
rc=0
"$lan" exec c "$svcname" browse --resolve _http._tcp --backend mdns --json --timeout 5 > "$work/oneshot.jsonl" || rc=$?
# 1: error-level findings exist (the empty TXT key below); anything else is a failure.
[ $rc -eq 1 ] || { echo "FAIL: svcname exited $rc, expected 1"; cat "$work/oneshot.jsonl"; exit 1; }
"$py" - "$work/oneshot.jsonl" <<'PY'
import json, sys
events = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
L63 = "A 63-octet instance label, exactly the RFC 6763 4.1.1 limit.xyz"
# instance -> (host, port, TXT strings as bytes in wire order, IPv4 address, IPv6 address)
expected = {
    "Büro Drucker 2.OG": ("hosta.local.", 631, [b"pdl=application/pdf", b"bin=\x01\x02\xff"], "198.18.77.1", "fd77:7e57::1"),
    L63: ("hosta.local.", 8063, [b"k=v"], "198.18.77.1", "fd77:7e57::1"),
    "Temp Service": ("hosta.local.", 9000, [b"temp=1"], "198.18.77.1", "fd77:7e57::1"),
    "ZC Web on B": ("zcb.local.", 8081, [b"path=/zc", b"", b"bin=\x00\x01\xff"], "198.18.77.2", "fd77:7e57::2"),
    "Café Ünïcode": ("zcb.local.", 8082, ["path=/café".encode()], "198.18.77.2", "fd77:7e57::2"),
}
bad = []
added = {(e["instance"], e["protocol"]) for e in events if e["event"] == "added"}
resolved = {}
for e in events:
    if e["event"] == "resolved":
        resolved.setdefault(e["instance"], []).append(e)
for inst, (host, port, txt, a4, a6) in expected.items():
    for proto in ("IPv4", "IPv6"):
        if (inst, proto) not in added:
            bad.append(f"{inst!r} not listed over {proto}")
    rs = resolved.get(inst, [])
    if {r["protocol"] for r in rs} != {"IPv4", "IPv6"}:
        bad.append(f"{inst!r} resolved over {sorted(r['protocol'] for r in rs)}, expected IPv4 and IPv6")
    addrs = set()
    for r in rs:
        if r["host"] != host or r["port"] != port:
            bad.append(f"{inst!r}: SRV {r['host']}:{r['port']}, expected {host}:{port}")
        got_txt = [bytes.fromhex(h) for h in r["txt_hex"]]
        if got_txt != txt:
            bad.append(f"{inst!r}: TXT {got_txt}, expected {txt}")
        if r["interface"] != "veth-c":
            bad.append(f"{inst!r}: interface {r['interface']}")
        for a in r["addresses"]:
            addrs.add(a["address"])
            if a["address"].startswith("fe80:") and not a.get("scope_id"):
                bad.append(f"{inst!r}: link-local {a['address']} without scope")
    if a4 not in addrs or a6 not in addrs:
        bad.append(f"{inst!r}: addresses {sorted(addrs)}, expected {a4} and {a6}")
    if inst == L63:
        if len(inst.encode()) != 63:
            bad.append("test bug: long label is not 63 octets")
        r0 = next((e for e in events if e.get("instance") == L63), None)
        if r0 and r0["instance_escaped"] != L63.replace(".", "\\."):
            bad.append(f"63-octet label escaped as {r0['instance_escaped']!r}")
extra = {i for (i, _) in added} - set(expected)
if extra:
    bad.append(f"unexpected instances {sorted(extra)}")
if not any(e["event"] == "all_for_now" for e in events):
    bad.append("no all_for_now event")
cafe = [e for e in events if e["event"] == "resolved" and e["instance"] == "Café Ünïcode"]
serious = [f["id"] for e in cafe for f in e["findings"] if f["severity"] in ("error", "warning")]
if serious:
    bad.append(f"unexpected findings for Café Ünïcode: {serious}")
# The TXT layer grades what was resolved: a binary value is noted (RFC 6763 §6.5).
buero = [e for e in events if e["event"] == "resolved" and e["instance"] == "Büro Drucker 2.OG"]
if buero and not any(f["id"] == "txt-value-binary" for f in buero[0]["findings"]):
    bad.append(f"no txt-value-binary note for Büro Drucker 2.OG: {buero[0]['findings']}")
errors = sorted({(e["instance"], f["id"]) for e in events if e["event"] in ("added", "resolved")
                 for f in e["findings"] if f["severity"] == "error"})
# The only error: ZC Web on B's TXT holds an empty string, an empty key (RFC 6763 §6.4).
if errors != [("ZC Web on B", "txt-key-empty")]:
    bad.append(f"error-level findings {errors}, expected only ZC Web on B / txt-key-empty")
if bad:
    print("FAIL one-shot:\n  " + "\n  ".join(bad))
    sys.exit(1)
print(f"ok one-shot: {len(expected)} instances listed and resolved over IPv4 and IPv6")
PY

# --- -p lines equal avahi-browse -p (-k: raw type names) -------------------------------
# (exit status 1 means error-level findings on what was found: not a failure here)
ours() { "$lan" exec c "$svcname" "$@" || [ $? -eq 1 ]; }
ours browse -p --backend mdns --timeout 5 _http._tcp | sort > "$work/ours.p"
"$lan" exec c timeout 10 avahi-browse -tpk _http._tcp | sort > "$work/avahi.p"
if ! diff -u "$work/avahi.p" "$work/ours.p"; then echo "FAIL: -p listing differs from avahi-browse -tpk"; exit 1; fi
# Resolved lines: avahi picks one address of its own choosing; compare every other field.
strip_addr() { awk -F';' 'BEGIN{OFS=";"} /^=/{ $8="ADDR" } {print}' | sort; }
ours browse -rp --backend mdns --timeout 5 _http._tcp | grep '^=' | strip_addr > "$work/ours.rp"
"$lan" exec c timeout 10 avahi-browse -rtpk _http._tcp | grep '^=' | strip_addr > "$work/avahi.rp"
if ! diff -u "$work/avahi.rp" "$work/ours.rp"; then echo "FAIL: -rp lines differ from avahi-browse -rtpk"; exit 1; fi
echo "ok parsable: $(wc -l < "$work/ours.p") listing and $(wc -l < "$work/ours.rp") resolved lines equal avahi-browse's"

# --- --watch: a service removed mid-browse is reported removed (goodbye) ---------------
"$lan" spawn c watch "$svcname" browse --watch --json --backend mdns --timeout 30 _http._tcp >/dev/null
"$lan" wait-log watch '"event":"added".*"instance":"Temp Service".*"protocol":"IPv4"|"event":"added".*"protocol":"IPv4".*"instance":"Temp Service"' 10 ||
  "$lan" wait-log watch '"instance":"Temp Service"' 5 || { cat "$("$lan" log watch)"; echo "FAIL: watch did not list Temp Service"; exit 1; }
"$lan" wait-log watch '"event":"all_for_now"' 10 || true
"$lan" stop pub-temp   # avahi withdraws the service: goodbye packets, TTL 0 (RFC 6762 §10.1)
if ! "$lan" wait-log watch '"event":"removed".*Temp Service' 10; then
  cat "$("$lan" log watch)"; echo "FAIL: removal of Temp Service not reported within 10 s"; exit 1
fi
"$lan" stop watch
"$py" - "$("$lan" log watch)" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.startswith("{")]
removed = [e for e in ev if e["event"] == "removed"]
if {e["instance"] for e in removed} != {"Temp Service"}:
    print(f"FAIL watch: removed events for {sorted({e['instance'] for e in removed})}, expected only Temp Service")
    sys.exit(1)
still = {e["instance"] for e in ev if e["event"] == "added"} - {"Temp Service"}
if len(still) != 4:
    print(f"FAIL watch: listed {sorted(still)}")
    sys.exit(1)
print(f"ok watch: Temp Service removed over {sorted(e['protocol'] for e in removed)}, 4 others kept")
PY
echo "PASS"
