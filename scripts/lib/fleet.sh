# shellcheck shell=bash
# Sourced by scripts/start and scripts/test: the local fleet of real Kubernetes
# control planes (tools/fleet), built and started idempotently.

fleet() { "$MESHFLEET_ROOT/tools/fleet/fleet" "$@"; }

# mesh-cp (control plane) plus the workload clusters east and west, with the demo
# mesh; optionally more clusters (member-04, member-05, ...) for tests.
start_local_fleet() {
  local clusters="${1:-3}"
  log "starting the local fleet ($clusters clusters; the first run builds Kubernetes from source)"
  fleet up --clusters "$clusters" --demo >&2
}

# Backstage configuration for the fleet's clusters (contains service-account
# tokens: written with mode 600 to a git-ignored folder, never logged).
write_fleet_config() {
  local target="$1"
  # Only the three clusters the start command runs: a benchmark may have left more
  # (stopped) clusters in .fleet/, which would show as unreachable in the portal.
  (umask 077 && fleet env --clusters 3 >"$target")
}

# Backstage configuration for the mesh operations Meshfleet runs on the fleet: the
# fleet's Helm and its copy of Istio's charts and images (tools/istio/build.sh
# prints where they are; it builds them once). Without it the portal's "Create a
# service mesh" would look for `helm` on PATH and have no charts.
write_istio_config() {
  local target="$1" outputs
  outputs="$("$MESHFLEET_ROOT/tools/istio/build.sh")"
  built() { sed -n "s/^$1=//p" <<<"$outputs"; }
  cat >"$target" <<EOF
# Written by scripts/start from tools/istio/build.sh: the local fleet's Helm and
# Istio charts for the mesh operations (plugins/mesh-backend/README-lifecycle.md).
meshfleet:
  helm:
    binary: "$(built HELM)"
  istio:
    charts:
      directory: "$(dirname "$(built ISTIO_CHARTS)")"
    hub: "$(built ISTIO_GLOBAL_HUB)"
    versions:
      - version: "$(built ISTIO_VERSION)"
        tag: "$(built ISTIO_GLOBAL_TAG)"
      # The previous minor, to create a mesh at and upgrade from (mesh:upgrade).
      - version: "$(built PREVIOUS_ISTIO_VERSION)"
        tag: "$(built PREVIOUS_ISTIO_GLOBAL_TAG)"
EOF
}
