#!/usr/bin/env bash
# Installs kubernetes-validate (pinned, from PyPI) into a virtualenv under .tools of this
# repository, for validating the rendered Helm chart against the Kubernetes OpenAPI schemas it
# ships (no cluster needed). Linked as .tools/bin/kubernetes-validate. pip's own cache makes a
# reinstall quick.
set -euo pipefail

version=1.37.0
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv="$root/.tools/kubernetes-validate"
link="$root/.tools/bin/kubernetes-validate"

has_version() {
  local out
  out=$("$venv/bin/kubernetes-validate" --version 2>/dev/null) || return 1
  [ "$out" = "$version" ]
}

if ! has_version; then
  command -v python3 >/dev/null 2>&1 || { echo "install-kubernetes-validate: python3 (3.9 or newer, with venv) is needed" >&2; exit 1; }
  python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' \
    || { echo "install-kubernetes-validate: $(python3 --version 2>&1) is too old; 3.9 or newer is needed" >&2; exit 1; }
  echo "installing kubernetes-validate $version into $venv..."
  rm -rf "$venv"
  python3 -m venv "$venv" || { echo "install-kubernetes-validate: python3 -m venv failed (Debian: apt-get install python3-venv)" >&2; exit 1; }
  "$venv/bin/pip" install --quiet --disable-pip-version-check "kubernetes-validate==$version"
  has_version || { echo "install-kubernetes-validate: the installed kubernetes-validate does not report version $version" >&2; exit 1; }
fi

mkdir -p "$(dirname "$link")"
ln -sfn "../kubernetes-validate/bin/kubernetes-validate" "$link"
echo "kubernetes-validate $version installed in $venv"
