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
