package xds

import (
	"slices"
	"testing"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
)

// The field numbers in names.go, checked by encoding with go-control-plane's
// generated types.

func marshal(t *testing.T, m proto.Message) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEdsNameOfIstioClusters(t *testing.T) {
	eds := clusterv3.Cluster_Type{Type: clusterv3.Cluster_EDS}
	cases := []struct {
		name    string
		cluster *clusterv3.Cluster
		want    string
		ok      bool
	}{
		{"EDS with service name (Istio's outbound clusters)", &clusterv3.Cluster{Name: "outbound|80||cart.shop.svc.cluster.local",
			ClusterDiscoveryType: &eds, EdsClusterConfig: &clusterv3.Cluster_EdsClusterConfig{ServiceName: "outbound|80||cart.shop.svc.cluster.local"}},
			"outbound|80||cart.shop.svc.cluster.local", true},
		{"EDS without service name: the cluster's name", &clusterv3.Cluster{Name: "outbound|80|v1|cart.shop.svc.cluster.local",
			ClusterDiscoveryType: &eds, EdsClusterConfig: &clusterv3.Cluster_EdsClusterConfig{}},
			"outbound|80|v1|cart.shop.svc.cluster.local", true},
		{"static (BlackHoleCluster)", &clusterv3.Cluster{Name: "BlackHoleCluster",
			ClusterDiscoveryType: &clusterv3.Cluster_Type{Type: clusterv3.Cluster_STATIC}}, "", false},
		{"original destination (PassthroughCluster)", &clusterv3.Cluster{Name: "PassthroughCluster",
			ClusterDiscoveryType: &clusterv3.Cluster_Type{Type: clusterv3.Cluster_ORIGINAL_DST}}, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := edsName(marshal(t, c.cluster))
			if got != c.want || ok != c.ok {
				t.Errorf("edsName = %q, %v; want %q, %v", got, ok, c.want, c.ok)
			}
		})
	}
}

func TestRouteNamesOfAListenersHTTPConnectionManagers(t *testing.T) {
	hcm := func(route string) *listenerv3.Filter {
		cfg, err := anypb.New(&hcmv3.HttpConnectionManager{StatPrefix: "outbound_0.0.0.0_" + route,
			RouteSpecifier: &hcmv3.HttpConnectionManager_Rds{Rds: &hcmv3.Rds{RouteConfigName: route}}})
		if err != nil {
			t.Fatal(err)
		}
		return &listenerv3.Filter{Name: "envoy.filters.network.http_connection_manager",
			ConfigType: &listenerv3.Filter_TypedConfig{TypedConfig: cfg}}
	}
	inline, err := anypb.New(&hcmv3.HttpConnectionManager{StatPrefix: "inbound",
		RouteSpecifier: &hcmv3.HttpConnectionManager_RouteConfig{}})
	if err != nil {
		t.Fatal(err)
	}
	listener := &listenerv3.Listener{Name: "0.0.0.0_8080",
		FilterChains: []*listenerv3.FilterChain{
			{Filters: []*listenerv3.Filter{hcm("8080")}},
			{Filters: []*listenerv3.Filter{{Name: "envoy.filters.network.http_connection_manager",
				ConfigType: &listenerv3.Filter_TypedConfig{TypedConfig: inline}}}},
		},
		DefaultFilterChain: &listenerv3.FilterChain{Filters: []*listenerv3.Filter{hcm("cart.shop.svc.cluster.local:8080")}},
	}
	got := routeNames(marshal(t, listener))
	want := []string{"8080", "cart.shop.svc.cluster.local:8080"}
	if !slices.Equal(got, want) {
		t.Errorf("routeNames = %q, want %q", got, want)
	}
}
