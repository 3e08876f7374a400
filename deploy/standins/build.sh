#!/usr/bin/env bash
# Local stand-ins for the registry images that the Dockerfile and docker-compose.yml name
# (python:3.11-slim, postgres:15, redis:7), for machines that reach Debian's package mirror
# and PyPI but no container registry. They stand in for the registry only: the project's
# Dockerfile and docker-compose.yml run on them unchanged (`make compose-test`).
#
# A Debian bookworm rootfs is made with debootstrap and imported as
# assembly-planner/debian:bookworm; each stand-in is built FROM it with Debian's packages.
# An image built from the same folder is kept, and the rootfs tarball is cached outside the
# repository ($STANDIN_CACHE), so a second run costs a few `docker image inspect`s.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${STANDIN_CACHE:-/var/cache/assembly-planner}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
base=assembly-planner/debian:bookworm
rootfs=$cache/debian-bookworm-minbase.tar

have() { docker image inspect "$1" >/dev/null 2>&1; }

if ! have "$base"; then
  if [ ! -s "$rootfs" ]; then
    mkdir -p "$cache"
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" \
      || { tail -n 30 "$work/debootstrap.log" "$work/rootfs/debootstrap/debootstrap.log" >&2; exit 1; }
    # As in Debian's own images: packages do not start services while an image is built,
    # and no package lists nor downloaded .debs stay behind (each stand-in runs apt-get update).
    printf '#!/bin/sh\nexit 101\n' >"$work/rootfs/usr/sbin/policy-rc.d"
    chmod +x "$work/rootfs/usr/sbin/policy-rc.d"
    rm -rf "$work"/rootfs/var/lib/apt/lists/* "$work"/rootfs/var/cache/apt/archives/*.deb
    tar -C "$work/rootfs" --numeric-owner -cf "$rootfs.part" .
    mv "$rootfs.part" "$rootfs"
  fi
  docker import --change 'CMD ["bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "$rootfs" "$base" >/dev/null
fi

# The python stand-in reaches PyPI and npm's registry the way this machine does: with the
# host's CA bundle (an egress proxy may sign their certificates). That is registry access,
# not the project's. A stand-in is rebuilt when its folder changes (the label says which).
standin() {
  local tag=$1 folder=$here/$2 made_from context
  made_from=$(cat "$folder"/* | sha256sum | cut -c1-16)
  [ "$(docker image inspect -f '{{index .Config.Labels "assembly-planner.standin"}}' "$tag" \
    2>/dev/null)" = "$made_from" ] && return
  context=$(mktemp -d)
  cp -r "$folder/." "$context/"
  [ "$tag" = python:3.11-slim ] && cp /etc/ssl/certs/ca-certificates.crt "$context/"
  docker build --quiet --build-arg BASE="$base" \
    --label assembly-planner.standin="$made_from" -t "$tag" "$context" >/dev/null
  rm -rf "$context"
  echo "built stand-in $tag"
}

# All three at once: their time goes mostly to downloading packages.
standin python:3.11-slim python & python=$!
standin postgres:15 postgres & postgres=$!
standin redis:7 redis & redis=$!
failed=0
for job in "$python" "$postgres" "$redis"; do wait "$job" || failed=1; done
exit "$failed"
