package topology

import (
	"errors"
	"net/netip"
	"reflect"
	"strings"
	"testing"
)

var noRequest = LBRequest{}

func mustAssign(t *testing.T, p *LBPool, key string, req LBRequest) netip.Addr {
	t.Helper()
	ip, err := p.Assign(key, req)
	if err != nil {
		t.Fatalf("Assign(%s): %v", key, err)
	}
	return ip
}

func TestLoadBalancerPoolsAreDistinctAndApartFromPodAddresses(t *testing.T) {
	clusters, err := First(MaxClusters)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range clusters {
		pool := c.LoadBalancerPool()
		if !pool.Addr().IsLoopback() {
			t.Errorf("%s: pool %s must be loopback (the stand-in listens there)", c.Name, pool)
		}
		// Processes behind pods listen on the pod IP moved to 127/8 (istiod).
		podLoopback := netip.PrefixFrom(netip.AddrFrom4([4]byte{127, c.PodCIDR.Addr().As4()[1], 0, 0}), 16)
		for _, o := range clusters {
			podLoopbackOther := netip.PrefixFrom(netip.AddrFrom4([4]byte{127, o.PodCIDR.Addr().As4()[1], 0, 0}), 16)
			if (o.Index != c.Index && o.LoadBalancerPool().Overlaps(pool)) || pool.Overlaps(podLoopbackOther) || pool.Overlaps(o.PodCIDR) {
				t.Fatalf("%s pool %s overlaps addresses of %s", c.Name, pool, o.Name)
			}
		}
		if pool.Contains(netip.MustParseAddr("127.0.0.1")) || pool.Overlaps(podLoopback) {
			t.Fatalf("%s pool %s overlaps 127.0.0.1 or its own pod loopback range", c.Name, pool)
		}
	}
	east, _ := ForIndex(1)
	if got := east.LoadBalancerPool().String(); got != "127.201.0.0/24" {
		t.Errorf("east's pool = %s, want 127.201.0.0/24 (documented in the README)", got)
	}
}

func TestLBPoolHandsOutLowestFreeAddressAndReusesReleasedOnes(t *testing.T) {
	p := NewLBPool(netip.MustParsePrefix("127.201.0.0/24"))
	a := mustAssign(t, p, "ns/a", noRequest)
	b := mustAssign(t, p, "ns/b", noRequest)
	if a.String() != "127.201.0.1" || b.String() != "127.201.0.2" {
		t.Fatalf("got %s, %s; want .1 and .2 (.0 skipped)", a, b)
	}
	if again := mustAssign(t, p, "ns/a", noRequest); again != a {
		t.Errorf("a Service keeps its address: got %s, want %s", again, a)
	}
	if ip, ok := p.Release("ns/a"); !ok || ip != a {
		t.Fatalf("Release = %s, %v", ip, ok)
	}
	if _, ok := p.Release("ns/a"); ok {
		t.Error("a second Release must report nothing held")
	}
	if c := mustAssign(t, p, "ns/c", noRequest); c != a {
		t.Errorf("the released address is reused: got %s, want %s", c, a)
	}
}

func TestLBPoolKeepsTheAddressInAServicesStatus(t *testing.T) {
	p := NewLBPool(netip.MustParsePrefix("127.201.0.0/24"))
	current := netip.MustParseAddr("127.201.0.9")
	if got := mustAssign(t, p, "ns/a", LBRequest{Current: current}); got != current {
		t.Fatalf("after a restart the status address is kept: got %s", got)
	}
	// Another Service whose status claims the same address (copied manifest) gets a new one.
	if got := mustAssign(t, p, "ns/b", LBRequest{Current: current}); got == current {
		t.Fatal("one address, two Services")
	}
	// An address outside the pool (another load balancer wrote it) is not adopted.
	if got := mustAssign(t, p, "ns/c", LBRequest{Current: netip.MustParseAddr("172.18.0.5")}); !p.Contains(got) {
		t.Errorf("got %s outside the pool", got)
	}
}

func TestLBPoolHonoursLoadBalancerIPWhenFree(t *testing.T) {
	p := NewLBPool(netip.MustParsePrefix("127.201.0.0/24"))
	want := netip.MustParseAddr("127.201.0.50")
	if got := mustAssign(t, p, "ns/a", LBRequest{Requested: want}); got != want {
		t.Fatalf("got %s, want the requested %s", got, want)
	}
	_, err := p.Assign("ns/b", LBRequest{Requested: want})
	if err == nil || !strings.Contains(err.Error(), "spec.loadBalancerIP 127.201.0.50") || !strings.Contains(err.Error(), "ns/a") {
		t.Errorf("a taken loadBalancerIP names the field and the holder, got %v", err)
	}
	_, err = p.Assign("ns/c", LBRequest{Requested: netip.MustParseAddr("10.0.0.1")})
	if err == nil || !strings.Contains(err.Error(), "127.201.0.0/24") {
		t.Errorf("a loadBalancerIP outside the pool names the pool, got %v", err)
	}
	// A Service that changes its loadBalancerIP moves; the old address is free again.
	moved := netip.MustParseAddr("127.201.0.60")
	if got := mustAssign(t, p, "ns/a", LBRequest{Requested: moved}); got != moved {
		t.Fatalf("got %s, want %s", got, moved)
	}
	if got := mustAssign(t, p, "ns/b", LBRequest{Requested: want}); got != want {
		t.Errorf("the old address is free after the move: got %s", got)
	}
	// A failed request releases what the Service held (its status gets cleared).
	if _, err := p.Assign("ns/b", LBRequest{Requested: moved}); err == nil {
		t.Fatal("moved is held by ns/a")
	}
	if _, holds := p.Holds("ns/b"); holds {
		t.Error("ns/b must hold nothing after a failed request")
	}
}

func TestLBPoolExhaustion(t *testing.T) {
	p := NewLBPool(netip.MustParsePrefix("127.201.0.0/30")) // .1, .2, .3 usable
	for _, k := range []string{"ns/a", "ns/b", "ns/c"} {
		mustAssign(t, p, k, noRequest)
	}
	_, err := p.Assign("ns/d", noRequest)
	if !errors.Is(err, ErrPoolExhausted) || !strings.Contains(err.Error(), "all 3 addresses of 127.201.0.0/30") {
		t.Fatalf("want ErrPoolExhausted naming the pool, got %v", err)
	}
	p.Release("ns/b")
	if got := mustAssign(t, p, "ns/d", noRequest); got.String() != "127.201.0.2" {
		t.Errorf("after a release the waiting Service gets the freed address, got %s", got)
	}
	want := []string{"ns/a=127.201.0.1", "ns/c=127.201.0.3", "ns/d=127.201.0.2"}
	if got := p.Assigned(); !reflect.DeepEqual(got, want) {
		t.Errorf("Assigned = %v, want %v", got, want)
	}
}
