#!/usr/bin/env bash
# Installs geth and bootnode v1.13.15 (the last geth that seals Clique) into .tools/bin of this
# repository, built from source with the Go toolchain through the Go module proxy.
# Reuses what is already there: .tools/bin, then a per-user cache (~/.cache/geth-agent).
set -euo pipefail

version=1.13.15
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest="$root/.tools/bin"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/geth-agent/geth-v$version/bin"

# The output is captured before it is matched: `geth version | grep -q` under pipefail fails when
# grep exits early and geth gets SIGPIPE.
has_version() {
  [ -x "$1/geth" ] && [ -x "$1/bootnode" ] || return 1
  local out
  out=$("$1/geth" version 2>/dev/null) || return 1
  [[ "$out" == *"Version: $version-stable"* ]]
}

if has_version "$dest"; then
  echo "geth $version already installed in $dest"
  exit 0
fi

# geth 1.13.15 is built and released with Go 1.21; distributions may ship older ones.
. "$root/scripts/go-toolchain.sh"

if ! has_version "$cache"; then
  require_go geth "$version" 21 "distribution packages may be too old: Debian 12's golang-go is 1.19"
  # Go >= 1.23 refuses geth 1.13's link to runtime internals (go-ethereum#30100); the linker flag
  # -checklinkname=0 lifts the check and only exists from 1.23 on.
  ldflags=""
  if [ "$go_minor" -ge 23 ]; then ldflags="-checklinkname=0"; fi
  echo "building geth and bootnode $version with $go_version (a few minutes the first time)..."
  mkdir -p "$cache"
  GOBIN="$cache" CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOTOOLCHAIN=local \
    go install -ldflags="$ldflags" \
    "github.com/ethereum/go-ethereum/cmd/geth@v$version" \
    "github.com/ethereum/go-ethereum/cmd/bootnode@v$version"
  has_version "$cache" || { echo "install-geth: the built geth does not report version $version" >&2; exit 1; }
fi

mkdir -p "$dest"
cp -f "$cache/geth" "$cache/bootnode" "$dest/"
echo "installed geth and bootnode $version in $dest"
out=$("$dest/geth" version 2>/dev/null || true)
printf '%s\n' "$out" | sed -n 1,2p
