// Package kube reads the mesh state the simulator honours from real
// Kubernetes API servers: pods (sidecar or not, service account) and Istio
// PeerAuthentications.
package kube

import (
	"strings"

	corev1 "k8s.io/api/core/v1"

	"meshfleet.local/tools/trafficsim/mesh"
)

// SidecarContainer is the container Istio's injector adds.
const SidecarContainer = "istio-proxy"

// WorkloadsFromPods folds one cluster's pods into per-workload state. Only
// ready pods count: Envoy sends traffic to ready endpoints only.
func WorkloadsFromPods(cluster string, pods []*corev1.Pod) map[mesh.WorkloadKey]mesh.WorkloadState {
	out := map[mesh.WorkloadKey]mesh.WorkloadState{}
	for _, pod := range pods {
		if !IsReady(pod) {
			continue
		}
		key := mesh.WorkloadKey{Cluster: cluster, Namespace: pod.Namespace, Name: WorkloadName(pod)}
		st := out[key]
		st.Pods++
		if HasSidecar(pod) {
			st.SidecarPods++
		}
		if st.ServiceAccount == "" {
			st.ServiceAccount = serviceAccount(pod)
			st.Labels = pod.Labels
		}
		out[key] = st
	}
	return out
}

// HasSidecar: injected as a regular container, or as a native sidecar (an
// init container that keeps running), which newer Istio versions can do.
func HasSidecar(pod *corev1.Pod) bool {
	for _, c := range pod.Spec.Containers {
		if c.Name == SidecarContainer {
			return true
		}
	}
	for _, c := range pod.Spec.InitContainers {
		if c.Name == SidecarContainer && c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			return true
		}
	}
	return false
}

// WorkloadName derives the workload name as Istio does for its
// *_workload labels: a ReplicaSet-owned pod belongs to the Deployment whose
// name is the ReplicaSet's minus the pod-template-hash suffix.
func WorkloadName(pod *corev1.Pod) string {
	for _, ref := range pod.OwnerReferences {
		if ref.Controller == nil || !*ref.Controller {
			continue
		}
		if hash := pod.Labels["pod-template-hash"]; ref.Kind == "ReplicaSet" && hash != "" {
			return strings.TrimSuffix(ref.Name, "-"+hash)
		}
		return ref.Name
	}
	return pod.Name
}

func serviceAccount(pod *corev1.Pod) string {
	if pod.Spec.ServiceAccountName != "" {
		return pod.Spec.ServiceAccountName
	}
	return "default"
}

// IsReady: running, not being deleted, and its Ready condition true.
func IsReady(pod *corev1.Pod) bool {
	if pod.Status.Phase != corev1.PodRunning || pod.DeletionTimestamp != nil {
		return false
	}
	for _, c := range pod.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}
