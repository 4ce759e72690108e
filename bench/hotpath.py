"""Runs wrk against the proxy and nginx, interleaved, and prints the table (called by bench/hotpath.sh)."""
import os
import re
import subprocess
import sys
import time

duration, proxy, proxy_pid, small, small_pid, nginx, nginx_master = sys.argv[1:8]
CLK_TCK = os.sysconf("SC_CLK_TCK")
IDLE_SECONDS = 30


def pids(pid):
    """The process and its children (nginx workers)."""
    children = subprocess.run(["pgrep", "-P", pid], capture_output=True, text=True).stdout.split()
    return [pid] + children


def cpu_ticks(pid):
    total = 0
    for p in pids(pid):
        try:
            fields = open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except FileNotFoundError:
            pass
    return total


def rss_mb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0


def etag(port, path):
    out = subprocess.run(["curl", "-sI", f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True).stdout
    return re.search(r"(?im)^etag:\s*(.+?)\s*$", out).group(1)


def wrk(port, path, conns, seconds, gzip=False, header=None):
    cmd = ["wrk", "-t2", f"-c{conns}", f"-d{seconds}s", "--latency", f"http://127.0.0.1:{port}{path}"]
    if gzip:
        cmd[1:1] = ["-H", "Accept-Encoding: gzip"]
    if header:
        cmd[1:1] = ["-H", header]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)

    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    return rps, pct(50), pct(99), requests, int(errors.group(1)) if errors else 0


def measure(name, port, pid, path, conns, gzip=False, header=None):
    before = cpu_ticks(pid)
    rps, p50, p99, requests, errors = wrk(port, path, conns, duration, gzip, header)
    cpu_us = (cpu_ticks(pid) - before) * 1e6 / CLK_TCK / max(requests, 1)
    return dict(name=name, rps=rps, p50=p50, p99=p99, cpu=cpu_us, errors=errors)


cases = [("2 KB detail", "/repositories/alice/webapp", "/detail.json", False),
         ("1,234-repo list", "/repositories/bigorg", "/list.json", False),
         ("1,234-repo list, gzip", "/repositories/bigorg", "/list.json", True)]

print("warming up (JIT) ...", flush=True)
for _, proxy_path, nginx_path, gz in cases:
    wrk(proxy, proxy_path, 64, 5, gz)
    wrk(small, proxy_path, 64, 3, gz)
    wrk(nginx, nginx_path, 64, 2, gz)

rows = []
proxy_tag = etag(proxy, cases[0][1])
nginx_tag = etag(nginx, cases[0][2])
for conns in (64, 256):
    for label, proxy_path, nginx_path, gz in cases:
        p = measure("proxy", proxy, proxy_pid, proxy_path, conns, gz)
        n = measure("nginx", nginx, nginx_master, nginx_path, conns, gz)
        rows.append((f"{label}, c{conns}", p, n))
        if conns == 64 and proxy_path == cases[0][1]:
            # The 304 right after the 200 it is compared with, in the same conditions.
            p = measure("proxy", proxy, proxy_pid, proxy_path, 64, header=f"If-None-Match: {proxy_tag}")
            n = measure("nginx", nginx, nginx_master, nginx_path, 64, header=f"If-None-Match: {nginx_tag}")
            rows.append(("2 KB detail revalidated (304), c64", p, n))
small_rows = []
for label, proxy_path, _, gz in cases[:2]:
    small_rows.append((f"{label}, c64", measure("small", small, small_pid, proxy_path, 64, gz)))

print()
print(f"| case | proxy req/s | nginx req/s | proxy/nginx | proxy p50 / p99 ms | nginx p50 / p99 ms | proxy / nginx CPU µs per request |")
print("|---|---|---|---|---|---|---|")
for label, p, n in rows:
    print(f"| {label} | {p['rps']:,.0f} | {n['rps']:,.0f} | {p['rps'] / n['rps']:.2f} | {p['p50']:.2f} / {p['p99']:.2f} "
          f"| {n['p50']:.2f} / {n['p99']:.2f} | {p['cpu']:.1f} / {n['cpu']:.1f} |")
print()
print("| small-device flags (bench/small-device.flags) | req/s | p50 / p99 ms | CPU µs per request |")
print("|---|---|---|---|")
for label, s in small_rows:
    print(f"| {label} | {s['rps']:,.0f} | {s['p50']:.2f} / {s['p99']:.2f} | {s['cpu']:.1f} |")
print()
print(f"proxy RSS right after the runs: default flags {rss_mb(proxy_pid):.0f} MB, small-device flags {rss_mb(small_pid):.0f} MB",
      flush=True)
# A burst is over: the proxy hands memory back once it has been idle for a while (jvm.options: G1's periodic
# collection and a native-heap trim every 15 s).
time.sleep(IDLE_SECONDS)
print(f"proxy RSS {IDLE_SECONDS} s after the runs (idle): default flags {rss_mb(proxy_pid):.0f} MB, "
      f"small-device flags {rss_mb(small_pid):.0f} MB")
# The first large answers after a quiet spell meet a heap that has shrunk: their latency, twice over.
for spell in (1, 2):
    if spell > 1:
        time.sleep(IDLE_SECONDS)
    rps, p50, p99, _, errors = wrk(proxy, cases[1][1], 64, 3)
    print(f"first 3 s of the 1,234-repo list at c64 after {IDLE_SECONDS} s quiet (spell {spell}): "
          f"{rps:,.0f} req/s, p50 {p50:.2f} ms, p99 {p99:.2f} ms, RSS after {rss_mb(proxy_pid):.0f} MB")
bad = [r for r in rows if r[1]["errors"] or r[2]["errors"]]
if bad:
    print("non-2xx answers seen:", [(r[0], r[1]["errors"], r[2]["errors"]) for r in bad])
