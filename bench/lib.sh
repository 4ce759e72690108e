# Shared helpers for the benchmark scripts: build once, pick free ports, start and stop the emulated
# Docker Hub and the proxy. Sourced, not run.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

source "$ROOT/scripts/java.sh"
use_jdk
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

build() {
  mvn -q -B -DskipTests package test-compile >/dev/null
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for() { # url
  for _ in $(seq 1 100); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "nothing answers at $1" >&2; exit 1
}

start_fakehub() { # port latency-ms
  java -cp "target/test-classes:target/classes:target/libs/*" io.github.dockerhubproxy.fakehub.FakeDockerHub "$1" "$2" \
    >"${LOGDIR:-/tmp}/fakehub-$1.log" 2>&1 &
  PIDS+=($!)
  wait_for "http://127.0.0.1:$1/_fake/stats"
  # benchmarks measure the proxy, not Docker Hub's limit: the emulator announces a million requests a minute
  curl -fs -o /dev/null "http://127.0.0.1:$1/_fake/ratelimit?limit=1000000"
}

start_proxy() { # port upstream-port [VAR=value ...]
  local port=$1 upstream=$2; shift 2
  env HTTP_PORT="$port" DOCKERHUB_API_URL="http://127.0.0.1:$upstream" SECRETS_FILE=/dev/null "$@" \
    java @jvm.options ${JAVA_OPTS:-} -jar target/dockerhub-proxy.jar >"${LOGDIR:-/tmp}/proxy-$port.log" 2>&1 &
  PIDS+=($!)
  wait_for "http://127.0.0.1:$port/users/alice"
}

upstream_requests() { # fakehub-port
  curl -fs "http://127.0.0.1:$1/_fake/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])'
}

reset_fakehub() { curl -fs -o /dev/null "http://127.0.0.1:$1/_fake/reset"; }
