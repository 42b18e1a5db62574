package metrics

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"

	"meshfleet.local/tools/trafficsim/graph"
	"meshfleet.local/tools/trafficsim/internal/golden"
	"meshfleet.local/tools/trafficsim/mesh"
	"meshfleet.local/tools/trafficsim/model"
)

const smallGraph = `
workloads:
- {id: web, cluster: east, namespace: shop, app: web, version: v1, service: web, serviceAccount: web}
- {id: db, cluster: west, namespace: data, app: db, service: db}
- {id: api, cluster: east, namespace: shop, app: api, version: v2, service: api, serviceAccount: api}
edges:
- {id: web-api, from: web, to: api, protocol: http, rps: 4, errorRatio: 0.25, latency: {p50Ms: 20, p99Ms: 200}}
- {id: api-db, from: api, to: db, protocol: tcp, rps: 2, requestBytes: 100, responseBytes: 1000}
`

// TestExposition pins the /metrics text Prometheus scrapes: names, labels,
// buckets, and both reporters; db has no sidecar, so api -> db is reported
// by api's sidecar alone.
func TestExposition(t *testing.T) {
	g, err := graph.Parse([]byte(smallGraph))
	if err != nil {
		t.Fatal(err)
	}
	st := mesh.State{RootNamespace: "istio-system", SyncedClusters: map[string]bool{"east": true, "west": true},
		Workloads: map[mesh.WorkloadKey]mesh.WorkloadState{
			{Cluster: "east", Namespace: "shop", Name: "web"}: {Pods: 1, SidecarPods: 1, ServiceAccount: "web"},
			{Cluster: "east", Namespace: "shop", Name: "api"}: {Pods: 1, SidecarPods: 1, ServiceAccount: "api"},
			{Cluster: "west", Namespace: "data", Name: "db"}:  {Pods: 1},
		}}
	rec := NewRecorder()
	engine := model.NewEngine(rand.New(rand.NewPCG(7, 7)))
	for range 3 {
		rec.Apply(engine.Advance(g, st, time.Second))
	}
	families, err := rec.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	enc := expfmt.NewEncoder(&out, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, f := range families {
		if err := enc.Encode(f); err != nil {
			t.Fatal(err)
		}
	}
	golden.Check(t, "metrics-small-3s.golden", out.Bytes())
}
