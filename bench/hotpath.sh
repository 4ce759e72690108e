#!/usr/bin/env bash
# Hot path: the proxy serving cached answers next to nginx serving the same bytes as static files, in one
# interleaved run. Installs wrk and nginx (Debian) when missing, builds the proxy, starts the emulated Docker
# Hub, the proxy and nginx on free loopback ports, warms everything, then prints a table.
# Usage: bench/hotpath.sh [seconds-per-run, default 10]     (needs root for apt-get on a fresh machine)
source "$(dirname "$0")/lib.sh"
DURATION=${1:-10}
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi
build
export LOGDIR=$(mktemp -d)
HUB=$(free_port); start_fakehub "$HUB" 0
PROXY=$(free_port); start_proxy "$PROXY" "$HUB"
PROXY_PID=${PIDS[-1]}
SMALL=$(free_port)
JAVA_OPTS="$(cat "$ROOT/bench/small-device.flags")" start_proxy "$SMALL" "$HUB"
SMALL_PID=${PIDS[-1]}
NGINX=$(free_port)
WWW="$LOGDIR/www"; mkdir -p "$WWW"
curl -fs "http://127.0.0.1:$PROXY/repositories/alice/webapp" -o "$WWW/detail.json"
curl -fs "http://127.0.0.1:$PROXY/repositories/bigorg" -o "$WWW/list.json"
curl -fs -H 'Accept-Encoding: gzip' "http://127.0.0.1:$PROXY/repositories/bigorg" -o "$WWW/list.json.gz"
cat >"$LOGDIR/nginx.conf" <<CONF
worker_processes auto;
pid $LOGDIR/nginx.pid;
error_log $LOGDIR/nginx-error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_timeout 65; keepalive_requests 1000000;
  open_file_cache max=1000 inactive=60s; open_file_cache_valid 60s; open_file_cache_errors on;
  server {
    listen 127.0.0.1:$NGINX;
    location / {
      root $WWW;
      default_type application/json;
      gzip_static on;
      etag on;
      add_header Cache-Control "public, max-age=300";
      add_header Vary "Accept-Encoding, Origin";
      add_header Age 0;
    }
  }
}
CONF
chmod -R a+rX "$LOGDIR"   # nginx workers run as www-data
/usr/sbin/nginx -c "$LOGDIR/nginx.conf" -p "$LOGDIR"
trap 'cleanup; kill $(cat "$LOGDIR/nginx.pid") 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do [ -s "$LOGDIR/nginx.pid" ] && break; sleep 0.1; done
python3 "$ROOT/bench/hotpath.py" "$DURATION" "$PROXY" "$PROXY_PID" "$SMALL" "$SMALL_PID" "$NGINX" "$(cat "$LOGDIR/nginx.pid")"
