#!/usr/bin/env bash
# Installs helm (pinned) into .tools/bin of this repository, built from source with the Go
# toolchain through the Go module proxy, for the offline chart checks (helm lint, helm template).
# Reuses what is already there: .tools/bin, then a per-user cache (~/.cache/geth-agent).
set -euo pipefail

version=4.3.2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest="$root/.tools/bin"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/geth-agent/helm-v$version/bin"

# The output is captured before it is matched (a `| grep -q` under pipefail can SIGPIPE helm).
has_version() {
  [ -x "$1/helm" ] || return 1
  local out
  out=$("$1/helm" version --template '{{.Version}}' 2>/dev/null) || return 1
  [ "$out" = "v$version" ]
}

if has_version "$dest"; then
  echo "helm $version already installed in $dest"
  exit 0
fi

# helm 4.3's go.mod asks for Go 1.26; GOTOOLCHAIN=local keeps the build from downloading another Go.
. "$root/scripts/go-toolchain.sh"

if ! has_version "$cache"; then
  require_go helm "$version" 26
  echo "building helm $version with $go_version (a few minutes the first time)..."
  mkdir -p "$cache"
  # The version is stamped as helm's own Makefile does; without it `helm version` says only "v4.3".
  GOBIN="$cache" CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOTOOLCHAIN=local \
    go install -trimpath -ldflags="-s -w -X helm.sh/helm/v4/internal/version.version=v$version" \
    "helm.sh/helm/v4/cmd/helm@v$version"
  has_version "$cache" || { echo "install-helm: the built helm does not report version v$version" >&2; exit 1; }
fi

mkdir -p "$dest"
cp -f "$cache/helm" "$dest/"
echo "installed helm $version in $dest"
