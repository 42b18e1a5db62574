// Package graph is the simulated call graph: which workloads call which, how
// often, how slowly and how often they fail. It is plain data plus pure
// validation, so the admin API, the file loader and the tests share one model.
package graph

import (
	"fmt"
	"math"
	"slices"
)

// Protocol of an edge, as Istio's request_protocol label spells it.
type Protocol string

const (
	HTTP Protocol = "http"
	GRPC Protocol = "grpc"
	TCP  Protocol = "tcp"
)

// Graph is the whole simulated traffic configuration.
type Graph struct {
	// TrustDomain for SPIFFE principals; defaults to cluster.local like Istio.
	TrustDomain string     `json:"trustDomain,omitempty"`
	Workloads   []Workload `json:"workloads"`
	Edges       []Edge     `json:"edges"`
}

// Workload is one Kubernetes workload (a Deployment, as Istio names
// workloads) in one cluster, reachable through one Service.
type Workload struct {
	ID        string `json:"id"`
	Cluster   string `json:"cluster"`
	Namespace string `json:"namespace"`
	// Name is the workload name (Deployment name); defaults to App.
	Name    string `json:"name,omitempty"`
	App     string `json:"app"`
	Version string `json:"version,omitempty"`
	// Service is the Kubernetes Service name in Namespace that fronts it.
	Service string `json:"service"`
	// ServiceAccount is used for principals when no cluster is watched (or
	// its pods do not say); defaults to "default" as in Kubernetes.
	ServiceAccount string `json:"serviceAccount,omitempty"`
}

// Edge is a stream of calls from one workload to another's service.
type Edge struct {
	ID       string   `json:"id"`
	From     string   `json:"from"`
	To       string   `json:"to"`
	Protocol Protocol `json:"protocol"`
	// RPS is requests per second (connections per second for tcp).
	RPS float64 `json:"rps"`
	// ErrorRatio in [0,1]: share of requests answered with ErrorCode.
	ErrorRatio float64 `json:"errorRatio,omitempty"`
	// ErrorCode is the HTTP status of failed requests (default 503); for
	// grpc the HTTP status stays 200 and ErrorCode is the grpc-status
	// (default 14, UNAVAILABLE).
	ErrorCode int     `json:"errorCode,omitempty"`
	Latency   Latency `json:"latency"`
	// RequestBytes and ResponseBytes are median sizes (bytes per
	// connection for tcp).
	RequestBytes  float64 `json:"requestBytes,omitempty"`
	ResponseBytes float64 `json:"responseBytes,omitempty"`
}

// Latency is a log-normal distribution given by its median and 99th
// percentile, as measured at the server side (destination reporter).
type Latency struct {
	P50Ms float64 `json:"p50Ms"`
	P99Ms float64 `json:"p99Ms"`
}

// Defaults filled in by Normalize.
const (
	DefaultTrustDomain    = "cluster.local"
	DefaultServiceAccount = "default"
	defaultHTTPErrorCode  = 503
	defaultGRPCErrorCode  = 14
	defaultRequestBytes   = 512
	defaultResponseBytes  = 2048
	defaultP50Ms          = 10
)

// Normalize returns a copy with defaults filled in; it does not validate.
func Normalize(g Graph) Graph {
	out := Graph{TrustDomain: g.TrustDomain}
	if out.TrustDomain == "" {
		out.TrustDomain = DefaultTrustDomain
	}
	for _, w := range g.Workloads {
		out.Workloads = append(out.Workloads, normalizeWorkload(w))
	}
	for _, e := range g.Edges {
		out.Edges = append(out.Edges, NormalizeEdge(e))
	}
	return out
}

func normalizeWorkload(w Workload) Workload {
	if w.Name == "" {
		w.Name = w.App
	}
	if w.ServiceAccount == "" {
		w.ServiceAccount = DefaultServiceAccount
	}
	return w
}

// NormalizeEdge fills an edge's defaults.
func NormalizeEdge(e Edge) Edge {
	if e.Protocol == "" {
		e.Protocol = HTTP
	}
	if e.ErrorCode == 0 {
		e.ErrorCode = defaultHTTPErrorCode
		if e.Protocol == GRPC {
			e.ErrorCode = defaultGRPCErrorCode
		}
	}
	if e.Latency.P50Ms == 0 {
		e.Latency.P50Ms = defaultP50Ms
	}
	if e.Latency.P99Ms == 0 {
		e.Latency.P99Ms = 5 * e.Latency.P50Ms
	}
	if e.RequestBytes == 0 {
		e.RequestBytes = defaultRequestBytes
	}
	if e.ResponseBytes == 0 {
		e.ResponseBytes = defaultResponseBytes
	}
	return e
}

// Validate reports the first problem in a normalized graph, naming the
// workload or edge at fault.
func Validate(g Graph) error {
	ids := map[string]bool{}
	for _, w := range g.Workloads {
		if err := validateWorkload(w); err != nil {
			return fmt.Errorf("workload %q: %w", w.ID, err)
		}
		if ids[w.ID] {
			return fmt.Errorf("workload %q: duplicate id", w.ID)
		}
		ids[w.ID] = true
	}
	edgeIDs := map[string]bool{}
	for _, e := range g.Edges {
		if err := ValidateEdge(e, ids); err != nil {
			return fmt.Errorf("edge %q: %w", e.ID, err)
		}
		if edgeIDs[e.ID] {
			return fmt.Errorf("edge %q: duplicate id", e.ID)
		}
		edgeIDs[e.ID] = true
	}
	return nil
}

func validateWorkload(w Workload) error {
	for field, value := range map[string]string{"id": w.ID, "cluster": w.Cluster,
		"namespace": w.Namespace, "app": w.App, "service": w.Service} {
		if value == "" {
			return fmt.Errorf("%s is required", field)
		}
	}
	return nil
}

// ValidateEdge checks a normalized edge against the known workload ids.
func ValidateEdge(e Edge, workloadIDs map[string]bool) error {
	switch {
	case e.ID == "":
		return fmt.Errorf("id is required")
	case !workloadIDs[e.From]:
		return fmt.Errorf("from: unknown workload %q", e.From)
	case !workloadIDs[e.To]:
		return fmt.Errorf("to: unknown workload %q", e.To)
	case !slices.Contains([]Protocol{HTTP, GRPC, TCP}, e.Protocol):
		return fmt.Errorf("protocol %q: want http, grpc or tcp", e.Protocol)
	case !finiteNonNegative(e.RPS):
		return fmt.Errorf("rps %v: want a finite number >= 0", e.RPS)
	case !(e.ErrorRatio >= 0 && e.ErrorRatio <= 1):
		return fmt.Errorf("errorRatio %v: want 0..1", e.ErrorRatio)
	case !(e.Latency.P50Ms > 0 && e.Latency.P99Ms >= e.Latency.P50Ms):
		return fmt.Errorf("latency p50Ms %v, p99Ms %v: want 0 < p50 <= p99", e.Latency.P50Ms, e.Latency.P99Ms)
	case !(e.RequestBytes > 0 && e.ResponseBytes > 0):
		return fmt.Errorf("requestBytes and responseBytes must be > 0")
	}
	return nil
}

func finiteNonNegative(v float64) bool { return v >= 0 && !math.IsInf(v, 0) && !math.IsNaN(v) }

// WorkloadByID indexes the workloads.
func (g Graph) WorkloadByID() map[string]Workload {
	out := make(map[string]Workload, len(g.Workloads))
	for _, w := range g.Workloads {
		out[w.ID] = w
	}
	return out
}

// WorkloadIDs is the set of workload ids, for ValidateEdge.
func (g Graph) WorkloadIDs() map[string]bool {
	out := make(map[string]bool, len(g.Workloads))
	for _, w := range g.Workloads {
		out[w.ID] = true
	}
	return out
}
