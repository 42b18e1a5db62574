# shellcheck shell=bash
# Sourced by every script that runs Go (tools/fleet/fleet, tools/fleet/test.sh,
# tools/istio/build.sh, tools/trafficsim/test.sh): makes sure the `go` on PATH is
# at least the Go the repository's go.mod files require, before anything builds.
#
# An older Go 1.21+ runs the required release instead, fetched from the Go module
# proxy like any module (golang.org/toolchain, checksummed): GOTOOLCHAIN is then
# exported for everything started afterwards. Debian's Go sets GOTOOLCHAIN=local,
# which otherwise makes an old Go stop with "go.mod requires go >= ..." only deep
# inside a build. A Go older than 1.21, or no proxy, is refused with a message
# saying which Go to install.

_meshfleet_go_lib="$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=arch.sh
source "$_meshfleet_go_lib/arch.sh"

# go_required: the newest `go` directive of the repository's Go modules (tools/).
go_required() {
  local root v
  root="$(cd "$_meshfleet_go_lib/../.." && pwd)"
  v="$(find "$root/tools" -name node_modules -prune -o -name go.mod -print0 |
    xargs -0 sed -n 's/^go \([0-9][0-9.]*\)$/\1/p' | sort -V | tail -1)"
  # A go directive "1.N" is a language version; the first release is go1.N.0.
  [[ "$v" =~ ^[0-9]+\.[0-9]+$ ]] && v="$v.0"
  echo "$v"
}

# go_version: the Go release `go` runs (after any GOTOOLCHAIN switch), e.g.
# 1.26.8. Asked from / so that no go.mod around the caller is consulted.
go_version() {
  local v
  v="$(cd / && go env GOVERSION 2>/dev/null)" || v=""
  # Go before 1.16 has no GOVERSION; `go version` says "go version go1.15.2 linux/amd64".
  [[ -n "$v" ]] || v="$(cd / && go version 2>/dev/null | awk '{print $3}')"
  v="${v#go}"
  echo "${v%% *}"
}

version_at_least() { # version_at_least HAVE WANT
  [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" == "$2" ]]
}

ensure_go() {
  if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
    export PATH="/usr/local/go/bin:$PATH" # where Go's own tarball installs it
  fi
  local required have arch
  required="$(go_required)"
  arch="$(machine_arch go)" || return 1
  if ! command -v go >/dev/null 2>&1; then
    go_refuse "no Go on PATH" "$required" "$arch"
    return 1
  fi
  have="$(go_version)"
  version_at_least "$have" "$required" && return 0
  if version_at_least "$have" 1.21 && go_switch_toolchain "$required"; then
    echo "go: Go $have is older than the Go $required that tools/*/go.mod require; using go$required from the module proxy (GOTOOLCHAIN=go$required)" >&2
    return 0
  fi
  go_refuse "Go $have is older than the Go $required that tools/*/go.mod require" "$required" "$arch"
  return 1
}

# go_switch_toolchain VERSION: runs `go version` once with GOTOOLCHAIN=goVERSION,
# which downloads and verifies that release through GOPROXY (once; it is cached in
# the module cache), and exports the setting if it worked.
go_switch_toolchain() {
  local out
  if out="$(cd / && GOTOOLCHAIN="go$1" go version 2>&1)" && [[ "$out" == *"go version go$1 "* ]]; then
    export GOTOOLCHAIN="go$1"
    return 0
  fi
  echo "go: could not fetch go$1 through the module proxy: $out" >&2
  return 1
}

go_refuse() { # go_refuse WHY REQUIRED ARCH
  cat >&2 <<MSG
go: $1.
go: install Go $2 or newer: unpack https://go.dev/dl/go$2.linux-$3.tar.gz into /usr/local
go: (rm -rf /usr/local/go first), or put any Go 1.21+ on PATH with the module proxy
go: reachable: it then fetches go$2 itself.
MSG
}
