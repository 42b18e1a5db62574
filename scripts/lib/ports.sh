#!/usr/bin/env bash
# Sourced by scripts/start and scripts/test, and run by playwright.config.ts's web
# server command: a port that is taken is named before anything starts, rather than
# failing half-way through a long build.
#
#   scripts/lib/ports.sh WHAT PORT...   exit 1 naming the first taken port

# require_free_ports WHAT PORT...: WHAT says who needs the ports, for the message.
require_free_ports() {
  local what="$1" port
  shift
  for port in "$@"; do
    # A connection that succeeds means something listens (bash's /dev/tcp, no tools needed).
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "[meshfleet] port $port, needed by $what, is already in use; stop what listens there first" >&2
      return 1
    fi
  done
}

# The browser tests' own ports, so that they can run while scripts/start serves
# the app on 3000 and the backend on 7007. playwright.config.ts uses the same
# variables and defaults.
MESHFLEET_E2E_APP_PORT="${MESHFLEET_E2E_APP_PORT:-3100}"
MESHFLEET_E2E_BACKEND_PORT="${MESHFLEET_E2E_BACKEND_PORT:-7107}"

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  require_free_ports "$@"
fi
