package kubelet

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/labels"
	discoverylisters "k8s.io/client-go/listers/discovery/v1"
)

// lbDialTimeout bounds one attempt to reach an endpoint behind a load-balancer address.
const lbDialTimeout = 5 * time.Second

// lbForwarder makes load-balancer addresses reachable from this machine: for every
// TCP port of a Service with an address it listens on address:port (loopback, see
// topology.LoadBalancerPool) and hands each connection to a ready endpoint of the
// Service through the endpoint pod's runtime, the same Dial the egress proxy uses
// for the API server. So a gateway pod whose ports are forwarded to a local process
// (ForwardAnnotation, istiod) answers on its Service's address; a simulated pod
// (IdealRuntime) has nothing listening, and the connection is closed.
type lbForwarder struct {
	endpoints  discoverylisters.EndpointSliceLister
	podByIP    func(ip string) (*corev1.Pod, bool)
	runtimeFor func(*corev1.Pod) PodRuntime
	next       atomic.Uint32 // spreads connections over the ready endpoints

	mu        sync.Mutex
	listeners map[string]map[int32]*lbListener // Service key → Service port
	failed    map[string]string                // "key/port" → last listen error, logged once
}

type lbListener struct {
	addr     netip.AddrPort
	portName string
	l        net.Listener
}

func newLBForwarder(endpoints discoverylisters.EndpointSliceLister, podByIP func(string) (*corev1.Pod, bool), runtimeFor func(*corev1.Pod) PodRuntime) *lbForwarder {
	return &lbForwarder{
		endpoints: endpoints, podByIP: podByIP, runtimeFor: runtimeFor,
		listeners: map[string]map[int32]*lbListener{}, failed: map[string]string{},
	}
}

// ensure listens on exactly the Service's TCP ports at ip.
func (f *lbForwarder) ensure(svc *corev1.Service, ip netip.Addr) {
	key := svc.Namespace + "/" + svc.Name
	want := map[int32]string{}
	for _, p := range svc.Spec.Ports {
		if p.Protocol == "" || p.Protocol == corev1.ProtocolTCP {
			want[p.Port] = p.Name
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	have := f.listeners[key]
	if have == nil {
		have = map[int32]*lbListener{}
		f.listeners[key] = have
	}
	for port, ln := range have {
		if name, ok := want[port]; !ok || name != ln.portName || ln.addr.Addr() != ip {
			ln.l.Close()
			delete(have, port)
		}
	}
	for port, name := range want {
		if _, ok := have[port]; ok {
			continue
		}
		addr := netip.AddrPortFrom(ip, uint16(port))
		l, err := net.Listen("tcp", addr.String())
		if err != nil {
			f.logListenFailure(key, port, err)
			continue
		}
		delete(f.failed, key+"/"+strconv.Itoa(int(port)))
		ln := &lbListener{addr: addr, portName: name, l: l}
		have[port] = ln
		go f.serve(svc.Namespace, svc.Name, ln)
	}
}

// logListenFailure: a port below 1024 needs root or CAP_NET_BIND_SERVICE; the
// address is still assigned, only not reachable on that port.
func (f *lbForwarder) logListenFailure(key string, port int32, err error) {
	id := key + "/" + strconv.Itoa(int(port))
	if f.failed[id] != err.Error() {
		f.failed[id] = err.Error()
		log.Printf("service %s: cannot forward load-balancer port %d: %v", key, port, err)
	}
}

func (f *lbForwarder) stop(key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, ln := range f.listeners[key] {
		ln.l.Close()
	}
	delete(f.listeners, key)
}

func (f *lbForwarder) stopAll() {
	f.mu.Lock()
	keys := make([]string, 0, len(f.listeners))
	for k := range f.listeners {
		keys = append(keys, k)
	}
	f.mu.Unlock()
	for _, k := range keys {
		f.stop(k)
	}
}

func (f *lbForwarder) serve(ns, name string, ln *lbListener) {
	for {
		conn, err := ln.l.Accept()
		if err != nil {
			return // closed: released, port removed, or the stand-in stops
		}
		go f.handle(conn, ns, name, ln.portName)
	}
}

func (f *lbForwarder) handle(conn net.Conn, ns, name, portName string) {
	ctx, cancel := context.WithTimeout(context.Background(), lbDialTimeout)
	upstream, err := f.dialEndpoint(ctx, ns, name, portName)
	cancel()
	if err != nil {
		log.Printf("load balancer %s: %v", conn.LocalAddr(), err)
		conn.Close()
		return
	}
	pipe(conn, conn, upstream)
}

// dialEndpoint connects to one ready endpoint of the Service's port, trying the
// next one when a pod's runtime refuses.
func (f *lbForwarder) dialEndpoint(ctx context.Context, ns, name, portName string) (net.Conn, error) {
	slices, err := f.endpoints.EndpointSlices(ns).List(labels.SelectorFromSet(labels.Set{discoveryv1.LabelServiceName: name}))
	if err != nil {
		return nil, err
	}
	targets := readyTargets(slices, portName)
	if len(targets) == 0 {
		return nil, fmt.Errorf("service %s/%s port %q has no ready endpoint", ns, name, portName)
	}
	start := int(f.next.Add(1))
	var errs []error
	for i := range targets {
		t := targets[(start+i)%len(targets)]
		pod, ok := f.podByIP(t.Addr().String())
		if !ok {
			errs = append(errs, fmt.Errorf("no running pod has IP %s", t.Addr()))
			continue
		}
		conn, err := f.runtimeFor(pod).Dial(ctx, pod, int(t.Port()))
		if err == nil {
			return conn, nil
		}
		errs = append(errs, err)
	}
	return nil, fmt.Errorf("service %s/%s port %q: no endpoint accepted the connection: %w", ns, name, portName, errors.Join(errs...))
}

// readyTargets lists pod IP:targetPort of the ready endpoints serving a Service
// port (matched by name, as kube-proxy does; "" for a Service's single unnamed port).
func readyTargets(slices []*discoveryv1.EndpointSlice, portName string) []netip.AddrPort {
	var out []netip.AddrPort
	for _, s := range slices {
		if s.AddressType != discoveryv1.AddressTypeIPv4 {
			continue
		}
		port, ok := slicePort(s, portName)
		if !ok {
			continue
		}
		for _, ep := range s.Endpoints {
			if ep.Conditions.Ready != nil && !*ep.Conditions.Ready {
				continue
			}
			for _, a := range ep.Addresses {
				if ip, err := netip.ParseAddr(a); err == nil {
					out = append(out, netip.AddrPortFrom(ip, port))
				}
			}
		}
	}
	return out
}

func slicePort(s *discoveryv1.EndpointSlice, portName string) (uint16, bool) {
	for _, p := range s.Ports {
		name := ""
		if p.Name != nil {
			name = *p.Name
		}
		tcp := p.Protocol == nil || *p.Protocol == corev1.ProtocolTCP
		if name == portName && tcp && p.Port != nil {
			return uint16(*p.Port), true
		}
	}
	return 0, false
}
