#!/usr/bin/python3
"""Publishes N DNS-SD instances at once with python3-zeroconf's asyncio API (for benchmarks).

    zc_many.py --server zcb --addr4 198.18.77.2 --count 2000 [--type _http._tcp] [--prefix sN-]

Registrations run concurrently (python3-zeroconf announces each one ~3 times over ~0.5 s, so
registering 2,000 one by one takes minutes); probing is skipped (cooperating_responders).
Prints "READY <n>"; on SIGTERM/SIGINT (or after --max-seconds) unregisters all and exits.
"""
import argparse
import asyncio
import signal
import socket

from zeroconf import IPVersion, ServiceInfo
from zeroconf.asyncio import AsyncZeroconf


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--addr4", required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--type", default="_http._tcp")
    ap.add_argument("--prefix", default="s-")
    ap.add_argument("--max-seconds", type=float, default=600)
    a = ap.parse_args()
    zc = AsyncZeroconf(interfaces=[a.addr4], ip_version=IPVersion.V4Only)
    t = a.type + ".local."
    infos = [ServiceInfo(t, f"{a.prefix}{i:05d}.{t}", port=8000 + i % 1000,
                         properties={b"n": str(i).encode()}, server=a.server + ".local.",
                         addresses=[socket.inet_aton(a.addr4)]) for i in range(a.count)]
    tasks = [await zc.async_register_service(i, cooperating_responders=True) for i in infos]
    await asyncio.gather(*tasks)
    print(f"READY {len(infos)}", flush=True)
    done = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, done.set)
    try:
        await asyncio.wait_for(done.wait(), a.max_seconds)
    except asyncio.TimeoutError:
        pass
    await zc.async_unregister_all_services()
    await zc.async_close()
    print("BYE", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
