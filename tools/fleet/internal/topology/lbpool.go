package topology

import (
	"errors"
	"fmt"
	"net/netip"
	"sort"
	"sync"
)

// loadBalancerPoolBits sizes each cluster's pool: a /24, 254 usable addresses
// (.0 and .255 are skipped like in the pod range), far more LoadBalancer Services
// than a fleet cluster holds.
const loadBalancerPoolBits = 24

// LoadBalancerPool is where the kubelet stand-in takes addresses for Services of
// type LoadBalancer: 127.<200+i>.0.0/24. Loopback, unlike the pod and service
// ranges, because the stand-in listens there and forwards to the Service's ready
// endpoints, so a gateway's address is reachable from this machine. It cannot
// collide with pod IPs (10.<100+i>.x.x), the loopback addresses of processes behind
// pods (127.<100+i>.x.x, istiod) or 127.0.0.1, where the fleet's daemons listen.
func (c Cluster) LoadBalancerPool() netip.Prefix {
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{127, byte(200 + c.Index), 0, 0}), loadBalancerPoolBits)
}

// ErrPoolExhausted is returned when every address of a pool is taken.
var ErrPoolExhausted = errors.New("load-balancer pool exhausted")

// LBPool hands out load-balancer addresses to Services (keys "namespace/name"), the
// way MetalLB does: one address per Service, the lowest free one unless the Service
// asks for a specific one (spec.loadBalancerIP) or already has one in its status.
// It lives in memory; after a restart the stand-in re-claims the addresses the
// Services carry in their status, so they keep them.
type LBPool struct {
	mu     sync.Mutex
	prefix netip.Prefix
	byKey  map[string]netip.Addr
	owner  map[netip.Addr]string
}

// NewLBPool returns an empty pool over an IPv4 prefix.
func NewLBPool(prefix netip.Prefix) *LBPool {
	return &LBPool{prefix: prefix.Masked(), byKey: map[string]netip.Addr{}, owner: map[netip.Addr]string{}}
}

// Prefix is the pool's range.
func (p *LBPool) Prefix() netip.Prefix { return p.prefix }

// LBRequest is what a Service says about the address it wants.
type LBRequest struct {
	// Requested is spec.loadBalancerIP (invalid Addr when unset): honoured when it is
	// in the pool and free, otherwise the Service gets no address.
	Requested netip.Addr
	// Current is the address in its status.loadBalancer (invalid when none): kept
	// when free, so addresses survive restarts of the stand-in.
	Current netip.Addr
}

// Assign returns the Service's address, allocating one if it holds none. A failed
// assignment releases what the Service held, so its status can be cleared and the
// address goes back to the pool.
func (p *LBPool) Assign(key string, req LBRequest) (netip.Addr, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	held, holds := p.byKey[key]
	if req.Requested.IsValid() {
		if holds && held == req.Requested {
			return held, nil
		}
		if err := p.checkFree(key, req.Requested); err != nil {
			p.releaseLocked(key)
			return netip.Addr{}, fmt.Errorf("spec.loadBalancerIP %s: %w", req.Requested, err)
		}
		p.releaseLocked(key)
		p.take(key, req.Requested)
		return req.Requested, nil
	}
	if holds {
		return held, nil
	}
	if req.Current.IsValid() && p.checkFree(key, req.Current) == nil {
		p.take(key, req.Current)
		return req.Current, nil
	}
	for ip := p.prefix.Addr(); p.prefix.Contains(ip); ip = ip.Next() {
		if usable(ip) && p.owner[ip] == "" {
			p.take(key, ip)
			return ip, nil
		}
	}
	return netip.Addr{}, fmt.Errorf("%w: all %d addresses of %s are taken", ErrPoolExhausted, p.usableCount(), p.prefix)
}

// Release frees the Service's address; it reports the address and whether it held one.
func (p *LBPool) Release(key string) (netip.Addr, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.releaseLocked(key)
}

// Holds returns the Service's address, if it has one.
func (p *LBPool) Holds(key string) (netip.Addr, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ip, ok := p.byKey[key]
	return ip, ok
}

// Contains reports whether an address belongs to this pool (usable or not).
func (p *LBPool) Contains(ip netip.Addr) bool { return p.prefix.Contains(ip) }

// Assigned lists the current assignments, sorted by key (for logs and tests).
func (p *LBPool) Assigned() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]string, 0, len(p.byKey))
	for k, ip := range p.byKey {
		out = append(out, k+"="+ip.String())
	}
	sort.Strings(out)
	return out
}

func (p *LBPool) checkFree(key string, ip netip.Addr) error {
	if !p.prefix.Contains(ip) || !usable(ip) {
		return fmt.Errorf("not a usable address of the fleet's load-balancer pool %s (its .0 and .255 addresses are skipped)", p.prefix)
	}
	if other := p.owner[ip]; other != "" && other != key {
		return fmt.Errorf("already assigned to Service %s", other)
	}
	return nil
}

func (p *LBPool) take(key string, ip netip.Addr) {
	p.byKey[key] = ip
	p.owner[ip] = key
}

func (p *LBPool) releaseLocked(key string) (netip.Addr, bool) {
	ip, ok := p.byKey[key]
	if ok {
		delete(p.byKey, key)
		delete(p.owner, ip)
	}
	return ip, ok
}

func (p *LBPool) usableCount() int {
	n := 0
	for ip := p.prefix.Addr(); p.prefix.Contains(ip); ip = ip.Next() {
		if usable(ip) {
			n++
		}
	}
	return n
}

// usable skips x.y.z.0 and x.y.z.255, which look like network and broadcast
// addresses to people and tools.
func usable(ip netip.Addr) bool {
	b := ip.As4()
	return ip.Is4() && b[3] != 0 && b[3] != 255
}
