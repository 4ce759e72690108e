#!/usr/bin/env bash
# Badges: cold answers (nothing cached; the JVM warmed on other repositories first) for the version badge of a
# repository with 5,000 tags at 50 ms upstream latency, and for size, layers and platforms (the emulated registry);
# then cached SVG badge throughput next to the cached 2 KB JSON answer, interleaved, three rounds.
# Usage: bench/badges.sh [seconds per throughput run, default 10]   (installs wrk when missing)
source "$(dirname "$0")/lib.sh"
DURATION=${1:-10}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
build
export LOGDIR=$(mktemp -d)
HUB=$(free_port); start_fakehub "$HUB" 50
java -cp "target/test-classes:target/classes:target/libs/*" io.github.dockerhubproxy.fakehub.FakeRegistry >"$LOGDIR/registry.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do grep -q '^registry ' "$LOGDIR/registry.log" && break; sleep 0.1; done
read -r _ REGISTRY _ AUTH < <(grep '^registry ' "$LOGDIR/registry.log")
PROXY=$(free_port)
start_proxy "$PROXY" "$HUB" DOCKERHUB_REGISTRY_URL="$REGISTRY" DOCKERHUB_REGISTRY_AUTH_URL="$AUTH" ACCESS_LOG=false
time_get() { curl -s -o /dev/null -w '%{http_code} %{time_total}' "http://127.0.0.1:$PROXY$1"; }
# warm the JVM on other repositories and kinds
for path in /badges/alice/manytags/version.svg /badges/alice/webapp/size.svg /badges/library/nginx/platforms.svg \
    /badges/alice/webapp/pulls.svg /badges/vendor/app/version.svg; do time_get "$path" >/dev/null; done
echo "| cold badge (nothing cached) | status, seconds |"
echo "|---|---|"
for path in /badges/bigorg/repo-1234/version.svg "/badges/bigorg/repo-1234/version.svg?sort=date" \
    /badges/alice/worker/size.svg "/badges/alice/worker/layers.svg?arch=arm64" /badges/alice/webapp/platforms.svg; do
  echo "| \`$path\` | $(time_get "$path") |"
done
echo
echo "| cached, wrk -c64 ${DURATION}s | req/s | p50 / p99 ms |"
echo "|---|---|---|"
for round in 1 2 3; do
  for path in /repositories/alice/webapp /badges/alice/webapp/pulls.svg; do
    out=$(wrk -t2 -c64 -d"${DURATION}s" --latency "http://127.0.0.1:$PROXY$path")
    rps=$(grep Requests/sec <<<"$out" | awk '{print $2}')
    p50=$(grep -E '^\s+50%' <<<"$out" | awk '{print $2}'); p99=$(grep -E '^\s+99%' <<<"$out" | awk '{print $2}')
    echo "| \`$path\` (round $round) | $rps | $p50 / $p99 |"
  done
done
