package xds

import (
	"slices"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	discoveryv3 "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
)

// Resource types of Envoy's xDS v3, the ones a sidecar subscribes to.
const (
	ClusterType  = "type.googleapis.com/envoy.config.cluster.v3.Cluster"
	EndpointType = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment"
	ListenerType = "type.googleapis.com/envoy.config.listener.v3.Listener"
	RouteType    = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration"
)

// subscription is one resource type's state-of-the-world subscription: what
// was last accepted and which resources are asked for (nil: all, wildcard).
type subscription struct {
	version, nonce string
	names          []string
}

// adsState is Envoy's side of one ADS stream, without the I/O: which requests
// to send first and in answer to each response. Envoy asks for clusters and,
// once they arrive, for the endpoints of the EDS clusters among them and for
// listeners; the listeners name the route configurations it then asks for.
// Every response is acknowledged (its version and nonce, the same names);
// nothing is ever NACKed, since nothing is applied.
type adsState struct {
	node *corev3.Node
	sent bool // the node goes in the first request only, as Istio's bootstrap asks Envoy to do
	subs map[string]*subscription
}

func newADSState(node *corev3.Node) *adsState {
	return &adsState{node: node, subs: map[string]*subscription{}}
}

// start is the stream's first request: all clusters.
func (s *adsState) start() []*discoveryv3.DiscoveryRequest {
	return []*discoveryv3.DiscoveryRequest{s.subscribe(ClusterType, nil)}
}

// onResponse acknowledges resp, then subscribes to what it names.
func (s *adsState) onResponse(resp *discoveryv3.DiscoveryResponse) []*discoveryv3.DiscoveryRequest {
	sub := s.subs[resp.GetTypeUrl()]
	if sub == nil {
		// An unrequested type (istiod pushes only what was asked; be lenient): ack it as a wildcard.
		sub = &subscription{}
		s.subs[resp.GetTypeUrl()] = sub
	}
	sub.version, sub.nonce = resp.GetVersionInfo(), resp.GetNonce()
	out := []*discoveryv3.DiscoveryRequest{s.request(resp.GetTypeUrl(), sub)}
	switch resp.GetTypeUrl() {
	case ClusterType:
		out = append(out, s.follow(EndpointType, endpointNames(resp))...)
		if s.subs[ListenerType] == nil {
			out = append(out, s.subscribe(ListenerType, nil))
		}
	case ListenerType:
		out = append(out, s.follow(RouteType, listenerRouteNames(resp))...)
	}
	return out
}

// follow (re)subscribes typ to names when they changed. Empty names are not
// a wildcard here: with nothing to ask for, Envoy does not subscribe at all.
func (s *adsState) follow(typ string, names []string) []*discoveryv3.DiscoveryRequest {
	sub := s.subs[typ]
	if (sub == nil && len(names) == 0) || (sub != nil && slices.Equal(sub.names, names)) {
		return nil
	}
	if names == nil {
		names = []string{} // unsubscribe from the last names, not a wildcard
	}
	return []*discoveryv3.DiscoveryRequest{s.subscribe(typ, names)}
}

// subscribe keeps the type's last accepted version and nonce, as Envoy does
// when it changes a subscription.
func (s *adsState) subscribe(typ string, names []string) *discoveryv3.DiscoveryRequest {
	sub := s.subs[typ]
	if sub == nil {
		sub = &subscription{}
		s.subs[typ] = sub
	}
	sub.names = names
	return s.request(typ, sub)
}

func (s *adsState) request(typ string, sub *subscription) *discoveryv3.DiscoveryRequest {
	req := &discoveryv3.DiscoveryRequest{TypeUrl: typ, VersionInfo: sub.version,
		ResponseNonce: sub.nonce, ResourceNames: sub.names}
	if !s.sent {
		req.Node, s.sent = s.node, true
	}
	return req
}

func endpointNames(resp *discoveryv3.DiscoveryResponse) []string {
	var names []string
	for _, r := range resp.GetResources() {
		if name, ok := edsName(r.GetValue()); ok {
			names = append(names, name)
		}
	}
	return sortedUnique(names)
}

func listenerRouteNames(resp *discoveryv3.DiscoveryResponse) []string {
	var names []string
	for _, r := range resp.GetResources() {
		names = append(names, routeNames(r.GetValue())...)
	}
	return sortedUnique(names)
}

func sortedUnique(names []string) []string {
	slices.Sort(names)
	return slices.Compact(names)
}
