// Package model turns the call graph and the observed mesh into the metric
// samples Envoy sidecars would emit. Everything here is deterministic given
// its inputs (randomness comes in through an explicit *rand.Rand).
package model

import (
	"meshfleet.local/tools/trafficsim/graph"
	"meshfleet.local/tools/trafficsim/mesh"
)

// Flow is the slice of an edge's traffic that goes from pods with (or
// without) a sidecar to pods with (or without) one. Round-robin load
// balancing spreads requests evenly, so the shares multiply.
type Flow struct {
	Share         float64 `json:"share"`
	SourceSidecar bool    `json:"sourceSidecar"`
	DestSidecar   bool    `json:"destSidecar"`
	// NoEndpoints: the destination has no ready pod; the client sidecar
	// answers 503 with response flag UH itself.
	NoEndpoints bool `json:"noEndpoints,omitempty"`
	MutualTLS   bool `json:"mutualTLS"`
}

// Reports tells whether a reporter sees this flow: Envoy's source-reporter
// series come from the client's sidecar, destination-reporter series from
// the server's.
func (f Flow) Reports(r Reporter) bool {
	if r == Source {
		return f.SourceSidecar
	}
	return f.DestSidecar && !f.NoEndpoints
}

// Flows splits an edge's traffic by sidecar presence on each side. A source
// without ready pods sends nothing; traffic that no sidecar would see is
// dropped, since nothing would report it.
func Flows(src, dst mesh.WorkloadState, mode mesh.MTLSMode) []Flow {
	if src.Pods == 0 {
		return nil
	}
	srcShare := src.SidecarShare()
	if dst.Pods == 0 {
		return nonZero([]Flow{{Share: srcShare, SourceSidecar: true, NoEndpoints: true}})
	}
	dstShare := dst.SidecarShare()
	var flows []Flow
	for _, srcSide := range []bool{true, false} {
		for _, dstSide := range []bool{true, false} {
			if f, ok := flowBetween(srcSide, dstSide, mode); ok {
				f.Share = pick(srcSide, srcShare) * pick(dstSide, dstShare)
				flows = append(flows, f)
			}
		}
	}
	return nonZero(flows)
}

// flowBetween decides mTLS with Istio's auto mTLS: the client sidecar
// originates mutual TLS when the server has a sidecar, unless the server's
// PeerAuthentication is DISABLE. A STRICT server refuses a plaintext client
// during the TLS handshake, before any request is counted.
func flowBetween(srcSidecar, dstSidecar bool, mode mesh.MTLSMode) (Flow, bool) {
	f := Flow{SourceSidecar: srcSidecar, DestSidecar: dstSidecar}
	f.MutualTLS = srcSidecar && dstSidecar && mode != mesh.ModeDisable
	refused := dstSidecar && mode == mesh.ModeStrict && !f.MutualTLS
	seen := srcSidecar || dstSidecar
	return f, seen && !refused
}

func pick(side bool, share float64) float64 {
	if side {
		return share
	}
	return 1 - share
}

func nonZero(flows []Flow) []Flow {
	out := flows[:0]
	for _, f := range flows {
		if f.Share > 0 {
			out = append(out, f)
		}
	}
	return out
}

// EdgeFlows resolves an edge against the mesh: its flows, and false when a
// cluster at either end is not (yet) observed.
func EdgeFlows(g graph.Graph, m mesh.State, e graph.Edge) ([]Flow, Endpoints, bool) {
	byID := g.WorkloadByID()
	src, dst := byID[e.From], byID[e.To]
	srcState, srcKnown := m.Lookup(src)
	dstState, dstKnown := m.Lookup(dst)
	if !srcKnown || !dstKnown {
		return nil, Endpoints{}, false
	}
	mode := mesh.EffectiveMode(m.PeerAuthentications, m.RootNamespace, dst.Namespace, dstState.Labels)
	ends := Endpoints{Source: src, Dest: dst,
		SourceServiceAccount: srcState.ServiceAccount, DestServiceAccount: dstState.ServiceAccount}
	return Flows(srcState, dstState, mode), ends, true
}

// Endpoints are the two workloads of an edge with their observed identities.
type Endpoints struct {
	Source, Dest                             graph.Workload
	SourceServiceAccount, DestServiceAccount string
}
