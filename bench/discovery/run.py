#!/usr/bin/python3
"""Discovery benchmark (root; network namespaces): time from start to the N-th fully resolved
instance (SRV+TXT+address), N published by one python3-zeroconf host, for
  svcname browse --resolve --backend mdns   (built-in querier)
  avahi-browse -rtp                          (avahi-daemon 0.8, default limits, cold cache)
  python3-zeroconf AsyncServiceBrowser       (zc_browse.py)
in the same run on the same LAN (tests/netns/lan.sh). Also peak RSS of each browser.

  sudo bench/discovery/run.py --svcname build/tools/cli/svcname [--n 500 2000] [--reps 3]
Prints a markdown table. Addresses exist only inside the namespaces (TESTBED.md §2).
"""
import argparse
import json
import os
import selectors
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LAN = os.path.join(ROOT, "tests", "netns", "lan.sh")
PY = "/usr/bin/python3"
SETTLE = 3.0  # seconds between runs


def lan(*args, env, check=True, capture=False):
    return subprocess.run([LAN, *args], env=env, check=check, text=True,
                          stdout=subprocess.PIPE if capture else None)


def timed(cmd, env, host, n, is_done, limit):
    """Runs cmd in host; returns (seconds to the n-th resolved, resolved count, peak RSS MiB)."""
    time.sleep(SETTLE)  # let the publisher finish answering the previous browser
    t0 = time.monotonic()
    p = subprocess.Popen([LAN, "exec", host, *cmd], env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    seen, t_n = set(), None
    deadline = t0 + limit
    # Read with a deadline: a browser that stops printing without exiting (avahi-browse -t
    # waiting for resolvers the daemon refused) must not hang the benchmark.
    sel = selectors.DefaultSelector()
    sel.register(p.stdout, selectors.EVENT_READ)
    buf = b""
    fd = p.stdout.fileno()
    while t_n is None:
        left = deadline - time.monotonic()
        if left <= 0 or not sel.select(min(left, 0.5)):
            if left <= 0:
                break
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        buf += chunk
        *lines, buf = buf.split(b"\n")
        for raw in lines:
            key = is_done(raw.decode("utf-8", "replace"))
            if key and key not in seen:
                seen.add(key)
                if len(seen) == n:
                    t_n = time.monotonic() - t0
                    break
    sel.close()
    for sig, grace in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 0)):
        try:  # stop it (it may have exited already: then it is a zombie until wait4)
            os.kill(p.pid, sig)
        except ProcessLookupError:
            break
        end = time.monotonic() + grace
        while time.monotonic() < end and os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
            time.sleep(0.05)
        if os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
            break
    _, status, ru = os.wait4(p.pid, 0)  # rusage of exactly this child: its peak RSS
    p.returncode = status
    return t_n, len(seen), ru.ru_maxrss / 1024.0, ru.ru_utime + ru.ru_stime


def svcname_done(line):
    if not line.startswith("{"):
        return None
    e = json.loads(line)
    if e.get("event") == "resolved" and e.get("addresses") and e.get("has_txt"):
        return e["instance"]
    return None


def avahi_done(line):
    f = line.split(";")
    if len(f) >= 10 and f[0] == "=" and f[2] == "IPv4" and f[7]:
        return f[3]
    return None


def zc_done(line):
    return line.split(" ", 2)[2].strip() if line.startswith("RESOLVED ") else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--svcname", required=True)
    ap.add_argument("--n", type=int, nargs="+", default=[500, 2000])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--avahi-reps", type=int, default=1)
    a = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("needs root (network namespaces)")
    svcname = os.path.abspath(a.svcname)
    env = dict(os.environ, LAN_ID=f"snbench{os.getpid()}", LAN_HOSTS="a b c d")
    env["LAN_DIR"] = f"/tmp/svcname-lan-{env['LAN_ID']}"
    rows = []
    lan("up", env=env)
    try:
        for idx, n in enumerate(a.n):
            pub = f"pub{n}"
            lan("spawn", "b", pub, PY, os.path.join(ROOT, "tests", "netns", "zc_publish.py"),
                "--server", "zcb", "--addr4", "198.18.77.2", "--count", str(n), "--prefix", f"s{n}-",
                env=env, capture=True)
            if lan("wait-log", pub, "READY", "60", env=env, check=False).returncode != 0:
                sys.exit(f"publisher for N={n} not ready")
            time.sleep(0.5)
            results = {}
            limit = 30.0
            r = [timed([svcname, "browse", "--resolve", "--backend", "mdns", "--json", "-4", "--timeout", "20",
                        "_http._tcp"], env, "c", n, svcname_done, limit) for _ in range(a.reps)]
            results["svcname browse -r (built-in mdns)"] = r
            r = [timed([PY, os.path.join(HERE, "zc_browse.py"), "--iface", "198.18.77.3", "--count", str(n),
                        "--timeout", "20"], env, "c", n, zc_done, limit) for _ in range(a.reps)]
            results["python3-zeroconf browser"] = r
            # avahi-browse on a host whose avahi-daemon starts now: a cold cache, default limits.
            host = "a" if idx % 2 == 0 else "d"
            r = []
            for _ in range(a.avahi_reps):
                lan("avahi", host, env=env)
                r.append(timed(["avahi-browse", "-rtp", "_http._tcp"], env, host, n, avahi_done, limit))
                lan("stop", f"avahi-{host}", env=env)
                lan("stop", f"dbus-{host}", env=env)
            results["avahi-browse -rtp (cold, default limits)"] = r
            lan("stop", pub, env=env)
            for name, rs in results.items():
                times = [r[0] for r in rs if r[0] is not None]
                got = min(r[1] for r in rs)
                rss = max(r[2] for r in rs)
                cpu = statistics.median(r[3] for r in rs)
                cell = (f"{statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f})"
                        if len(times) == len(rs) else f"not reached: {got}/{n} resolved")
                rows.append((n, name, cell, f"{got}/{n}", f"{cpu:.2f}", f"{rss:.1f}", len(rs)))
    finally:
        lan("down", env=env, check=False)
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("| N | browser | time to N-th resolved (median of runs) | resolved (worst run) | CPU s (median) | peak RSS MiB | runs |")
    print("|---|---|---|---|---|---|---|")
    for n, name, cell, got, cpu, rss, runs in rows:
        print(f"| {n} | {name} | {cell} | {got} | {cpu} | {rss} | {runs} |")


if __name__ == "__main__":
    main()
