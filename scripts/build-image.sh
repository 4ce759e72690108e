#!/usr/bin/env bash
# Builds the proxy's container image as an OCI archive, without a Docker engine: the jar, a jlink'd Java
# runtime with only the modules the proxy needs, a minimal glibc base made from Debian's libc6 package, user
# 10001, nothing written at run time. The same commit gives the same image digest.
#
# Usage: scripts/build-image.sh              linux/amd64  -> target/image/dockerhub-proxy-amd64.tar
#        scripts/build-image.sh --multiarch  linux/amd64, linux/arm64, linux/arm/v7 -> target/image/dockerhub-proxy-multiarch.tar
# Needs root for apt-get on a fresh machine (buildah, and for --multiarch Debian's cross binutils).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
source scripts/java.sh
use_jdk

MULTIARCH=false
[ "${1:-}" = "--multiarch" ] && MULTIARCH=true
OUT=$ROOT/target/image
WORK=$ROOT/target/image-work
mkdir -p "$OUT" "$WORK"
export CONTAINERS_STORAGE_CONF=$WORK/storage.conf
cat >"$CONTAINERS_STORAGE_CONF" <<CONF
[storage]
driver = "overlay"
graphroot = "$WORK/storage"
runroot = "$WORK/runroot"
CONF

install_missing() { # command package...
  local cmd=$1; shift
  command -v "$cmd" >/dev/null && return 0
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
install_missing buildah buildah
install_missing runc runc   # buildah run: the AOT cache is made inside the image
install_missing ss iproute2
install_missing dpkg-deb dpkg
install_missing strip binutils
install_missing skopeo skopeo
install_missing unzip unzip

mvn -q -B -DskipTests package test-compile   # the tests' emulated Docker Hub serves the AOT training run
VERSION=$(sed -n 's/^version=//p' target/classes/dockerhub-proxy.properties)
REVISION=$(git rev-parse HEAD 2>/dev/null || echo unknown)
EPOCH=$(git log -1 --format=%ct 2>/dev/null || echo 0)
CREATED=$(date -u -d "@$EPOCH" +%Y-%m-%dT%H:%M:%SZ)
touch -d "@$EPOCH" target/dockerhub-proxy.jar target/libs/*.jar
SOURCE=${IMAGE_SOURCE:-$(git config --get remote.origin.url 2>/dev/null || echo unknown)}
# java.logging for JUL, java.management + jdk.management for metrics, jdk.unsupported for signals and Caffeine,
# java.net.http for Docker Hub, jdk.crypto.ec for TLS, java.sql for the watch list's database (JDBC), java.naming
# (HikariCP's and the PostgreSQL driver's classes name JNDI types) and java.security.jgss (the PostgreSQL driver's
# connection class names GSS types). jdeps also names java.compiler and java.desktop: optional uses (Helidon's
# annotation processing, Jackson's java.beans support, the PostgreSQL driver's geometric types) left out for size.
MODULES=java.base,java.logging,java.management,java.net.http,jdk.crypto.ec,jdk.management,jdk.unsupported,java.sql,java.naming,java.security.jgss

# A glibc root file system from Debian's .debs in $debs: the loader where the JVM's binaries ask for it, libc
# and the few libraries the JVM opens (Debian's JDKs also need libgcc_s, libstdc++ and libz), as real files.
make_base() { # triplet loader-path outdir debs-dir
  local triplet=$1 loader=$2 dir=$3 debs=$4
  rm -rf "$dir" "$debs/x" && mkdir -p "$dir/lib/$triplet" "$dir/usr/lib" "$dir/etc" "$dir/tmp"
  for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$debs/x"; done
  local src
  src=$(dirname "$(find "$debs/x" -name 'libc.so.6' | head -1)")
  for lib in libc.so.6 libdl.so.2 libm.so.6 libpthread.so.0 librt.so.1 libnss_files.so.2 libnss_dns.so.2 libresolv.so.2 \
      libgcc_s.so.1 libstdc++.so.6 libz.so.1 "$(basename "$loader")"; do
    [ -e "$src/$lib" ] && cp -L "$src/$lib" "$dir/lib/$triplet/"
  done
  ln -s "../../lib/$triplet" "$dir/usr/lib/$triplet"
  mkdir -p "$dir/$(dirname "$loader")"
  [ -e "$dir/$loader" ] || cp -L "$src/$(basename "$loader")" "$dir/$loader"
  printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:10001:10001:dockerhub-proxy:/app:/sbin/nologin\n' >"$dir/etc/passwd"
  printf 'root:x:0:\napp:x:10001:\n' >"$dir/etc/group"
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$dir/etc/nsswitch.conf"
  chmod 1777 "$dir/tmp"
  find "$dir" -exec touch -h -d "@$EPOCH" {} +
}

# The AOT cache (JDK 25, JEPs 483/514/515): a training run inside the image serves the usual routes against the
# emulated Docker Hub (started here, on the host network), and the JVM writes the classes it loaded and linked and
# its method profiles to /app/app.aot as it stops. Production starts with exactly the training run's options.
# (-AOTAdapterCaching: JDK 25 names two adapters alike and warns at every start, JDK-8364929, fixed in 26.)
AOT_OPTS='"-XX:+UnlockDiagnosticVMOptions","-XX:-AOTAdapterCaching"'
sqlite_native() { # oci-arch variant -> sqlite-jdbc's folder of that platform's library
  case "$1${2:+/$2}" in
    amd64) echo x86_64 ;; arm64) echo aarch64 ;; arm/v7) echo armv7 ;; *) echo "no SQLite library for $1" >&2; exit 1 ;;
  esac
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
train_aot_cache() { # container entrypoint-prefix
  local ctr=$1 prefix=$2 hub port log=$WORK/aot-training.log
  hub=$(free_port); port=$(free_port)
  java -cp "target/test-classes:target/classes:target/libs/*" io.github.dockerhubproxy.fakehub.FakeDockerHub "$hub" 0 \
    >"$WORK/aot-fakehub.log" 2>&1 &
  local hub_pid=$!
  local -a java_cmd
  mapfile -t java_cmd < <(python3 -c 'import json,sys; print("\n".join(json.loads("[" + sys.argv[1] + "]")))' "$prefix$AOT_OPTS")
  # the watch list runs too (its database on a host folder, so that nothing of the training stays in the image)
  rm -rf "$WORK/aot-data" && mkdir -p "$WORK/aot-data"
  buildah run --user 0:0 --network host --env HTTP_PORT="$port" --env DOCKERHUB_API_URL="http://127.0.0.1:$hub" \
    --env WATCH=alice/webapp --env DATABASE_URL=/aot-data/training.db --volume "$WORK/aot-data:/aot-data" "$ctr" -- \
    "${java_cmd[@]}" -XX:AOTCacheOutput=/app/app.aot -jar /app/dockerhub-proxy.jar >"$log" 2>&1 &
  local run_pid=$!
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/watch" 2>/dev/null | grep -q '"last_cycle_at":"' && break; sleep 0.1; done
  for path in /health /ready /metrics /ratelimit /users/alice /repositories/alice /repositories/alice/webapp \
      /repositories/alice/webapp/tags /repositories/alice/webapp/tags/latest /repositories/alice/webapp/dockerfile \
      /repositories/alice/webapp/latest /badges/alice/webapp/pulls.svg /badges/alice/webapp/version.json \
      /repositories/ghost/none /no/such/route /watch /history/alice/webapp /history/alice/webapp.svg \
      /feeds/alice/webapp.atom; do
    for _ in 1 2; do
      curl -s -o /dev/null "http://127.0.0.1:$port$path"
      curl -s -o /dev/null --compressed -H "Origin: http://localhost:3000" -H 'If-None-Match: "x"' "http://127.0.0.1:$port$path"
    done
  done
  local jvm
  jvm=$(ss -Hltnp "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  [ -n "$jvm" ] || { cat "$log" >&2; kill "$hub_pid"; echo "the AOT training run did not start" >&2; exit 1; }
  kill -TERM "$jvm"
  wait "$run_pid" || true
  kill "$hub_pid" 2>/dev/null || true
  grep -q 'AOTCache creation is complete' "$log" || { cat "$log" >&2; echo "no AOT cache was written" >&2; exit 1; }
}

# One image: base + runtime + jar, as an OCI archive. The amd64 image adds the AOT cache as a layer of its own: the
# layers below it are the same for the same commit; the cache, from a training run, differs from build to build.
image() { # oci-arch variant base-dir jre-dir archive
  local arch=$1 variant=$2 base=$3 jre=$4 archive=$5 ctr
  ctr=$(buildah from --arch "$arch" ${variant:+--variant "$variant"} --os linux scratch)
  buildah copy --quiet "$ctr" "$base" / >/dev/null
  buildah copy --quiet "$ctr" "$jre" /opt/jre >/dev/null
  buildah copy --quiet --chmod 0644 "$ctr" target/dockerhub-proxy.jar /app/dockerhub-proxy.jar >/dev/null
  buildah copy --quiet --chmod 0644 "$ctr" target/libs /app/libs >/dev/null
  buildah copy --quiet --chmod 0644 "$ctr" jvm.options /app/jvm.options >/dev/null
  # SQLite's native library for this platform, ready to load: sqlite-jdbc would otherwise unpack it to /tmp, which a
  # read-only container does not have; and /data, the watch list's volume, writable by the proxy's user
  local native
  native=$(sqlite_native "$arch" "$variant")
  rm -rf "$WORK/native" "$WORK/data" && mkdir -p "$WORK/native" "$WORK/data"
  unzip -q -o -j target/libs/sqlite-jdbc-*.jar "org/sqlite/native/Linux/$native/libsqlitejdbc.so" -d "$WORK/native"
  touch -d "@$EPOCH" "$WORK/native/libsqlitejdbc.so" "$WORK/native" "$WORK/data"
  buildah copy --quiet --chmod 0644 "$ctr" "$WORK/native" /app/native >/dev/null
  buildah copy --quiet --chown 10001:10001 "$ctr" "$WORK/data" /data >/dev/null
  local entry='"/opt/jre/bin/java","@/app/jvm.options","-XX:MaxRAMPercentage=50","-Dorg.sqlite.lib.path=/app/native","-Dorg.sqlite.lib.name=libsqlitejdbc.so",'
  if [ "$arch" = amd64 ]; then
    buildah commit --quiet --timestamp "$EPOCH" --rm "$ctr" dockerhub-proxy-layers:amd64 >/dev/null
    ctr=$(buildah from dockerhub-proxy-layers:amd64)
    train_aot_cache "$ctr" "$entry"
    entry+="$AOT_OPTS"',"-XX:AOTCache=/app/app.aot",'
  fi
  buildah config --entrypoint "[$entry\"-jar\",\"/app/dockerhub-proxy.jar\"]" \
    --cmd '' --user 10001:10001 --workingdir /app --env HTTP_HOST=0.0.0.0 --env HTTP_PORT=5000 --port 5000/tcp \
    --env DATABASE_URL=/data/dockerhub-proxy.db --volume /data \
    --label org.opencontainers.image.title=dockerhub-proxy \
    --label org.opencontainers.image.description="Read-only caching proxy for the Docker Hub API" \
    --label org.opencontainers.image.version="$VERSION" \
    --label org.opencontainers.image.revision="$REVISION" \
    --label org.opencontainers.image.source="$SOURCE" \
    --label org.opencontainers.image.created="$CREATED" \
    --label io.github.dockerhubproxy.healthcheck='["/opt/jre/bin/java","-XX:-UsePerfData","-jar","/app/dockerhub-proxy.jar","--healthcheck"]' \
    "$ctr"
  rm -f "$archive"
  buildah commit --quiet --format oci --timestamp "$EPOCH" --disable-compression=false --rm "$ctr" \
    "oci-archive:$archive:dockerhub-proxy:$VERSION" >/dev/null
  echo "$archive: $(du -h "$archive" | cut -f1), digest $(skopeo inspect --raw "oci-archive:$archive" 2>/dev/null | sha256sum | cut -c1-16 || echo '?')"
}

jlink_amd64() {
  rm -rf "$WORK/jre-amd64"
  # no compression inside the runtime: the image layer is gzip'd anyway, and gzip of plain classes is smaller
  jlink --add-modules "$MODULES" --strip-java-debug-attributes --no-man-pages --no-header-files --compress=zip-0 \
    --output "$WORK/jre-amd64"
  strip --strip-unneeded "$WORK"/jre-amd64/lib/server/libjvm.so "$WORK"/jre-amd64/lib/*.so
  find "$WORK/jre-amd64" -exec touch -h -d "@$EPOCH" {} +
}

mkdir -p "$WORK/debs/amd64"
(cd "$WORK/debs/amd64" && { ls libc6_*.deb >/dev/null 2>&1 || apt-get download libc6:amd64 >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get download libc6:amd64 >/dev/null; }; })
make_base x86_64-linux-gnu lib64/ld-linux-x86-64.so.2 "$WORK/base-amd64" "$WORK/debs/amd64"
jlink_amd64
image amd64 "" "$WORK/base-amd64" "$WORK/jre-amd64" "$OUT/dockerhub-proxy-amd64.tar"

if $MULTIARCH; then
  source "$ROOT/scripts/arm-runtimes.sh"
  arm_runtimes "$WORK" "$MODULES"
  make_base aarch64-linux-gnu lib/ld-linux-aarch64.so.1 "$WORK/base-arm64" "$WORK/debs/arm64"
  make_base arm-linux-gnueabihf lib/ld-linux-armhf.so.3 "$WORK/base-armhf" "$WORK/debs/armhf"
  image arm64 "" "$WORK/base-arm64" "$WORK/jre-arm64" "$OUT/dockerhub-proxy-arm64.tar"
  image arm v7 "$WORK/base-armhf" "$WORK/jre-armhf" "$OUT/dockerhub-proxy-armv7.tar"
  buildah manifest rm dockerhub-proxy:multi >/dev/null 2>&1 || true
  buildah manifest create dockerhub-proxy:multi >/dev/null
  buildah manifest add dockerhub-proxy:multi "oci-archive:$OUT/dockerhub-proxy-amd64.tar" >/dev/null
  buildah manifest add dockerhub-proxy:multi "oci-archive:$OUT/dockerhub-proxy-arm64.tar" >/dev/null
  buildah manifest add --variant v7 dockerhub-proxy:multi "oci-archive:$OUT/dockerhub-proxy-armv7.tar" >/dev/null
  rm -f "$OUT/dockerhub-proxy-multiarch.tar"
  buildah manifest push --quiet --all --format oci dockerhub-proxy:multi "oci-archive:$OUT/dockerhub-proxy-multiarch.tar:dockerhub-proxy:$VERSION"
  echo "$OUT/dockerhub-proxy-multiarch.tar: $(du -h "$OUT/dockerhub-proxy-multiarch.tar" | cut -f1)"
fi
