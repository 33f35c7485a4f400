# Sourced by the scripts/install-*.sh that build a tool with the Go toolchain through the module proxy.

# require_go TOOL VERSION MIN_MINOR [NOTE]: stops with what to do unless `go` is installed and at
# least 1.MIN_MINOR (NOTE is added to the hint). Sets go_minor (0 when the version cannot be told) and
# go_version ("go1.22.12 linux/amd64"). GOTOOLCHAIN=local: the version of the Go that will build.
require_go() {
  local tool=$1 version=$2 min=$3 note=${4:-}
  need_go() {
    cat >&2 <<MSG
install-$tool: $1, and Go 1.$min or newer is needed to build $tool $version.
Install Go >= 1.$min from https://go.dev/dl${note:+ ($note)}, put its bin folder first on PATH,
then run: bash scripts/install-$tool.sh
MSG
    exit 1
  }
  command -v go >/dev/null 2>&1 || need_go "Go is not installed"
  # 'go version' prints 'go version go1.22.12 linux/amd64' (or 'devel go1.24-...').
  local out
  out=$(GOTOOLCHAIN=local go version 2>/dev/null || true)
  go_version=${out#go version }
  if [[ "$out" =~ go1\.([0-9]+) ]]; then
    go_minor=${BASH_REMATCH[1]}
    [ "$go_minor" -ge "$min" ] || need_go "Go 1.$go_minor is too old ($(command -v go): $go_version)"
  else
    echo "install-$tool: cannot tell the Go version from 'go version' (${out:-no output}); trying anyway" >&2
    go_minor=0
  fi
}
