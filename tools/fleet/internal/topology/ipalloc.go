package topology

import (
	"fmt"
	"net/netip"
	"sync"
)

// firstPodHost skips 10.<x>.0.0/24: .0.1-.0.255 are kept for node addresses.
const firstPodHost = 256

// IPAllocator hands out pod IPs from a cluster's pod CIDR. It lives only in memory:
// on restart the kubelet stand-in re-marks the IPs of pods that still exist.
type IPAllocator struct {
	mu     sync.Mutex
	prefix netip.Prefix
	used   map[netip.Addr]bool
	next   uint32 // offset of the next candidate, so freed IPs are not reused at once
}

// NewIPAllocator returns an allocator over an IPv4 prefix.
func NewIPAllocator(prefix netip.Prefix) *IPAllocator {
	return &IPAllocator{prefix: prefix.Masked(), used: map[netip.Addr]bool{}, next: firstPodHost}
}

func (a *IPAllocator) size() uint32 { return 1 << (32 - a.prefix.Bits()) }

func (a *IPAllocator) at(offset uint32) netip.Addr {
	b := a.prefix.Addr().As4()
	base := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	v := base + offset
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// Allocate returns a free IP, skipping the node block and the broadcast address.
func (a *IPAllocator) Allocate() (netip.Addr, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	last := a.size() - 1
	for tried := uint32(0); tried < last; tried++ {
		off := a.next
		a.next++
		if a.next >= last {
			a.next = firstPodHost
		}
		if off < firstPodHost || off >= last {
			continue
		}
		ip := a.at(off)
		// x.y.z.0 and x.y.z.255 are valid inside a /16 but look like network and
		// broadcast addresses to people and some tools; skip them.
		if b := ip.As4(); b[3] == 0 || b[3] == 255 {
			continue
		}
		if !a.used[ip] {
			a.used[ip] = true
			return ip, nil
		}
	}
	return netip.Addr{}, fmt.Errorf("pod CIDR %s exhausted", a.prefix)
}

// MarkUsed records an IP that an existing pod already has.
func (a *IPAllocator) MarkUsed(ip netip.Addr) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.prefix.Contains(ip) {
		a.used[ip] = true
	}
}

// Release frees an IP when its pod is gone.
func (a *IPAllocator) Release(ip netip.Addr) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.used, ip)
}
