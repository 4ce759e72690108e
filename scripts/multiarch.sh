#!/usr/bin/env bash
# The multi-architecture image: builds linux/amd64, linux/arm64 and linux/arm/v7, joins them into one OCI
# archive (target/image/dockerhub-proxy-multiarch.tar) and smoke-tests each, the ARM ones under qemu-user-static.
# Takes about two minutes and ~700 MB of Debian packages the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-image.sh --multiarch
skopeo inspect --raw oci-archive:target/image/dockerhub-proxy-multiarch.tar \
  | python3 -c 'import json,sys; print("platforms:", ", ".join(m["platform"]["os"] + "/" + m["platform"]["architecture"] + ("/" + m["platform"]["variant"] if m["platform"].get("variant") else "") for m in json.load(sys.stdin)["manifests"]))'
for arch in amd64 arm64 arm; do
  archive=target/image/dockerhub-proxy-$([ "$arch" = arm ] && echo armv7 || echo "$arch").tar
  bash scripts/smoke-image.sh "$archive" "$arch"
done
