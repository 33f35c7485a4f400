#!/usr/bin/env bash
# Installs what the pod harness (test/pods/, `npm run pods`, the pods-* e2e tests) needs from
# Debian: podman with runc as its runtime, netavark + aardvark-dns (bridge networks whose
# containers resolve each other by name; netavark 1.4 programs iptables) and tini (the init the
# image runs as PID 1).
# Root and apt-get only; anywhere else it says so and the pod tests skip (or fail under CI=true).
# Nothing is configured system-wide: the harness writes its own containers.conf per run.
set -euo pipefail

packages=(podman runc netavark aardvark-dns iptables tini)

missing=()
for bin in podman runc tini iptables /usr/lib/podman/netavark /usr/lib/podman/aardvark-dns; do
  if [[ "$bin" == /* ]]; then [ -x "$bin" ] || missing+=("$bin"); else command -v "$bin" >/dev/null 2>&1 || missing+=("$bin"); fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "pods: podman, runc, netavark, aardvark-dns and tini already installed"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "pods: missing ${missing[*]}; not root with apt-get, so not installed (the pod tests will skip)" >&2
  exit 1
fi
# --no-install-recommends keeps crun, buildah, criu and fuse-overlayfs out; the network stack is
# named explicitly because without recommends Debian picks CNI, which has no DNS between containers.
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "pods: installed $(podman --version), $(runc --version | head -1), tini $(tini --version | awk '{print $3}')"
