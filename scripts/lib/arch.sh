# shellcheck shell=bash
# Sourced by scripts that name an architecture in a file or package name: the
# machine's CPU architecture as Node's (x64, arm64) or Go's (amd64, arm64) names.

machine_arch() { # machine_arch node|go
  local m
  m="$(uname -m)"
  case "$m:$1" in
    x86_64:node | amd64:node) echo x64 ;;
    x86_64:go | amd64:go) echo amd64 ;;
    aarch64:* | arm64:*) echo arm64 ;;
    *)
      echo "unsupported CPU architecture '$m' (Meshfleet runs on x86_64 and aarch64)" >&2
      return 1
      ;;
  esac
}
