#!/usr/bin/env bash
# Runs the real istiod (pilot-discovery built by build.sh) as a local process
# against a fleet cluster's kubeconfig, on loopback ports only.
#
#   istiod-local.sh --kubeconfig FILE --cluster-id ID [--revision REV]
#                   [--namespace istio-system] [--port-offset 10000] [--check]
#
# Ports are Istio's defaults plus --port-offset: http 8080 (/ready, /debug),
# grpc 15010, secure grpc 15012, monitoring 15014, webhooks 15017, ctrlz 9876.
# Working directory (istiod writes certificates under ./var/run):
# .fleet/istiod/<cluster-id>-<revision>/, log in istiod.log there.
# --check: start, wait until /ready answers 200, print the result, stop.
# The namespace must exist in the cluster (istiod stores its CA secret there).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
FLEET_DIR="${FLEET_DIR:-$REPO_ROOT/.fleet}"
READY_TIMEOUT_SECONDS=90

die() { echo "istiod-local: error: $*" >&2; exit 1; }

KUBECONFIG_FILE="" CLUSTER_ID="" REVISION="default" NAMESPACE="istio-system" OFFSET=10000 CHECK=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --kubeconfig) KUBECONFIG_FILE="$2"; shift 2 ;;
    --cluster-id) CLUSTER_ID="$2"; shift 2 ;;
    --revision) REVISION="$2"; shift 2 ;;
    --namespace) NAMESPACE="$2"; shift 2 ;;
    --port-offset) OFFSET="$2"; shift 2 ;;
    --check) CHECK=1; shift ;;
    *) die "unknown option '$1'" ;;
  esac
done
[[ -f "$KUBECONFIG_FILE" ]] || die "--kubeconfig FILE is required and must exist"
[[ -n "$CLUSTER_ID" ]] || die "--cluster-id is required (Istio's cluster name for this cluster)"

eval "$("$SCRIPT_DIR/build.sh")" # builds only if the pins changed; sets PILOT_DISCOVERY
WORK_DIR="$FLEET_DIR/istiod/$CLUSTER_ID-$REVISION"
mkdir -p "$WORK_DIR"
HTTP_PORT=$((8080 + OFFSET))

ISTIOD_COMMAND=(env POD_NAMESPACE="$NAMESPACE" POD_NAME="istiod-$REVISION-local" REVISION="$REVISION"
  "$PILOT_DISCOVERY" discovery --kubeconfig "$(realpath "$KUBECONFIG_FILE")"
  --clusterID "$CLUSTER_ID" --namespace "$NAMESPACE"
  --httpAddr "127.0.0.1:$HTTP_PORT" --grpcAddr "127.0.0.1:$((15010 + OFFSET))"
  --secureGRPCAddr "127.0.0.1:$((15012 + OFFSET))" --monitoringAddr "127.0.0.1:$((15014 + OFFSET))"
  --httpsAddr "127.0.0.1:$((15017 + OFFSET))" --ctrlz_port "$((9876 + OFFSET))")

if [[ -z "$CHECK" ]]; then
  cd "$WORK_DIR"
  exec "${ISTIOD_COMMAND[@]}"
fi

(cd "$WORK_DIR" && exec "${ISTIOD_COMMAND[@]}" >"$WORK_DIR/istiod.log" 2>&1) &
PID=$!
trap 'kill "$PID" 2>/dev/null || true' EXIT
deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
until curl -fsS "http://127.0.0.1:$HTTP_PORT/ready" >/dev/null 2>&1; do
  kill -0 "$PID" 2>/dev/null || die "pilot-discovery exited; see $WORK_DIR/istiod.log"
  ((SECONDS < deadline)) || die "not ready after ${READY_TIMEOUT_SECONDS}s; see $WORK_DIR/istiod.log"
  sleep 1
done
echo "istiod $("$PILOT_DISCOVERY" version --short 2>/dev/null || true) ready on http://127.0.0.1:$HTTP_PORT (cluster $CLUSTER_ID); log $WORK_DIR/istiod.log"
