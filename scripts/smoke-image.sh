#!/usr/bin/env bash
# Runs the image built by scripts/build-image.sh the way operators do — podman, read-only root, all
# capabilities dropped, user 10001 — against the emulated Docker Hub, and checks /health, a proxied route,
# /metrics and the image's own health check. Prints the time from `podman run` to the first answer.
#
# Usage: scripts/smoke-image.sh [archive] [amd64|arm64|arm]     (arm64/arm run under qemu-user-static)
# Uses rootful podman with runc and cgroupfs, host network, explicit ulimits (what works on these machines).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
source scripts/java.sh
use_jdk
ARCHIVE=${1:-target/image/dockerhub-proxy-amd64.tar}
ARCH=${2:-amd64}
WORK=$ROOT/target/smoke-$ARCH
rm -rf "$WORK" && mkdir -p "$WORK"

command -v podman >/dev/null && command -v runc >/dev/null \
  || { apt-get update -qq && apt-get install -y -qq --no-install-recommends podman runc >/dev/null; }
nofile=$(ulimit -Hn); nproc=4096   # lowering limits is always allowed; raising is not, here
cat >"$WORK/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "runc"
tmp_dir = "$WORK/tmp"
volume_path = "$WORK/volumes"
CONF
cat >"$WORK/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$WORK/storage"
runroot = "$WORK/runroot"
CONF
export CONTAINERS_CONF=$WORK/containers.conf CONTAINERS_STORAGE_CONF=$WORK/storage.conf

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
[ -d target/test-classes/io/github/dockerhubproxy/fakehub ] || mvn -q -B -DskipTests test-compile
HUB=$(free_port); PORT=$(free_port)
java -cp "target/test-classes:target/classes:target/libs/*" io.github.dockerhubproxy.fakehub.FakeDockerHub "$HUB" 0 \
  >"$WORK/fakehub.log" 2>&1 &
HUB_PID=$!
NAME=dockerhub-proxy-smoke-$ARCH-$$
cleanup() { podman rm -f "$NAME" >/dev/null 2>&1 || true; kill "$HUB_PID" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$HUB/_fake/stats" && break; sleep 0.1; done

IMAGE=$(podman load -q -i "$ARCHIVE" 2>/dev/null | sed -n 's/^Loaded image: //p' | tail -1)
[ -n "$IMAGE" ] || { echo "could not load $ARCHIVE" >&2; exit 1; }
QEMU=()
if [ "$ARCH" != amd64 ]; then
  command -v qemu-aarch64-static >/dev/null || apt-get install -y -qq qemu-user-static >/dev/null
  qemu=$([ "$ARCH" = arm64 ] && echo /usr/bin/qemu-aarch64-static || echo /usr/bin/qemu-arm-static)
  QEMU=(-v "$qemu:/qemu:ro" --entrypoint '["/qemu","/opt/jre/bin/java","-XX:-UsePerfData","-jar","/app/dockerhub-proxy.jar"]')
fi
# the watch list's volume, as docker-compose mounts it: a folder the proxy's user owns
mkdir -p "$WORK/data" && chown 10001:10001 "$WORK/data"
start=$(date +%s.%N)
podman run -d --name "$NAME" --arch "$ARCH" --network host --read-only --cap-drop ALL --security-opt no-new-privileges \
  -v "$WORK/data:/data" -e WATCH=alice/webapp \
  -e HTTP_PORT="$PORT" -e DOCKERHUB_API_URL="http://127.0.0.1:$HUB" "${QEMU[@]}" "$IMAGE" >/dev/null
for _ in $(seq 1 1200); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/health" && break; sleep 0.02; done
answered=$(date +%s.%N)
first=$(python3 -c "print(round($answered - $start, 2))")
started=$(podman inspect --format '{{.State.StartedAt.UnixNano}}' "$NAME")
since_start=$(python3 -c "print(round($answered - $started / 1e9, 2))")
fail() { echo "SMOKE FAILED ($ARCH): $*" >&2; podman logs "$NAME" >&2 || true; exit 1; }
# (answers are read whole before grep looks: grep -q on a pipe can cut curl short, which pipefail reports)
expect() { # path text
  local body
  body=$(curl -fs "http://127.0.0.1:$PORT$1") || fail "$1 did not answer 200"
  grep -q -- "$2" <<<"$body" || fail "$1 lacks '$2'"
}
expect /health '"up"'
expect /users/alice 'Alice M'
expect '/repositories/bigorg?limit=5' '"count":1234'
expect /metrics 'dockerhub_proxy_requests_seconds_count'
# the watch list: its first cycle runs at start, into the SQLite file on the volume (native library, migrations)
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$PORT/watch" | grep -q '"last_cycle_at":"' && break; sleep 0.1
done
expect /watch '"tags":250'
expect /history/alice/webapp '"pull_count"'
[ -s "$WORK/data/dockerhub-proxy.db" ] || fail "no database file on the /data volume"
user=$(podman inspect --format '{{.Config.User}}' "$NAME")
[ "$user" = "10001:10001" ] || fail "runs as '$user', not 10001"
if [ "$ARCH" = amd64 ]; then
  podman exec "$NAME" /opt/jre/bin/java -XX:-UsePerfData -jar /app/dockerhub-proxy.jar --healthcheck || fail "health check command"
  # the image's AOT cache is one the JVM accepts (-XX:AOTMode=on refuses to start otherwise), with the entrypoint's options
  mapfile -t entry < <(podman image inspect --format '{{json .Config.Entrypoint}}' "$IMAGE" \
    | python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)))')
  [[ " ${entry[*]} " == *" -XX:AOTCache=/app/app.aot "* ]] || fail "the entrypoint does not use the AOT cache"
  podman exec "$NAME" "${entry[@]:0:${#entry[@]}-2}" -XX:AOTMode=on -jar /app/dockerhub-proxy.jar --healthcheck \
    || fail "the AOT cache /app/app.aot is not usable"
  ! podman logs "$NAME" 2>&1 | grep -q '\[warning\]\[\(cds\|aot\)' || fail "the JVM warned about its AOT cache"
fi
podman stop -t 15 "$NAME" >/dev/null
code=$(podman inspect --format '{{.State.ExitCode}}' "$NAME")
[ "$code" = 0 ] || fail "exit code $code after SIGTERM"
echo "smoke test passed ($ARCH): first answer ${since_start}s after the container started (${first}s after podman run); read-only, cap-drop ALL, user $user; exit $code on SIGTERM"
