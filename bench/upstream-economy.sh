#!/usr/bin/env bash
# Upstream economy: how long a cold 10,000-repository list takes, and how many upstream requests 50
# concurrent cold requests cost, against the emulated Docker Hub with 50 ms latency per request.
# Usage: bench/upstream-economy.sh   (needs a JDK >= 21, Maven, curl, python3)
source "$(dirname "$0")/lib.sh"
build
HUB=$(free_port); start_fakehub "$HUB" 50
# CACHE_TTL=0 and CACHE_MAX_STALE=0 make every request a cold one, so runs can repeat after warm-up
NOCACHE=(CACHE_TTL=0 CACHE_MAX_STALE=0 UPSTREAM_RATE_LIMIT=100000)
PAR=$(free_port); start_proxy "$PAR" "$HUB" "${NOCACHE[@]}"
SEQ=$(free_port); start_proxy "$SEQ" "$HUB" "${NOCACHE[@]}" UPSTREAM_PAGE_CONCURRENCY=1
COLD=$(free_port); start_proxy "$COLD" "$HUB"

cold() { # proxy-port path
  reset_fakehub "$HUB"
  local t; t=$(curl -fs -o /dev/null -w '%{time_total}' "http://127.0.0.1:$1$2")
  echo "$t s, $(upstream_requests "$HUB") upstream requests"
}

echo "cold /repositories/hugeorg (10,000 repositories, 100 pages, 50 ms each):"
echo "  first request after start (JIT cold): $(cold "$PAR" /repositories/hugeorg)"
for i in 1 2 3; do cold "$PAR" /repositories/hugeorg >/dev/null; done
for i in 1 2 3; do echo "  warm JVM, run $i, parallel pages (default 16): $(cold "$PAR" /repositories/hugeorg)"; done
echo "  one page at a time, like the original:       $(cold "$SEQ" /repositories/hugeorg)"

reset_fakehub "$HUB"
start=$(date +%s.%N)
seq 50 | xargs -P 50 -I{} curl -fs -o /dev/null "http://127.0.0.1:$COLD/repositories/bigorg"
end=$(date +%s.%N)
echo "50 concurrent cold /repositories/bigorg (13 pages): $(upstream_requests "$HUB") upstream requests, $(python3 -c "print(round($end-$start,3))") s"
