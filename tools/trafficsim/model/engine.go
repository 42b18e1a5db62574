package model

import (
	"math"
	"math/rand/v2"
	"time"

	"meshfleet.local/tools/trafficsim/graph"
	"meshfleet.local/tools/trafficsim/mesh"
)

// z99 is the standard normal quantile of 0.99, to turn p50/p99 into a
// log-normal sigma.
const z99 = 2.3263478740408408

// sourceOverheadMs: the client sidecar measures the server's time plus the
// hop between the two sidecars.
const sourceOverheadMs = 0.4

// RequestSample is what both sidecars measured about one class of requests
// (same edge, flow, outcome) during one step.
type RequestSample struct {
	Labels        map[string]string // RequestLabels
	DurationsMs   []float64
	RequestBytes  []float64
	ResponseBytes []float64
}

// TCPSample is what one sidecar measured about TCP connections in one step.
type TCPSample struct {
	Labels        map[string]string // CommonLabels
	Opened        int
	SentBytes     float64 // server to client (the response direction)
	ReceivedBytes float64 // client to server (the request direction)
}

// Step is everything emitted during one step.
type Step struct {
	Requests []RequestSample
	TCP      []TCPSample
}

// Engine advances simulated traffic. Request counts are deterministic
// (fractions carry over between steps, so a 0.5 rps edge emits one request
// every two seconds and rates come out exact); latencies and sizes are drawn
// from rng.
type Engine struct {
	rng   *rand.Rand
	carry map[carryKey]float64
}

type carryKey struct {
	edge     string
	flow     int
	failures bool
}

// NewEngine returns an engine drawing from rng.
func NewEngine(rng *rand.Rand) *Engine {
	return &Engine{rng: rng, carry: map[carryKey]float64{}}
}

// Advance simulates dt of traffic on every edge of g as seen through m.
func (e *Engine) Advance(g graph.Graph, m mesh.State, dt time.Duration) Step {
	var step Step
	for _, edge := range g.Edges {
		flows, ends, ok := EdgeFlows(g, m, edge)
		if !ok {
			continue
		}
		for i, f := range flows {
			e.advanceFlow(&step, g.TrustDomain, edge, ends, i, f, dt)
		}
	}
	return step
}

func (e *Engine) advanceFlow(step *Step, trustDomain string, edge graph.Edge, ends Endpoints, i int, f Flow, dt time.Duration) {
	total := e.take(carryKey{edge.ID, i, false}, edge.RPS*f.Share*dt.Seconds())
	if total == 0 {
		return
	}
	if edge.Protocol == graph.TCP {
		e.emitTCP(step, trustDomain, edge, ends, f, total)
		return
	}
	failed := 0
	if !f.NoEndpoints {
		failed = e.take(carryKey{edge.ID, i, true}, float64(total)*edge.ErrorRatio)
	}
	ok, bad := Outcomes(edge, f)
	e.emitRequests(step, trustDomain, edge, ends, f, ok, total-failed)
	e.emitRequests(step, trustDomain, edge, ends, f, bad, failed)
}

// take adds want to the carried fraction and returns the whole part.
func (e *Engine) take(k carryKey, want float64) int {
	have := e.carry[k] + want
	n := math.Floor(have)
	e.carry[k] = have - n
	return int(n)
}

func (e *Engine) emitRequests(step *Step, td string, edge graph.Edge, ends Endpoints, f Flow, o Outcome, n int) {
	if n == 0 {
		return
	}
	server := e.draw(n, edge.Latency.P50Ms, edge.Latency.P99Ms)
	if f.NoEndpoints {
		server = make([]float64, n) // answered by the client sidecar at once
	}
	reqBytes := e.drawSizes(n, edge.RequestBytes)
	respBytes := e.drawSizes(n, edge.ResponseBytes)
	for _, r := range []Reporter{Source, Destination} {
		if !f.Reports(r) {
			continue
		}
		durations := server
		if r == Source {
			durations = plus(server, sourceOverheadMs)
		}
		labels := WithOutcome(SeriesLabels(r, f, ends, edge.Protocol, td), o)
		step.Requests = append(step.Requests, RequestSample{labels, durations, reqBytes, respBytes})
	}
}

func (e *Engine) emitTCP(step *Step, td string, edge graph.Edge, ends Endpoints, f Flow, opened int) {
	var sent, received float64
	if !f.NoEndpoints {
		sent, received = sum(e.drawSizes(opened, edge.ResponseBytes)), sum(e.drawSizes(opened, edge.RequestBytes))
	}
	for _, r := range []Reporter{Source, Destination} {
		if f.Reports(r) {
			labels := SeriesLabels(r, f, ends, edge.Protocol, td)
			step.TCP = append(step.TCP, TCPSample{labels, opened, sent, received})
		}
	}
}

// draw returns n log-normal samples with the given median and 99th percentile.
func (e *Engine) draw(n int, p50, p99 float64) []float64 {
	mu, sigma := math.Log(p50), (math.Log(p99)-math.Log(p50))/z99
	out := make([]float64, n)
	for i := range out {
		out[i] = math.Exp(mu + sigma*e.rng.NormFloat64())
	}
	return out
}

// drawSizes: message sizes vary moderately around their median (p99 ~ 2x).
func (e *Engine) drawSizes(n int, median float64) []float64 {
	out := e.draw(n, median, 2*median)
	for i := range out {
		out[i] = math.Round(out[i])
	}
	return out
}

func plus(xs []float64, d float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = x + d
	}
	return out
}

func sum(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s
}
