#!/usr/bin/python3
"""Publish DNS-SD services with python3-zeroconf (run inside a test namespace, /usr/bin/python3).

  zc_publish.py --server zcb --addr4 198.18.77.2 [--addr6 fd77:7e57::2 --ifindex N]
                [--service 'INSTANCE|TYPE|PORT|HEXTXT,HEXTXT,...' ...]
                [--count N --type _http._tcp --prefix sN- --port 8000]

TXT strings are given as hex so that empty strings and binary values survive the shell
(an empty field between commas is an empty string). Prints "READY <n>" once every service
is registered; on SIGTERM/SIGINT it unregisters them all (goodbye packets, RFC 6762 §10.1)
and exits. python3-zeroconf 0.47 cannot publish an instance name containing '.'.
"""
import argparse
import asyncio
import signal
import socket
import sys

from zeroconf import IPVersion, ServiceInfo
from zeroconf.asyncio import AsyncZeroconf


async def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True, help="host label, e.g. zcb (published as zcb.local.)")
    ap.add_argument("--addr4", required=True)
    ap.add_argument("--addr6")
    ap.add_argument("--ifindex", type=int, help="interface index for IPv6")
    ap.add_argument("--service", action="append", default=[])
    ap.add_argument("--count", type=int, default=0)
    ap.add_argument("--type", default="_http._tcp")
    ap.add_argument("--prefix", default="s-")
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--max-seconds", type=float, default=600, help="exit after this long anyway")
    a = ap.parse_args()

    interfaces = [a.addr4]
    version = IPVersion.V4Only
    addresses = [socket.inet_aton(a.addr4)]
    if a.addr6:
        interfaces.append(a.ifindex)
        version = IPVersion.All
        addresses.append(socket.inet_pton(socket.AF_INET6, a.addr6))
    azc = AsyncZeroconf(interfaces=interfaces, ip_version=version)
    server = a.server + ".local."

    infos = []
    for spec in a.service:
        inst, typ, port, txt = (spec.split("|") + [""])[:4]
        strings = [bytes.fromhex(h) for h in txt.split(",")] if txt else []
        text = b"".join(bytes([len(s)]) + s for s in strings)
        infos.append(ServiceInfo(typ + ".local.", f"{inst}.{typ}.local.", port=int(port),
                                 properties=text, server=server, addresses=addresses))
    for i in range(a.count):
        infos.append(ServiceInfo(a.type + ".local.", f"{a.prefix}{i:05d}.{a.type}.local.",
                                 port=a.port + i % 1000, properties={b"n": str(i).encode()},
                                 server=server, addresses=addresses))
    # Registered concurrently (register_service() would wait for each one's announcements:
    # ~0.5 s per service). Once registered, every record is answered; announcements go on.
    announcing = [await azc.async_register_service(info, cooperating_responders=True) for info in infos]
    print(f"READY {len(infos)}", flush=True)

    done = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, done.set)
    try:
        await asyncio.wait_for(done.wait(), a.max_seconds)
    except asyncio.TimeoutError:
        pass
    for t in announcing:
        t.cancel()
    await azc.async_unregister_all_services()  # goodbye: TTL 0 (RFC 6762 §10.1)
    await azc.async_close()
    print("BYE", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
