// Package topology decides, as pure functions of a cluster's index, everything that
// must not collide between the clusters of one fleet: names, ports and IP ranges.
// Keeping it deterministic means a cluster keeps its URL across restarts and purges,
// so configs that point at it (Backstage's app-config.local.yaml) stay valid.
package topology

import (
	"fmt"
	"net/netip"
)

// MaxClusters is bounded by the IP plan below (one /16 per cluster for pods, one for
// services, second octet 100+i and 200+i).
const MaxClusters = 50

// DefaultClusters is what `fleet up` starts without --clusters: one control-plane
// cluster and two workload clusters, the smallest hosted mesh.
const DefaultClusters = 3

// Ports. All listen on 127.0.0.1 only. The ranges avoid 3000 (Backstage frontend),
// 7007 (Backstage backend), 5432 (PostgreSQL) and 9090 (Prometheus).
const (
	EtcdClientPort        = 12379
	EtcdPeerPort          = 12380
	apiServerPortBase     = 16443
	controllerManagerBase = 17443
)

// NodesPerCluster is how many fake nodes the kubelet stand-in keeps Ready.
const NodesPerCluster = 3

// Cluster is the fixed plan of one cluster.
type Cluster struct {
	Index                 int
	Name                  string
	APIServerPort         int
	ControllerManagerPort int
	// PodCIDR is where the kubelet stand-in takes pod IPs from. Nothing ever sends
	// packets there: the API server reaches pods only through the fleet's egress proxy.
	PodCIDR netip.Prefix
	// ServiceCIDR is the API server's --service-cluster-ip-range. No kube-proxy runs,
	// so ClusterIPs are labels only; distinct ranges per cluster make logs readable.
	ServiceCIDR netip.Prefix
}

// Name returns the name of the cluster at index i: mesh-cp, east, west, member-04,
// ..., member-48, and for the last two indices it-cp and it-remote: the Go
// integration tests' own clusters (they install Istio, stop and restart clusters),
// named so that no other test and no demo picks them by accident.
func Name(i int) string {
	switch i {
	case 0:
		return "mesh-cp"
	case 1:
		return "east"
	case 2:
		return "west"
	case MaxClusters - 2:
		return "it-cp"
	case MaxClusters - 1:
		return "it-remote"
	}
	return fmt.Sprintf("member-%02d", i+1)
}

// Index is the inverse of Name.
func Index(name string) (int, error) {
	for i := 0; i < MaxClusters; i++ {
		if Name(i) == name {
			return i, nil
		}
	}
	return 0, fmt.Errorf("unknown cluster %q (names are mesh-cp, east, west, member-04 … member-%02d, it-cp, it-remote)", name, MaxClusters-2)
}

// ForIndex returns the plan of cluster i.
func ForIndex(i int) (Cluster, error) {
	if i < 0 || i >= MaxClusters {
		return Cluster{}, fmt.Errorf("cluster index %d out of range 0..%d", i, MaxClusters-1)
	}
	return Cluster{
		Index:                 i,
		Name:                  Name(i),
		APIServerPort:         apiServerPortBase + i,
		ControllerManagerPort: controllerManagerBase + i,
		PodCIDR:               netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(100 + i), 0, 0}), 16),
		ServiceCIDR:           netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(200 + i), 0, 0}), 16),
	}, nil
}

// First returns the plans of clusters 0..n-1.
func First(n int) ([]Cluster, error) {
	if n < 1 || n > MaxClusters {
		return nil, fmt.Errorf("--clusters must be between 1 and %d, got %d", MaxClusters, n)
	}
	out := make([]Cluster, n)
	for i := range out {
		c, err := ForIndex(i)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// URL is the API server's address as clients use it.
func (c Cluster) URL() string { return fmt.Sprintf("https://127.0.0.1:%d", c.APIServerPort) }

// EtcdPrefix keeps each cluster's keys apart in the one shared etcd.
func (c Cluster) EtcdPrefix() string { return "/clusters/" + c.Name + "/registry" }

// KubernetesServiceIP is the first address of the service range, which the API
// server gives to the `kubernetes` Service and so must be in its serving cert.
func (c Cluster) KubernetesServiceIP() netip.Addr { return c.ServiceCIDR.Addr().Next() }

// NodeName returns the name of fake node n (0-based) of this cluster.
func (c Cluster) NodeName(n int) string { return fmt.Sprintf("%s-node-%d", c.Name, n+1) }

// NodeIP returns the InternalIP of fake node n: 10.<100+i>.0.<n+1>, the head of the
// pod range, which the pod IP allocator never hands out.
func (c Cluster) NodeIP(n int) netip.Addr {
	a := c.PodCIDR.Addr().As4()
	a[3] = byte(n + 1)
	return netip.AddrFrom4(a)
}
