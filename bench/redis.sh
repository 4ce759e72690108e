#!/usr/bin/env bash
# The Redis tier's cost on the hot path (hits come from memory: should be within 5 % of memory-only) and the
# latency of a first hit served from Redis by a replica that never saw the key.
# Usage: bench/redis.sh [seconds-per-run, default 10]   (installs redis-server and wrk when missing)
source "$(dirname "$0")/lib.sh"
DURATION=${1:-10}
need=()
command -v wrk >/dev/null || need+=(wrk)
[ -x /usr/bin/redis-server ] || need+=(redis-server)
[ ${#need[@]} -eq 0 ] || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }
build
export LOGDIR=$(mktemp -d)
REDIS=$(free_port)
/usr/bin/redis-server --port "$REDIS" --bind 127.0.0.1 --save '' --appendonly no >"$LOGDIR/redis.log" 2>&1 &
PIDS+=($!)
HUB=$(free_port); start_fakehub "$HUB" 50
MEM=$(free_port); start_proxy "$MEM" "$HUB"
RED=$(free_port); start_proxy "$RED" "$HUB" REDIS_URL="redis://127.0.0.1:$REDIS/0"
COLD=$(free_port); start_proxy "$COLD" "$HUB" REDIS_URL="redis://127.0.0.1:$REDIS/0"
url=/repositories/alice/webapp
curl -fs -o /dev/null "http://127.0.0.1:$MEM$url"; curl -fs -o /dev/null "http://127.0.0.1:$RED$url"
rps() { wrk -t2 -c64 -d"$1"s "http://127.0.0.1:$2$url" | awk '/Requests\/sec/ {print $2}'; }
rps 5 "$MEM" >/dev/null; rps 5 "$RED" >/dev/null
echo "| run | memory only req/s | with Redis req/s | ratio |"
echo "|---|---|---|---|"
for run in 1 2 3; do
  m=$(rps "$DURATION" "$MEM"); r=$(rps "$DURATION" "$RED")
  echo "| $run | $m | $r | $(python3 -c "print(round($r/$m, 3))") |"
done
# first hits on a replica whose memory is cold, the entry already in Redis (written by the other replica)
curl -fs -o /dev/null "http://127.0.0.1:$RED/repositories/bigorg"
t() { curl -fs -o /dev/null -w '%{time_total}' "http://127.0.0.1:$1$2"; }
echo
echo "first request on a replica with a cold memory (Docker Hub emulated with 50 ms per request):"
echo "  2 KB detail from Redis:          $(t "$COLD" "$url") s"
echo "  1,234-repository list from Redis: $(t "$COLD" /repositories/bigorg) s"
echo "  2 KB detail from Docker Hub:      $(t "$COLD" /repositories/alice/worker) s"
echo "  1,234-repository list from Docker Hub: $(t "$COLD" /repositories/hugeorg?limit=1234) s"
