package topology

import (
	"net/netip"
	"testing"
)

func TestNamesRoundTrip(t *testing.T) {
	want := map[int]string{0: "mesh-cp", 1: "east", 2: "west", 3: "member-04", 19: "member-20", 47: "member-48", 48: "it-cp", 49: "it-remote"}
	for i, name := range want {
		if got := Name(i); got != name {
			t.Errorf("Name(%d) = %q, want %q", i, got, name)
		}
		if got, err := Index(name); err != nil || got != i {
			t.Errorf("Index(%q) = %d, %v; want %d", name, got, err, i)
		}
	}
	if _, err := Index("nope"); err == nil {
		t.Error("Index(nope) should fail")
	}
}

func TestPlansDoNotCollide(t *testing.T) {
	clusters, err := First(MaxClusters)
	if err != nil {
		t.Fatal(err)
	}
	ports := map[int]string{EtcdClientPort: "etcd", EtcdPeerPort: "etcd-peer"}
	for _, c := range clusters {
		for _, p := range []int{c.APIServerPort, c.ControllerManagerPort} {
			if other, dup := ports[p]; dup {
				t.Fatalf("port %d used by %s and %s", p, other, c.Name)
			}
			if p == 3000 || p == 7007 || p == 5432 || p == 9090 {
				t.Fatalf("port %d is reserved for another tool", p)
			}
			ports[p] = c.Name
		}
		for _, o := range clusters {
			if o.Index != c.Index && (o.PodCIDR.Overlaps(c.PodCIDR) || o.ServiceCIDR.Overlaps(c.PodCIDR)) {
				t.Fatalf("%s and %s overlap", c.Name, o.Name)
			}
		}
	}
	if _, err := First(MaxClusters + 1); err == nil {
		t.Error("First beyond MaxClusters should fail")
	}
}

func TestClusterPlan(t *testing.T) {
	c, _ := ForIndex(1)
	if c.URL() != "https://127.0.0.1:16444" {
		t.Errorf("URL = %s", c.URL())
	}
	if c.PodCIDR.String() != "10.101.0.0/16" || c.ServiceCIDR.String() != "10.201.0.0/16" {
		t.Errorf("CIDRs = %s %s", c.PodCIDR, c.ServiceCIDR)
	}
	if c.KubernetesServiceIP().String() != "10.201.0.1" {
		t.Errorf("kubernetes service IP = %s", c.KubernetesServiceIP())
	}
	if c.NodeIP(0).String() != "10.101.0.1" || c.NodeName(2) != "east-node-3" {
		t.Errorf("node = %s %s", c.NodeIP(0), c.NodeName(2))
	}
	if c.EtcdPrefix() != "/clusters/east/registry" {
		t.Errorf("prefix = %s", c.EtcdPrefix())
	}
}

func TestIPAllocator(t *testing.T) {
	a := NewIPAllocator(netip.MustParsePrefix("10.100.0.0/22"))
	a.MarkUsed(netip.MustParseAddr("10.100.1.0"))
	first, err := a.Allocate()
	if err != nil {
		t.Fatal(err)
	}
	if first.String() != "10.100.1.1" {
		t.Errorf("first pod IP = %s, want 10.100.1.1 (node block and used IP skipped)", first)
	}
	seen := map[netip.Addr]bool{first: true}
	// 1024 addresses - 256 node block - 1 broadcast - 5 ending in .0/.255 - 1 taken = 761 left.
	for i := 0; i < 761; i++ {
		ip, err := a.Allocate()
		if err != nil {
			t.Fatalf("allocation %d: %v", i, err)
		}
		if b := ip.As4(); seen[ip] || b[3] == 0 || b[3] == 255 {
			t.Fatalf("bad IP %s", ip)
		}
		seen[ip] = true
	}
	if _, err := a.Allocate(); err == nil {
		t.Fatal("expected exhaustion")
	}
	a.Release(first)
	if ip, err := a.Allocate(); err != nil || ip != first {
		t.Fatalf("after release got %s, %v", ip, err)
	}
}
