package xds

import (
	"testing"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	discoveryv3 "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
)

// request is a DiscoveryRequest's fields in one comparable value.
type request struct {
	typeURL, version, nonce string
	names                   string
	withNode                bool
}

func summarize(reqs []*discoveryv3.DiscoveryRequest) []request {
	var out []request
	for _, r := range reqs {
		names := "*"
		if r.ResourceNames != nil {
			names = ""
			for i, n := range r.ResourceNames {
				if i > 0 {
					names += ","
				}
				names += n
			}
		}
		out = append(out, request{r.TypeUrl, r.VersionInfo, r.ResponseNonce, names, r.Node != nil})
	}
	return out
}

func edsClusters(t *testing.T, names ...string) []*anypb.Any {
	var out []*anypb.Any
	for _, n := range names {
		a, err := anypb.New(&clusterv3.Cluster{Name: n,
			ClusterDiscoveryType: &clusterv3.Cluster_Type{Type: clusterv3.Cluster_EDS},
			EdsClusterConfig:     &clusterv3.Cluster_EdsClusterConfig{ServiceName: n}})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func checkRequests(t *testing.T, step string, got []*discoveryv3.DiscoveryRequest, want ...request) {
	t.Helper()
	g := summarize(got)
	if len(g) != len(want) {
		t.Fatalf("%s: sent %+v, want %+v", step, g, want)
	}
	for i := range want {
		if g[i] != want[i] {
			t.Errorf("%s: request %d = %+v, want %+v", step, i, g[i], want[i])
		}
	}
}

// TestSubscribesAndAcknowledgesAsEnvoy walks one stream: clusters first, then
// the endpoints they name and the listeners, then the listeners' routes; every
// response acknowledged with its version and nonce, the node sent once.
func TestSubscribesAndAcknowledgesAsEnvoy(t *testing.T) {
	s := newADSState(&corev3.Node{Id: "sidecar~10.101.1.6~cart-v1-x.shop~shop.svc.cluster.local"})
	checkRequests(t, "start", s.start(), request{ClusterType, "", "", "*", true})

	cds := &discoveryv3.DiscoveryResponse{TypeUrl: ClusterType, VersionInfo: "v1", Nonce: "n1",
		Resources: edsClusters(t, "outbound|80||b.shop.svc.cluster.local", "outbound|80||a.shop.svc.cluster.local")}
	checkRequests(t, "after CDS", s.onResponse(cds),
		request{ClusterType, "v1", "n1", "*", false},
		request{EndpointType, "", "", "outbound|80||a.shop.svc.cluster.local,outbound|80||b.shop.svc.cluster.local", false},
		request{ListenerType, "", "", "*", false})

	eds := &discoveryv3.DiscoveryResponse{TypeUrl: EndpointType, VersionInfo: "v1", Nonce: "n2"}
	checkRequests(t, "after EDS", s.onResponse(eds),
		request{EndpointType, "v1", "n2", "outbound|80||a.shop.svc.cluster.local,outbound|80||b.shop.svc.cluster.local", false})

	lds := &discoveryv3.DiscoveryResponse{TypeUrl: ListenerType, VersionInfo: "v1", Nonce: "n3"}
	checkRequests(t, "after LDS without HTTP routes", s.onResponse(lds), request{ListenerType, "v1", "n3", "*", false})

	cds2 := proto.Clone(cds).(*discoveryv3.DiscoveryResponse)
	cds2.VersionInfo, cds2.Nonce = "v2", "n4"
	checkRequests(t, "same clusters pushed again", s.onResponse(cds2), request{ClusterType, "v2", "n4", "*", false})

	cds3 := &discoveryv3.DiscoveryResponse{TypeUrl: ClusterType, VersionInfo: "v3", Nonce: "n5",
		Resources: edsClusters(t, "outbound|80||a.shop.svc.cluster.local")}
	checkRequests(t, "a cluster removed", s.onResponse(cds3),
		request{ClusterType, "v3", "n5", "*", false},
		request{EndpointType, "v1", "n2", "outbound|80||a.shop.svc.cluster.local", false})
}
