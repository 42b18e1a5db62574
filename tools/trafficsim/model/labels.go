package model

import (
	"fmt"
	"strconv"

	"meshfleet.local/tools/trafficsim/graph"
)

// Reporter is Istio's reporter label: which sidecar emitted a series.
type Reporter string

const (
	Source      Reporter = "source"
	Destination Reporter = "destination"
)

// Unknown is what Envoy writes for a peer it knows nothing about (no
// sidecar on the other side, so no peer metadata exchange).
const Unknown = "unknown"

// serviceDomain is the Kubernetes DNS suffix in destination_service.
const serviceDomain = "svc.cluster.local"

// CommonLabels are the labels of every Istio standard metric, in the order
// Istio's stats filter emits them.
var CommonLabels = []string{
	"reporter",
	"source_workload", "source_canonical_service", "source_canonical_revision",
	"source_workload_namespace", "source_principal", "source_app", "source_version", "source_cluster",
	"destination_workload", "destination_workload_namespace", "destination_principal",
	"destination_app", "destination_version",
	"destination_service", "destination_canonical_service", "destination_canonical_revision",
	"destination_service_name", "destination_service_namespace", "destination_cluster",
	"request_protocol", "response_flags", "connection_security_policy",
}

// RequestLabels are CommonLabels plus the per-request outcome labels of the
// HTTP/gRPC metrics (TCP metrics do not carry them).
var RequestLabels = append(append([]string{}, CommonLabels...), "response_code", "grpc_response_status")

// SeriesLabels builds the common labels of one reporter's series for a flow.
func SeriesLabels(r Reporter, f Flow, ends Endpoints, protocol graph.Protocol, trustDomain string) map[string]string {
	l := map[string]string{
		"reporter":                      string(r),
		"destination_service":           fmt.Sprintf("%s.%s.%s", ends.Dest.Service, ends.Dest.Namespace, serviceDomain),
		"destination_service_name":      ends.Dest.Service,
		"destination_service_namespace": ends.Dest.Namespace,
		"request_protocol":              string(protocol),
		"response_flags":                "-",
		"connection_security_policy":    securityPolicy(r, f),
	}
	addPeer(l, "source_", peerFor(r == Source || f.SourceSidecar, ends.Source))
	addPeer(l, "destination_", peerFor((r == Destination || f.DestSidecar) && !f.NoEndpoints, ends.Dest))
	l["source_principal"] = principal(f.MutualTLS, trustDomain, ends.Source.Namespace, ends.SourceServiceAccount)
	l["destination_principal"] = principal(f.MutualTLS, trustDomain, ends.Dest.Namespace, ends.DestServiceAccount)
	if f.NoEndpoints {
		l["response_flags"] = "UH"
	}
	return l
}

// securityPolicy: only the server side knows how the connection was
// secured; the client sidecar always reports "unknown".
func securityPolicy(r Reporter, f Flow) string {
	switch {
	case r == Source:
		return Unknown
	case f.MutualTLS:
		return "mutual_tls"
	default:
		return "none"
	}
}

type peer struct{ workload, namespace, app, version, canonicalService, canonicalRevision, cluster string }

// peerFor describes a workload as a reporter sees it: its own side always,
// the other side only when that side has a sidecar to exchange metadata.
func peerFor(known bool, w graph.Workload) peer {
	if !known {
		return peer{Unknown, Unknown, Unknown, Unknown, Unknown, Unknown, Unknown}
	}
	version, revision := w.Version, w.Version
	if version == "" {
		version, revision = Unknown, "latest"
	}
	return peer{w.Name, w.Namespace, w.App, version, w.App, revision, w.Cluster}
}

func addPeer(l map[string]string, prefix string, p peer) {
	l[prefix+"workload"] = p.workload
	l[prefix+"workload_namespace"] = p.namespace
	l[prefix+"app"] = p.app
	l[prefix+"version"] = p.version
	l[prefix+"canonical_service"] = p.canonicalService
	l[prefix+"canonical_revision"] = p.canonicalRevision
	l[prefix+"cluster"] = p.cluster
}

// principal is the SPIFFE identity a peer proved with its certificate;
// without mutual TLS there is none.
func principal(mtls bool, trustDomain, namespace, serviceAccount string) string {
	if !mtls {
		return Unknown
	}
	return fmt.Sprintf("spiffe://%s/ns/%s/sa/%s", trustDomain, namespace, serviceAccount)
}

// Outcome is the result of one class of requests on an edge.
type Outcome struct {
	ResponseCode string
	GRPCStatus   string
}

// Outcomes returns the success and failure outcomes for an edge: gRPC
// failures keep HTTP 200 and carry the grpc-status, as gRPC servers answer.
func Outcomes(e graph.Edge, f Flow) (ok, failed Outcome) {
	if f.NoEndpoints {
		return Outcome{"503", grpcStatusIf(e, "14")}, Outcome{"503", grpcStatusIf(e, "14")}
	}
	if e.Protocol == graph.GRPC {
		return Outcome{"200", "0"}, Outcome{"200", strconv.Itoa(e.ErrorCode)}
	}
	return Outcome{"200", ""}, Outcome{strconv.Itoa(e.ErrorCode), ""}
}

func grpcStatusIf(e graph.Edge, status string) string {
	if e.Protocol == graph.GRPC {
		return status
	}
	return ""
}

// WithOutcome returns labels extended by an outcome.
func WithOutcome(common map[string]string, o Outcome) map[string]string {
	l := make(map[string]string, len(common)+2)
	for k, v := range common {
		l[k] = v
	}
	l["response_code"] = o.ResponseCode
	l["grpc_response_status"] = o.GRPCStatus
	return l
}
