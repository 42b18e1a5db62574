// Package mesh is what the simulator knows about the real mesh: which
// workloads run pods with an istio-proxy sidecar, under which service account,
// and which PeerAuthentication mTLS modes apply. The kube watcher fills it;
// the traffic model only reads it.
package mesh

import (
	"meshfleet.local/tools/trafficsim/graph"
)

// WorkloadKey names a workload the way Istio does: cluster, namespace and
// workload (Deployment) name.
type WorkloadKey struct {
	Cluster   string `json:"cluster"`
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
}

// KeyOf is the key a graph workload is looked up by.
func KeyOf(w graph.Workload) WorkloadKey {
	return WorkloadKey{Cluster: w.Cluster, Namespace: w.Namespace, Name: w.Name}
}

// WorkloadState is the observed state of one workload's ready pods.
type WorkloadState struct {
	Pods        int `json:"pods"`
	SidecarPods int `json:"sidecarPods"`
	// ServiceAccount of the pods ("" when the pods did not say).
	ServiceAccount string `json:"serviceAccount,omitempty"`
	// Labels of one of the pods, for PeerAuthentication selectors.
	Labels map[string]string `json:"labels,omitempty"`
}

// SidecarShare is the share of ready pods that carry a sidecar.
func (s WorkloadState) SidecarShare() float64 {
	if s.Pods == 0 {
		return 0
	}
	return float64(s.SidecarPods) / float64(s.Pods)
}

// State is a snapshot of everything watched.
type State struct {
	// AssumeSidecars: no cluster is watched; every workload has one ready
	// pod with a sidecar and no PeerAuthentication exists (demo mode).
	AssumeSidecars bool `json:"assumeSidecars"`
	// SyncedClusters lists clusters whose pods have been listed at least
	// once. Traffic touching other clusters is not simulated, rather than
	// simulated wrongly as "no pods".
	SyncedClusters      map[string]bool               `json:"syncedClusters,omitempty"`
	Workloads           map[WorkloadKey]WorkloadState `json:"-"`
	PeerAuthentications []PeerAuthentication          `json:"peerAuthentications,omitempty"`
	// RootNamespace is Istio's mesh config root namespace, whose
	// selector-less PeerAuthentication is mesh-wide.
	RootNamespace string `json:"rootNamespace"`
}

// Lookup returns the observed state of a graph workload, and whether its
// cluster is known at all.
func (s State) Lookup(w graph.Workload) (WorkloadState, bool) {
	if s.AssumeSidecars {
		return WorkloadState{Pods: 1, SidecarPods: 1, ServiceAccount: w.ServiceAccount,
			Labels: map[string]string{"app": w.App, "version": w.Version}}, true
	}
	if !s.SyncedClusters[w.Cluster] {
		return WorkloadState{}, false
	}
	st := s.Workloads[KeyOf(w)]
	if st.ServiceAccount == "" {
		st.ServiceAccount = w.ServiceAccount
	}
	return st, true
}
