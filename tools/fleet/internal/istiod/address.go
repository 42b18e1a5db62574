package istiod

import (
	"fmt"
	"net/netip"
)

// loopbackFor maps a pod IP 10.a.b.c to the loopback address 127.a.b.c.
//
// Why an address per pod rather than allocated ports: every istiod keeps Istio's
// own ports (8080, 15010, 15012, 15014, 15017, 9876), so the API server's
// connection to pod IP:15017 becomes 127.a.b.c:15017 without a port table to keep
// across stand-in restarts, and two istiods (revisions, clusters) never collide.
// Linux routes all of 127.0.0.0/8 to the loopback interface, so nothing leaves
// the machine. The fleet's pod CIDRs (10.<100+i>.0.0/16) keep the mapping unique.
func loopbackFor(podIP string) (netip.Addr, error) {
	ip, err := netip.ParseAddr(podIP)
	if err != nil || !ip.Is4() {
		return netip.Addr{}, fmt.Errorf("pod IP %q is not an IPv4 address", podIP)
	}
	b := ip.As4()
	if b[0] != 10 {
		return netip.Addr{}, fmt.Errorf("pod IP %s is outside 10.0.0.0/8, the fleet's pod networks", podIP)
	}
	b[0] = 127
	return netip.AddrFrom4(b), nil
}
