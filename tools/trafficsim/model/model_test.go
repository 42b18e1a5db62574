package model

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"meshfleet.local/tools/trafficsim/graph"
	"meshfleet.local/tools/trafficsim/internal/golden"
	"meshfleet.local/tools/trafficsim/mesh"
)

func TestFlows(t *testing.T) {
	all := mesh.WorkloadState{Pods: 2, SidecarPods: 2}
	none := mesh.WorkloadState{Pods: 2}
	half := mesh.WorkloadState{Pods: 2, SidecarPods: 1}
	gone := mesh.WorkloadState{}
	cases := map[string]struct {
		src, dst mesh.WorkloadState
		mode     mesh.MTLSMode
		want     string
	}{
		"both sidecars: mTLS":          {all, all, mesh.ModePermissive, "1.00 src+dst mtls"},
		"DISABLE: plaintext":           {all, all, mesh.ModeDisable, "1.00 src+dst plain"},
		"client without sidecar":       {none, all, mesh.ModePermissive, "1.00 dst plain"},
		"STRICT refuses plaintext":     {none, all, mesh.ModeStrict, ""},
		"server without sidecar":       {all, none, mesh.ModeStrict, "1.00 src plain"},
		"no sidecars: nothing reports": {none, none, mesh.ModePermissive, ""},
		"half rolled out":              {half, all, mesh.ModePermissive, "0.50 src+dst mtls; 0.50 dst plain"},
		"no server pods: UH":           {half, gone, mesh.ModePermissive, "0.50 src plain noendpoints"},
		"no client pods: no traffic":   {gone, all, mesh.ModePermissive, ""},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if got := describeFlows(Flows(c.src, c.dst, c.mode)); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func describeFlows(flows []Flow) string {
	var parts []string
	for _, f := range flows {
		var sides []string
		if f.SourceSidecar {
			sides = append(sides, "src")
		}
		if f.DestSidecar {
			sides = append(sides, "dst")
		}
		s := fmt.Sprintf("%.2f %s", f.Share, strings.Join(sides, "+"))
		s += map[bool]string{true: " mtls", false: " plain"}[f.MutualTLS]
		if f.NoEndpoints {
			s += " noendpoints"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func demoGraph(t *testing.T) graph.Graph {
	t.Helper()
	data, err := os.ReadFile("../demo/shop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	g, err := graph.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// watchedDemo is a mesh state as the kube watcher would report the demo app:
// every workload with two ready pods and sidecars, then changed by mutate.
func watchedDemo(g graph.Graph, mutate func(map[mesh.WorkloadKey]mesh.WorkloadState, *mesh.State)) mesh.State {
	st := mesh.State{RootNamespace: "istio-system", SyncedClusters: map[string]bool{"east": true, "west": true},
		Workloads: map[mesh.WorkloadKey]mesh.WorkloadState{}}
	for _, w := range g.Workloads {
		st.Workloads[mesh.KeyOf(w)] = mesh.WorkloadState{Pods: 2, SidecarPods: 2, ServiceAccount: w.ServiceAccount,
			Labels: map[string]string{"app": w.App}}
	}
	mutate(st.Workloads, &st)
	return st
}

func key(cluster, ns, name string) mesh.WorkloadKey {
	return mesh.WorkloadKey{Cluster: cluster, Namespace: ns, Name: name}
}

// TestDemoSeries renders the label sets both reporters emit for the demo
// graph under several mesh states, into golden files.
func TestDemoSeries(t *testing.T) {
	g := demoGraph(t)
	scenarios := map[string]mesh.State{
		"all-sidecars": {AssumeSidecars: true, RootNamespace: "istio-system"},
		"cart-without-sidecar": watchedDemo(g, func(w map[mesh.WorkloadKey]mesh.WorkloadState, _ *mesh.State) {
			w[key("east", "shop", "cart-v1")] = mesh.WorkloadState{Pods: 1, ServiceAccount: "cart"}
		}),
		"payments-strict-ledger-disable-catalog-v2-down": watchedDemo(g, func(w map[mesh.WorkloadKey]mesh.WorkloadState, st *mesh.State) {
			delete(w, key("west", "shop", "catalog-v2"))
			st.PeerAuthentications = []mesh.PeerAuthentication{
				{Namespace: "payments", Name: "strict", Mode: mesh.ModeStrict},
				{Namespace: "payments", Name: "ledger", Selector: map[string]string{"app": "ledger"}, Mode: mesh.ModeDisable},
			}
		}),
		"west-not-synced": watchedDemo(g, func(_ map[mesh.WorkloadKey]mesh.WorkloadState, st *mesh.State) {
			delete(st.SyncedClusters, "west")
		}),
	}
	for name, st := range scenarios {
		t.Run(name, func(t *testing.T) {
			golden.Check(t, "series-"+name+".golden", []byte(renderSeries(g, st)))
		})
	}
}

func renderSeries(g graph.Graph, st mesh.State) string {
	var b strings.Builder
	for _, e := range g.Edges {
		flows, ends, known := EdgeFlows(g, st, e)
		fmt.Fprintf(&b, "edge %s (%s -> %s, %s)", e.ID, e.From, e.To, e.Protocol)
		if !known {
			b.WriteString(": cluster not observed, not simulated\n")
			continue
		}
		fmt.Fprintf(&b, ": %d flow(s)\n", len(flows))
		for _, f := range flows {
			fmt.Fprintf(&b, "  flow %s\n", describeFlows([]Flow{f}))
			for _, r := range []Reporter{Source, Destination} {
				if f.Reports(r) {
					fmt.Fprintf(&b, "    series\n%s", formatLabels(SeriesLabels(r, f, ends, e.Protocol, g.TrustDomain)))
				}
			}
		}
	}
	return b.String()
}

// formatLabels writes one label a line, so golden diffs show what changed.
func formatLabels(l map[string]string) string {
	var b strings.Builder
	for _, k := range CommonLabels {
		fmt.Fprintf(&b, "      %s=%q\n", k, l[k])
	}
	return b.String()
}

// TestEngineRatesAreExact: counts follow rps exactly over whole seconds,
// however the time is sliced, and errors follow errorRatio.
func TestEngineRatesAreExact(t *testing.T) {
	g := demoGraph(t)
	st := mesh.State{AssumeSidecars: true}
	engine := NewEngine(rand.New(rand.NewPCG(1, 2)))
	counts := map[string]int{}
	for range 240 { // 60 s in 250 ms steps
		step := engine.Advance(g, st, 250*time.Millisecond)
		for _, s := range step.Requests {
			k := s.Labels["reporter"] + " " + s.Labels["source_workload"] + "@" + s.Labels["source_cluster"] +
				" -> " + s.Labels["destination_workload"] + "@" + s.Labels["destination_cluster"] +
				" " + s.Labels["response_code"] + "/" + s.Labels["grpc_response_status"]
			counts[k] += len(s.DurationsMs)
		}
		for _, s := range step.TCP {
			counts[s.Labels["reporter"]+" tcp "+s.Labels["source_workload"]+" -> "+s.Labels["destination_workload"]] += s.Opened
		}
	}
	var lines []string
	for k, n := range counts {
		lines = append(lines, fmt.Sprintf("%s: %d", k, n))
	}
	slices.Sort(lines)
	golden.Check(t, "engine-demo-60s-counts.golden", []byte(strings.Join(lines, "\n")+"\n"))
	edge := "destination frontend-v1@east -> catalog-v1@east "
	if got := counts[edge+"200/"] + counts[edge+"503/"]; got != 960 {
		t.Errorf("east frontend -> catalog-v1 over 60 s at 16 rps: got %d requests, want 960", got)
	}
	if got := counts[edge+"503/"]; got != 9 && got != 10 {
		t.Errorf("errors at 1%% of 960: got %d", got)
	}
}

func TestLatencyQuantiles(t *testing.T) {
	engine := NewEngine(rand.New(rand.NewPCG(3, 4)))
	xs := engine.draw(20000, 20, 200)
	slices.Sort(xs)
	p50, p99 := xs[len(xs)/2], xs[len(xs)*99/100]
	if p50 < 18 || p50 > 22 || p99 < 170 || p99 > 235 {
		t.Errorf("p50 %.1f (want ~20), p99 %.1f (want ~200)", p50, p99)
	}
}
