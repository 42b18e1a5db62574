package kube

import (
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"meshfleet.local/tools/trafficsim/mesh"
)

// PeerAuthenticationResource is Istio's security.istio.io/v1 API.
var PeerAuthenticationResource = schema.GroupVersionResource{
	Group: "security.istio.io", Version: "v1", Resource: "peerauthentications"}

// PeerAuthenticationFrom reads the modelled fields of a PeerAuthentication.
func PeerAuthenticationFrom(cluster string, u *unstructured.Unstructured) mesh.PeerAuthentication {
	selector, _, _ := unstructured.NestedStringMap(u.Object, "spec", "selector", "matchLabels")
	mode, _, _ := unstructured.NestedString(u.Object, "spec", "mtls", "mode")
	if mode == "" {
		mode = string(mesh.ModeUnset)
	}
	return mesh.PeerAuthentication{Cluster: cluster, Namespace: u.GetNamespace(), Name: u.GetName(),
		Selector: selector, Mode: mesh.MTLSMode(mode)}
}
