package graph

import (
	"os"
	"strings"
	"testing"
)

func TestDemoGraphParses(t *testing.T) {
	data, err := os.ReadFile("../demo/shop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	g, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Workloads) != 14 || len(g.Edges) != 14 {
		t.Fatalf("got %d workloads, %d edges", len(g.Workloads), len(g.Edges))
	}
}

const twoWorkloads = `
workloads:
- {id: a, cluster: c1, namespace: ns, app: a, service: a}
- {id: b, cluster: c1, namespace: ns, app: b, service: b}
`

func TestParseRejectsBadGraphs(t *testing.T) {
	cases := map[string]struct{ edges, wantErr string }{
		"unknown field":    {`edges: [{id: e, from: a, to: b, rsp: 1}]`, `unknown field "rsp"`},
		"unknown workload": {`edges: [{id: e, from: a, to: z, rps: 1}]`, `to: unknown workload "z"`},
		"bad ratio":        {`edges: [{id: e, from: a, to: b, rps: 1, errorRatio: 2}]`, "errorRatio 2"},
		"bad protocol":     {`edges: [{id: e, from: a, to: b, protocol: udp}]`, `protocol "udp"`},
		"p99 below p50":    {`edges: [{id: e, from: a, to: b, latency: {p50Ms: 9, p99Ms: 3}}]`, "want 0 < p50 <= p99"},
		"duplicate edge":   {`edges: [{id: e, from: a, to: b}, {id: e, from: b, to: a}]`, `edge "e": duplicate id`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(twoWorkloads + c.edges))
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("got error %v, want it to contain %q", err, c.wantErr)
			}
		})
	}
}

func TestNormalizeDefaults(t *testing.T) {
	g, err := Parse([]byte(twoWorkloads + `edges: [{id: e, from: a, to: b, protocol: grpc, rps: 1}]`))
	if err != nil {
		t.Fatal(err)
	}
	e, w := g.Edges[0], g.Workloads[0]
	if g.TrustDomain != "cluster.local" || w.Name != "a" || w.ServiceAccount != "default" {
		t.Errorf("workload defaults: %+v, trust domain %q", w, g.TrustDomain)
	}
	if e.ErrorCode != 14 || e.Latency.P99Ms != 50 || e.RequestBytes == 0 {
		t.Errorf("edge defaults: %+v", e)
	}
}

func TestPatchEdgeMergesFields(t *testing.T) {
	e := NormalizeEdge(Edge{ID: "e", From: "a", To: "b", RPS: 1, Latency: Latency{P50Ms: 10, P99Ms: 90}})
	got, err := PatchEdge(e, []byte(`{"rps": 7, "latency": {"p99Ms": 200}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got.RPS != 7 || got.Latency.P50Ms != 10 || got.Latency.P99Ms != 200 || got.From != "a" {
		t.Errorf("patched edge: %+v", got)
	}
	if _, err := PatchEdge(e, []byte(`{"id": "other"}`)); err == nil {
		t.Error("changing the id was accepted")
	}
	if _, err := PatchEdge(e, []byte(`{"rate": 3}`)); err == nil {
		t.Error("an unknown field was accepted")
	}
}
