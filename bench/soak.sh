#!/usr/bin/env bash
# Soak: 256 connections on a mix of routes for a few minutes while the emulated Docker Hub answers 20 % of requests
# 500 and turns to 429 for 2 s every 30 s. Every 10 s it prints requests, non-2xx answers, p99 and the proxy's RSS.
# CACHE_TTL=5 keeps background refreshes running (and failing) all the time; answers are warmed before the chaos.
# Usage: bench/soak.sh [seconds, default 180] [JVM options for the proxy, after jvm.options]   (installs wrk when missing)
source "$(dirname "$0")/lib.sh"
DURATION=${1:-180}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
build
export LOGDIR=$(mktemp -d)
HUB=$(free_port); start_fakehub "$HUB" 0
PROXY=$(free_port)
JAVA_OPTS="${2:-}" start_proxy "$PROXY" "$HUB" CACHE_TTL=5 ACCESS_LOG=${SOAK_ACCESS_LOG:-false}
PROXY_PID=${PIDS[-1]}
PATHS=(/users/alice /users/bigorg /repositories/alice /repositories/bigorg /repositories/alice/webapp
  /repositories/alice/webapp/tags /repositories/alice/webapp/tags/latest /repositories/alice/worker
  /repositories/alice/webapp/dockerfile /repositories/alice/manytags/tags /ratelimit /health)
for path in "${PATHS[@]}"; do curl -fs -o /dev/null "http://127.0.0.1:$PROXY$path"; done
curl -fs -o /dev/null "http://127.0.0.1:$HUB/_fake/chaos?error_rate=0.2&throttle_every=30&throttle_for=2"
python3 "$ROOT/bench/soak.py" "$DURATION" "$PROXY" "$PROXY_PID" "${PATHS[@]}"
echo "upstream requests during the soak: $(upstream_requests "$HUB")"
