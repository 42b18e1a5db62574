#!/usr/bin/env bash
# Tests of the simulated Envoy metrics: unit and golden tests, then the
# integration test against a real Prometheus (Debian's package, installed by
# tools/istio/prometheus.sh if missing; needs root for that or an installed
# /usr/bin/prometheus), and the xDS test against the real istiod in the fleet's
# test cluster it-cp (tools/fleet/fleet up --cluster it-cp; Helm installs istiod
# there and removes it after). Pass -short to skip the integration tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
source ../../scripts/lib/go.sh
ensure_go

echo "== trafficsim: unit and golden tests"
go vet ./...
go test -count=1 ./...

if [[ "${1:-}" == "-short" ]]; then
  echo "== trafficsim: integration tests skipped (-short)"
  exit 0
fi
echo "== trafficsim: integration tests with real Prometheus ($(../istio/prometheus.sh version 2>/dev/null | head -1)) and the fleet's istiod"
../istio/prometheus.sh ensure >/dev/null
TRAFFICSIM_INTEGRATION=1 go test -count=1 -v -timeout 20m \
  -run 'TestPrometheusSeesTheCallGraph|TestSidecarsConnectToIstiod' ./integration 2>&1 |
  grep -v '^        ts=' # Prometheus's own log lines, printed only on failure
