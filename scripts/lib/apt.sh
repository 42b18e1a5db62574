# shellcheck shell=bash
# The one way Meshfleet's scripts install Debian packages (scripts/lib/services.sh,
# tools/istio/prometheus.sh): `apt-get update` first, once per run, then
# `apt-get install` without recommends. "Once per run" holds across the scripts a
# run starts (scripts/test -> fleet -> prometheus.sh): the update exports
# MESHFLEET_APT_UPDATED. Without the update a fresh machine's empty or stale
# package lists make installs fail.

# apt_install PACKAGE...: as root, or through sudo when not root.
apt_install() {
  local apt_log="${TMPDIR:-/tmp}/meshfleet-apt.log"
  if [[ -z "${MESHFLEET_APT_UPDATED:-}" ]]; then
    echo "[meshfleet] apt-get update" >&2
    if ! _apt update -qq >"$apt_log" 2>&1; then
      tail -30 "$apt_log" >&2
      echo "[meshfleet] apt-get update failed; full log: $apt_log" >&2
      return 1
    fi
    export MESHFLEET_APT_UPDATED=1
  fi
  echo "[meshfleet] installing Debian packages: $*" >&2
  if ! _apt install -y -qq --no-install-recommends "$@" >"$apt_log" 2>&1; then
    tail -30 "$apt_log" >&2
    echo "[meshfleet] apt-get install $* failed; full log: $apt_log" >&2
    return 1
  fi
}

_apt() {
  if [[ "$(id -u)" == 0 ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo env DEBIAN_FRONTEND=noninteractive apt-get "$@"
  else
    echo "[meshfleet] installing Debian packages needs root: run as root, or install sudo" >&2
    return 1
  fi
}
