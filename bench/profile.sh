#!/usr/bin/env bash
# Where the hot path's time goes: the proxy (default flags) serving a cached 2 KB answer to wrk (64 connections)
# under a JFR profile, CPU samples sorted into categories by bench/profile.py.
# Usage: bench/profile.sh [seconds, default 10]
source "$(dirname "$0")/lib.sh"
DURATION=${1:-10}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
build
export LOGDIR=$(mktemp -d)
HUB=$(free_port); start_fakehub "$HUB" 0
PROXY=$(free_port); start_proxy "$PROXY" "$HUB"
PID=${PIDS[-1]}
URL="http://127.0.0.1:$PROXY/repositories/alice/webapp"
wrk -t2 -c64 -d10s "$URL" >/dev/null   # warm up (JIT)
jcmd "$PID" JFR.start name=hot settings=profile "jdk.ExecutionSample#period=1ms" "jdk.NativeMethodSample#period=2ms" filename="$LOGDIR/hot.jfr" >/dev/null
wrk -t2 -c64 -d"${DURATION}s" "$URL" | grep -E 'Requests/sec'
jcmd "$PID" JFR.stop name=hot >/dev/null
python3 "$ROOT/bench/profile.py" "$JAVA_HOME/bin/jfr" "$LOGDIR/hot.jfr"
