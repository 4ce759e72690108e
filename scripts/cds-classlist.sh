#!/usr/bin/env bash
# Regenerates src/main/image/app.classlist, the classes the container image archives for a quick start (a static
# CDS archive, made by scripts/build-image.sh). A training run serves the usual routes against the emulated Docker
# Hub with -XX:DumpLoadedClassList; the list is then made canonical — class names sorted, then the lambda lines
# sorted, no ids — because a training run's own list differs from run to run in order and in a few classes, and
# the image must come out the same for the same commit. Run it after changing dependencies or the JDK.
source "$(dirname "$0")/../bench/lib.sh"
build
export LOGDIR=$(mktemp -d)
HUB=$(free_port); start_fakehub "$HUB" 0
PROXY=$(free_port)
JAVA_OPTS="-XX:DumpLoadedClassList=$LOGDIR/raw.classlist" start_proxy "$PROXY" "$HUB"
PROXY_PID=${PIDS[-1]}
for path in /health /ready /metrics /ratelimit /users/alice /repositories/alice /repositories/alice/webapp \
    /repositories/alice/webapp/tags /repositories/alice/webapp/tags/latest /repositories/alice/webapp/dockerfile \
    /repositories/ghost/none /no/such/route; do
  curl -s -o /dev/null "http://127.0.0.1:$PROXY$path"
  curl -s -o /dev/null --compressed -H "Origin: http://localhost:3000" "http://127.0.0.1:$PROXY$path"
done
kill -TERM "$PROXY_PID"; wait "$PROXY_PID" || true
OUT=$ROOT/src/main/image/app.classlist
{
  grep -v '^[#@]' "$LOGDIR/raw.classlist" | sed 's/ id: [0-9]*$//' | LC_ALL=C sort -u
  for kind in @lambda-form-invoker @lambda-proxy; do grep "^$kind " "$LOGDIR/raw.classlist" | LC_ALL=C sort -u; done
} >"$OUT"
echo "$OUT: $(wc -l <"$OUT") lines"
