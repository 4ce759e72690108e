"""Sorts a JFR recording's CPU samples into where the time goes (called by bench/profile.sh).

Each sample (jdk.ExecutionSample: a thread running Java code; jdk.NativeMethodSample: a thread in a native
method, such as a socket write) is given to the first category whose prefix matches a frame, walking from the
top of the stack down; samples of threads that wait for work (a parked carrier, a selector) are left out.
"""
import collections
import json
import subprocess
import sys

JFR, RECORDING = sys.argv[1:3]

# (category, frame prefixes), first match from the top of the stack wins.
CATEGORIES = [
    ("socket write (kernel copy + syscall)", ["sun.nio.ch.SocketDispatcher.write", "sun.nio.ch.NioSocketImpl.write",
                                              "sun.nio.ch.NioSocketImpl.implWrite", "sun.nio.ch.IOUtil.write"]),
    ("socket read (syscall)", ["sun.nio.ch.SocketDispatcher.read", "sun.nio.ch.NioSocketImpl.read",
                               "sun.nio.ch.NioSocketImpl.implRead", "sun.nio.ch.NioSocketImpl.park",
                               "sun.nio.ch.IOUtil.read"]),
    ("metrics (Micrometer timer + counters)", ["io.micrometer.", "io.prometheus.",
                                               "io.github.dockerhubproxy.server.Metrics"]),
    ("access log", ["io.github.dockerhubproxy.server.AccessLog"]),
    ("cache lookup (Caffeine)", ["com.github.benmanes.caffeine.", "io.github.dockerhubproxy.cache."]),
    ("proxy: routing, CORS, HTTP caching headers", ["io.github.dockerhubproxy."]),
    ("Helidon: response headers + buffer", ["io.helidon.webserver.http1.Http1ServerResponse",
                                            "io.helidon.http.ServerResponseHeaders", "io.helidon.http.HeaderValue",
                                            "io.helidon.common.buffers.GrowingBufferData"]),
    ("Helidon: request parsing (prologue, headers)", ["io.helidon.webserver.http1.Http1Headers",
                                                      "io.helidon.webserver.http1.Http1Prologue",
                                                      "io.helidon.http.Http1HeadersParser", "io.helidon.common.buffers.",
                                                      "io.helidon.http.HeaderNames", "io.helidon.common.uri."]),
    ("Helidon: routing, request/response objects", ["io.helidon."]),
    ("virtual threads: park/unpark, scheduling", ["jdk.internal.vm.Continuation", "java.lang.VirtualThread",
                                                   "java.util.concurrent.ForkJoin"]),
]
IDLE = ["sun.nio.ch.EPoll.wait", "jdk.internal.misc.Unsafe.park", "java.lang.Object.wait",
        "sun.nio.ch.Net.accept", "java.lang.Thread.sleep"]


def frames(event):
    return [f"{frame['method']['type']['name'].replace('/', '.')}.{frame['method']['name']}"
            for frame in event["values"]["stackTrace"]["frames"]]


out = subprocess.run([JFR, "print", "--json", "--events", "jdk.ExecutionSample,jdk.NativeMethodSample",
                      "--stack-depth", "64", RECORDING], capture_output=True, text=True, check=True).stdout
events = json.loads(out)["recording"]["events"]
counts = collections.Counter()
for event in events:
    stack = frames(event) if event["values"].get("stackTrace") else []
    if not stack or any(stack[0].startswith(idle) for idle in IDLE):
        continue
    category = "other JDK / JIT-compiled glue"
    for frame in stack:
        match = next((name for name, prefixes in CATEGORIES if any(frame.startswith(p) for p in prefixes)), None)
        if match:
            category = match
            break
    counts[category] += 1
total = sum(counts.values())
print(f"| where the proxy's CPU time goes (JFR, {total:,} samples) | share |")
print("|---|---|")
for category, count in counts.most_common():
    print(f"| {category} | {count * 100 / total:.1f} % |")
