#!/usr/bin/env bash
# Real Prometheus for the local fleet: Debian's `prometheus` package, run as our
# own process on a loopback port (never the package's system service).
#
#   prometheus.sh ensure                      install if missing; print binary path
#   prometheus.sh version                     print `prometheus --version`
#   prometheus.sh run   --config F --port P [--data-dir D] [-- extra flags]
#                                             run in the foreground (exec)
#   prometheus.sh start --config F --port P [--data-dir D] [-- extra flags]
#                                             run in the background, wait until
#                                             ready, print the pid
#   prometheus.sh stop  --port P [--data-dir D]
#
# --data-dir defaults to <repo>/.fleet/prometheus/<port>; the pid file and log
# live there too (prometheus.pid, prometheus.log).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
FLEET_DIR="${FLEET_DIR:-$REPO_ROOT/.fleet}"
PROMETHEUS_BIN="${PROMETHEUS_BIN:-/usr/bin/prometheus}"
READY_TIMEOUT_SECONDS=60

log() { echo "prometheus.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

ensure_installed() {
  if [[ -x "$PROMETHEUS_BIN" ]]; then echo "$PROMETHEUS_BIN"; return; fi
  log "installing Debian package prometheus"
  [[ "$(id -u)" == 0 ]] || die "$PROMETHEUS_BIN missing and not root: run 'apt-get install prometheus' as root"
  install_without_service
  [[ -x "$PROMETHEUS_BIN" ]] || die "apt-get installed prometheus but $PROMETHEUS_BIN is missing"
  echo "$PROMETHEUS_BIN"
}

# The package's maintainer scripts would start a system-wide Prometheus on
# 0.0.0.0:9090. We run our own on loopback, so forbid service starts during
# the install (policy-rc.d exit 101) and disable the unit where systemd runs.
install_without_service() {
  local made_policy=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  local rc=0
  # shellcheck source=../../scripts/lib/apt.sh
  source "$REPO_ROOT/scripts/lib/apt.sh"
  apt_install prometheus || rc=$?
  [[ -n "$made_policy" ]] && rm -f /usr/sbin/policy-rc.d
  [[ "$rc" == 0 ]] || die "apt-get install prometheus failed (exit $rc; see above)"
  if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
    systemctl disable --now prometheus >&2 || log "warning: could not disable the prometheus unit"
  fi
}

# Parsed options (set by parse_run_options).
CONFIG="" PORT="" DATA_DIR="" EXTRA_FLAGS=()

parse_run_options() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --config) CONFIG="$2"; shift 2 ;;
      --port) PORT="$2"; shift 2 ;;
      --data-dir) DATA_DIR="$2"; shift 2 ;;
      --) shift; EXTRA_FLAGS=("$@"); break ;;
      *) die "unknown option '$1'" ;;
    esac
  done
  [[ "$PORT" =~ ^[0-9]+$ ]] || die "--port N is required"
  DATA_DIR="${DATA_DIR:-$FLEET_DIR/prometheus/$PORT}"
}

require_config() {
  [[ -n "$CONFIG" && -f "$CONFIG" ]] || die "--config FILE is required and must exist (got '$CONFIG')"
}

prometheus_args() {
  echo "--config.file=$(realpath "$CONFIG")"
  echo "--web.listen-address=127.0.0.1:$PORT"
  echo "--storage.tsdb.path=$DATA_DIR/tsdb"
  # Tests reload configs via POST /-/reload when the scrape targets change.
  echo "--web.enable-lifecycle"
}

cmd_run() {
  parse_run_options "$@"
  require_config
  local bin args
  bin="$(ensure_installed)"
  mkdir -p "$DATA_DIR"
  mapfile -t args < <(prometheus_args)
  exec "$bin" "${args[@]}" "${EXTRA_FLAGS[@]}"
}

cmd_start() {
  parse_run_options "$@"
  require_config
  local bin args pid
  bin="$(ensure_installed)"
  mkdir -p "$DATA_DIR"
  stop_running "$DATA_DIR/prometheus.pid"
  mapfile -t args < <(prometheus_args)
  nohup "$bin" "${args[@]}" "${EXTRA_FLAGS[@]}" >"$DATA_DIR/prometheus.log" 2>&1 &
  pid=$!
  echo "$pid" >"$DATA_DIR/prometheus.pid"
  wait_ready "$pid"
  echo "$pid"
}

wait_ready() {
  local pid="$1" deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
  until curl -fsS "http://127.0.0.1:$PORT/-/ready" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || die "prometheus exited during start; see $DATA_DIR/prometheus.log"
    ((SECONDS < deadline)) || die "prometheus not ready on 127.0.0.1:$PORT after ${READY_TIMEOUT_SECONDS}s"
    sleep 0.5
  done
  log "ready on http://127.0.0.1:$PORT (pid $pid, data $DATA_DIR)"
}

# stop_running PIDFILE: stop the Prometheus this script started there, and only
# that one (the pid must still be a prometheus process).
stop_running() {
  local pid
  [[ -f "$1" ]] || return 0
  pid="$(cat "$1")"
  if [[ "$(ps -p "$pid" -o comm= 2>/dev/null)" == prometheus ]]; then
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$1"
}

cmd_stop() {
  parse_run_options "$@"
  stop_running "$DATA_DIR/prometheus.pid"
}

main() {
  local cmd="${1:-}"
  shift || true
  case "$cmd" in
    ensure) ensure_installed ;;
    version) "$(ensure_installed)" --version ;;
    run) cmd_run "$@" ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    *) sed -n '2,16p' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
  esac
}

main "$@"
