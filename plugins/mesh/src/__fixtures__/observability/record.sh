#!/usr/bin/env bash
# Records the mesh backend's observability answers that the jsdom tests replay
# (index.ts beside this file), from a real backend reading the local fleet
# (demo mesh, traffic simulator, the fleet's Prometheus), signed in as the guest:
#
#   plugins/mesh/src/__fixtures__/observability/record.sh http://localhost:7007
#
# Record with the simulator's demo call graph as `fleet up --demo` leaves it (GET
# :19091/graph lists no edges added by integration tests), or the graphs will
# show them.
#
# The browser tests (packages/app/e2e-tests/observability.test.ts) run the same
# pages against the live backend.
set -euo pipefail
backend="${1:-http://localhost:7007}"
here="$(cd "$(dirname "$0")" && pwd)"
token="$(curl -fsS -H 'X-Requested-With: XMLHttpRequest' "$backend/api/auth/guest/refresh?optional&env=development" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["backstageIdentity"]["token"])')"

record() { # name path
  # Through a temporary file: a failed request leaves the previous recording, not an empty one.
  curl -fsS -H "Authorization: Bearer $token" "$backend/api/mesh$2" | python3 -m json.tool --indent 2 > "$here/$1.json.tmp"
  mv "$here/$1.json.tmp" "$here/$1.json"
  echo "recorded $1 <- $2"
}

# Lists are comma-separated (encoded as %2C, as MeshClient sends them).
record component-services-catalog '/component-services?labelSelector=app%3Dcatalog&namespace=shop'
record service-health-catalog '/meshes/demo/services/shop/catalog/health'
record topology-service-catalog '/meshes/demo/topology?service=shop%2Fcatalog'
record topology-mesh '/meshes/demo/topology'
record service-metrics-catalog '/meshes/demo/services/shop/catalog/metrics?range=1h'
record observability-status '/meshes/demo/observability'
record dashboard-service-catalog '/meshes/demo/dashboards/service?namespace=shop&service=catalog&range=1h&panels=97%2C98%2C99%2C25'
record control-plane-health '/meshes/demo/control-plane/health'
record grafana-links-catalog '/meshes/demo/services/shop/catalog/grafana?workloads=catalog-v1%2Ccatalog-v2'
