package mesh

// MTLSMode is a PeerAuthentication mtls.mode.
type MTLSMode string

const (
	ModeUnset      MTLSMode = "UNSET"
	ModeDisable    MTLSMode = "DISABLE"
	ModePermissive MTLSMode = "PERMISSIVE"
	ModeStrict     MTLSMode = "STRICT"
)

// PeerAuthentication is the part of security.istio.io PeerAuthentication the
// simulator models: namespace, workload selector and the workload-wide mode
// (portLevelMtls is not modelled).
type PeerAuthentication struct {
	Cluster   string            `json:"cluster"`
	Namespace string            `json:"namespace"`
	Name      string            `json:"name"`
	Selector  map[string]string `json:"selector,omitempty"`
	Mode      MTLSMode          `json:"mode"`
}

// EffectiveMode resolves the mTLS mode for a server workload the way istiod
// does: the workload-selector policy wins over the namespace policy, which
// wins over the mesh-wide one in the root namespace; UNSET inherits from the
// next level; with nothing set the mode is PERMISSIVE. Policies are taken
// from every watched cluster, as if all of them configured the same mesh.
func EffectiveMode(pas []PeerAuthentication, rootNamespace, namespace string, labels map[string]string) MTLSMode {
	levels := []func(PeerAuthentication) bool{
		func(p PeerAuthentication) bool {
			return p.Namespace == namespace && len(p.Selector) > 0 && selects(p.Selector, labels)
		},
		func(p PeerAuthentication) bool { return p.Namespace == namespace && len(p.Selector) == 0 },
		func(p PeerAuthentication) bool { return p.Namespace == rootNamespace && len(p.Selector) == 0 },
	}
	for _, matches := range levels {
		if mode := firstSetMode(pas, matches); mode != ModeUnset {
			return mode
		}
	}
	return ModePermissive
}

func firstSetMode(pas []PeerAuthentication, matches func(PeerAuthentication) bool) MTLSMode {
	for _, p := range pas {
		if matches(p) && p.Mode != "" && p.Mode != ModeUnset {
			return p.Mode
		}
	}
	return ModeUnset
}

func selects(selector, labels map[string]string) bool {
	for k, v := range selector {
		if labels[k] != v {
			return false
		}
	}
	return true
}
