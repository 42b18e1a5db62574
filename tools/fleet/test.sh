#!/usr/bin/env bash
# tools/fleet tests: vet, unit tests of the pure parts, then integration tests
# against a real fleet (started through tools/fleet/fleet; a cold run first compiles
# etcd, Kubernetes, pilot-discovery and Helm, which takes many minutes on 2 cores),
# including TestIstiod: the real istiod installed with Helm, injection, validation,
# a remote cluster, and the fleet's Prometheus (FLEET_KEEP_ISTIOD=1 leaves istiod
# installed afterwards).
#
# Tests that install Istio or stop clusters use clusters of their own (it-cp,
# it-remote), so this can run while scripts/start serves the demo mesh from
# mesh-cp, east and west; the last step checks that the demo mesh is still healthy.
# A fleet that was not running before is stopped again at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
source ../../scripts/lib/go.sh
ensure_go
export GOWORK=off

go vet ./...
go vet -tags integration ./...
go test -count=1 ./...

was_running=no
if ./fleet status --format json 2>/dev/null | grep -q '"running": true'; then
  was_running=yes
fi
cleanup() {
  if [[ "$was_running" == no && -z "${FLEET_KEEP:-}" ]]; then
    ./fleet down || true
  fi
}
trap cleanup EXIT

status=0
go test -count=1 -tags integration -timeout 60m -v ./integration/ || status=$?
# TestDemoMesh installed the demo mesh (or found the running one); whatever ran
# after it must have left it as it was.
echo "== the demo mesh after the integration tests (fleet demo --check)"
./fleet demo --check || status=1
exit "$status"
