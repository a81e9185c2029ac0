#!/usr/bin/python3
"""python3-zeroconf browser for the discovery benchmark: browse TYPE, resolve every instance
(SRV+TXT+address), print one line per resolved instance: "RESOLVED <seconds> <name>".
Stops after --count resolved instances or --timeout seconds."""
import argparse
import asyncio
import sys
import time

from zeroconf import IPVersion, ServiceStateChange
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf


async def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--type", default="_http._tcp.local.")
    ap.add_argument("--iface", required=True, help="IPv4 address of the interface")
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--timeout", type=float, default=20)
    a = ap.parse_args()
    t0 = time.monotonic()
    azc = AsyncZeroconf(interfaces=[a.iface], ip_version=IPVersion.V4Only)
    done = asyncio.Event()
    resolved = set()
    tasks = set()
    inflight = asyncio.Semaphore(64)  # bounded: thousands of parallel requests flood the responder

    def report(name: str) -> None:
        resolved.add(name)
        print(f"RESOLVED {time.monotonic() - t0:.4f} {name}", flush=True)
        if len(resolved) >= a.count:
            done.set()

    async def resolve(name: str) -> None:
        info = AsyncServiceInfo(a.type, name)
        # Browse answers carry SRV/TXT/A as additional records: use the cache first (what
        # zeroconf's own examples do), ask the network only for what is missing.
        if info.load_from_cache(azc.zeroconf) and info.parsed_addresses():
            if name not in resolved:
                report(name)
            return
        await asyncio.sleep(0.25)  # the SRV/TXT/A additionals usually follow in the next datagrams
        async with inflight:
            if info.load_from_cache(azc.zeroconf) and info.parsed_addresses():
                ok = True
            else:
                ok = await info.async_request(azc.zeroconf, 3000) and info.parsed_addresses()
        if ok and name not in resolved:
            report(name)

    def on_change(zeroconf, service_type, name, state_change):
        if state_change is ServiceStateChange.Added:
            t = asyncio.ensure_future(resolve(name))
            tasks.add(t)
            t.add_done_callback(tasks.discard)

    browser = AsyncServiceBrowser(azc.zeroconf, [a.type], handlers=[on_change])
    try:
        await asyncio.wait_for(done.wait(), a.timeout)
    except asyncio.TimeoutError:
        pass
    await browser.async_cancel()
    await azc.async_close()
    print(f"DONE {len(resolved)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
