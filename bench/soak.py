"""Runs wrk in 10-second slices against a mix of paths and prints one line per slice (called by bench/soak.sh)."""
import os
import re
import subprocess
import sys
import tempfile

duration, port, pid = int(sys.argv[1]), sys.argv[2], sys.argv[3]
paths = sys.argv[4:]
SLICE = 10

script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
script.write("local paths = {" + ",".join('"%s"' % p for p in paths) + "}\n"
             "local i = 0\n"
             "request = function()\n"
             "  i = i + 1\n"
             "  return wrk.format('GET', paths[(i % #paths) + 1])\n"
             "end\n")
script.close()


def rss_mb():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0


def millis(value, unit):
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


print(f"{'t (s)':>6} {'requests':>10} {'req/s':>8} {'non-2xx':>8} {'errors':>7} {'p99 ms':>8} {'max ms':>8} {'RSS MB':>7}")
total = bad = 0
kinds = []
for t in range(SLICE, duration + 1, SLICE):
    out = subprocess.run(["wrk", "-t2", "-c256", f"-d{SLICE}s", "--timeout", "10s", "--latency", "-s", script.name,
                          f"http://127.0.0.1:{port}"], capture_output=True, text=True).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1])
    socket_errors = re.search(r"Socket errors: (.*)", out)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    if errors:
        kinds.append(f"{t}s: {socket_errors.group(1)}")
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    slowest = re.search(r"Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)", out)
    total += requests
    bad += non2xx + errors
    print(f"{t:>6} {requests:>10} {requests / SLICE:>8.0f} {non2xx:>8} {errors:>7} {millis(*p99.groups()):>8.2f} {millis(*slowest.groups()):>8.0f} {rss_mb():>7.0f}",
          flush=True)
print(f"total: {total} requests, {bad} non-2xx or socket errors")
for kind in kinds:
    print(f"  socket errors at {kind} (wrk counts an answer slower than 10 s as 'timeout')")
os.unlink(script.name)
