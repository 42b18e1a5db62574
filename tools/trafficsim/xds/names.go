package xds

import (
	"google.golang.org/protobuf/encoding/protowire"
)

// What Envoy subscribes to next is named inside the resources istiod sends:
// EDS names in clusters, RDS names in listeners. Decoding whole Cluster and
// Listener messages (and the filter configs inside) for every push of every
// simulated sidecar would cost far more than the streams themselves, so these
// functions read only the few fields on the path to those names, by field
// number (envoy.config.cluster.v3.Cluster, envoy.config.listener.v3.Listener,
// HttpConnectionManager; names_test.go checks them against go-control-plane's
// generated types).
const (
	clusterName             = 1 // Cluster.name
	clusterType             = 2 // Cluster.type (DiscoveryType)
	clusterEdsConfig        = 3 // Cluster.eds_cluster_config
	edsConfigServiceName    = 2 // EdsClusterConfig.service_name
	discoveryTypeEDS        = 3 // Cluster.DiscoveryType EDS
	listenerFilterChains    = 3 // Listener.filter_chains
	listenerDefaultChain    = 25
	filterChainFilters      = 3 // FilterChain.filters
	filterTypedConfig       = 4 // Filter.typed_config (Any)
	anyTypeURL              = 1
	anyValue                = 2
	hcmRds                  = 3 // HttpConnectionManager.rds
	rdsRouteConfigName      = 2 // Rds.route_config_name
	httpConnectionManagerTU = "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager"
)

// edsName is the endpoint set Envoy subscribes to for a cluster of type EDS:
// its eds_cluster_config.service_name, else its name; ok is false for other
// cluster types (static, DNS, original destination).
func edsName(cluster []byte) (name string, ok bool) {
	if varintField(cluster, clusterType) != discoveryTypeEDS {
		return "", false
	}
	for _, eds := range bytesFields(cluster, clusterEdsConfig) {
		for _, service := range bytesFields(eds, edsConfigServiceName) {
			if len(service) > 0 {
				return string(service), true
			}
		}
	}
	names := bytesFields(cluster, clusterName)
	if len(names) == 0 {
		return "", false
	}
	return string(names[len(names)-1]), true
}

// routeNames are the RDS route configurations a listener's HTTP connection
// managers name.
func routeNames(listener []byte) []string {
	chains := append(bytesFields(listener, listenerFilterChains), bytesFields(listener, listenerDefaultChain)...)
	var names []string
	for _, chain := range chains {
		for _, filter := range bytesFields(chain, filterChainFilters) {
			for _, typed := range bytesFields(filter, filterTypedConfig) {
				if !hasString(typed, anyTypeURL, httpConnectionManagerTU) {
					continue
				}
				for _, hcm := range bytesFields(typed, anyValue) {
					for _, rds := range bytesFields(hcm, hcmRds) {
						for _, name := range bytesFields(rds, rdsRouteConfigName) {
							names = append(names, string(name))
						}
					}
				}
			}
		}
	}
	return names
}

// bytesFields returns every length-delimited occurrence of field num at the
// top level of msg; a malformed message yields what was read before the fault.
func bytesFields(msg []byte, num protowire.Number) [][]byte {
	var out [][]byte
	forEachField(msg, func(n protowire.Number, typ protowire.Type, b []byte) {
		if n == num && typ == protowire.BytesType {
			v, _ := protowire.ConsumeBytes(b)
			out = append(out, v)
		}
	})
	return out
}

// varintField is the last value of varint field num (proto3: last one wins), 0 if absent.
func varintField(msg []byte, num protowire.Number) uint64 {
	var v uint64
	forEachField(msg, func(n protowire.Number, typ protowire.Type, b []byte) {
		if n == num && typ == protowire.VarintType {
			v, _ = protowire.ConsumeVarint(b)
		}
	})
	return v
}

func hasString(msg []byte, num protowire.Number, want string) bool {
	for _, v := range bytesFields(msg, num) {
		if string(v) == want {
			return true
		}
	}
	return false
}

// forEachField calls fn with each top-level field's number, wire type and
// the bytes from its value on.
func forEachField(msg []byte, fn func(protowire.Number, protowire.Type, []byte)) {
	for len(msg) > 0 {
		num, typ, n := protowire.ConsumeTag(msg)
		if n < 0 {
			return
		}
		msg = msg[n:]
		fn(num, typ, msg)
		m := protowire.ConsumeFieldValue(num, typ, msg)
		if m < 0 {
			return
		}
		msg = msg[m:]
	}
}
