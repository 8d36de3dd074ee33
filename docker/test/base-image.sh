#!/usr/bin/env bash
# Makes localhost/debian-base:bookworm, the root of every test image, on a machine that cannot
# pull images: a minimal Debian bookworm from Debian's own packages (debootstrap), imported into
# podman. One-time cost (about 2-3 minutes, most of it debootstrap's downloads); skipped when the
# image exists. Needs root, debootstrap and podman.
set -euo pipefail
IMAGE=${1:-localhost/debian-base:bookworm}
if podman image exists "$IMAGE"; then
  echo "base image $IMAGE exists"
  exit 0
fi
command -v debootstrap >/dev/null || { echo "base-image: install debootstrap (apt-get install debootstrap)" >&2; exit 1; }
dir=$(mktemp -d /tmp/hashstream-debian-base.XXXXXX)
trap 'rm -rf "$dir"' EXIT
echo "debootstrap --variant=minbase bookworm (one time) ..."
debootstrap --variant=minbase bookworm "$dir" >"$dir.log" 2>&1 || { tail -n 30 "$dir.log" >&2; rm -f "$dir.log"; exit 1; }
rm -f "$dir.log"
rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
tar -C "$dir" -c . | podman import - "$IMAGE" >/dev/null
echo "base image $IMAGE imported"
