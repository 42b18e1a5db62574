package kube

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"meshfleet.local/tools/trafficsim/mesh"
)

func pod(name, rs, hash string, ready bool, containers ...string) *corev1.Pod {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "shop",
		Labels: map[string]string{"app": "cart", "pod-template-hash": hash}}}
	yes := true
	p.OwnerReferences = []metav1.OwnerReference{{Kind: "ReplicaSet", Name: rs, Controller: &yes}}
	for _, c := range containers {
		p.Spec.Containers = append(p.Spec.Containers, corev1.Container{Name: c})
	}
	p.Spec.ServiceAccountName = "cart"
	p.Status.Phase = corev1.PodRunning
	status := corev1.ConditionFalse
	if ready {
		status = corev1.ConditionTrue
	}
	p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: status}}
	return p
}

func TestWorkloadsFromPods(t *testing.T) {
	always := corev1.ContainerRestartPolicyAlways
	native := pod("cart-7d9f-c", "cart-7d9f", "7d9f", true, "cart")
	native.Spec.InitContainers = []corev1.Container{{Name: "istio-proxy", RestartPolicy: &always}}
	pods := []*corev1.Pod{
		pod("cart-7d9f-a", "cart-7d9f", "7d9f", true, "cart", "istio-proxy"),
		pod("cart-7d9f-b", "cart-7d9f", "7d9f", true, "cart"),
		native,
		pod("cart-7d9f-d", "cart-7d9f", "7d9f", false, "cart", "istio-proxy"), // not ready: no endpoint
	}
	got := WorkloadsFromPods("east", pods)
	st, ok := got[mesh.WorkloadKey{Cluster: "east", Namespace: "shop", Name: "cart"}]
	if !ok || len(got) != 1 {
		t.Fatalf("workloads: %+v", got)
	}
	if st.Pods != 3 || st.SidecarPods != 2 || st.ServiceAccount != "cart" {
		t.Errorf("state: %+v", st)
	}
}

func TestWorkloadNameWithoutOwner(t *testing.T) {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "standalone"}}
	if got := WorkloadName(p); got != "standalone" {
		t.Errorf("got %q", got)
	}
}

func TestPeerAuthenticationFrom(t *testing.T) {
	u := &unstructured.Unstructured{Object: map[string]any{
		"metadata": map[string]any{"name": "strict", "namespace": "payments"},
		"spec": map[string]any{
			"selector": map[string]any{"matchLabels": map[string]any{"app": "ledger"}},
			"mtls":     map[string]any{"mode": "STRICT"},
		},
	}}
	got := PeerAuthenticationFrom("mesh-cp", u)
	if got.Mode != mesh.ModeStrict || got.Selector["app"] != "ledger" || got.Namespace != "payments" {
		t.Errorf("got %+v", got)
	}
	u.Object["spec"] = map[string]any{}
	if got := PeerAuthenticationFrom("mesh-cp", u); got.Mode != mesh.ModeUnset {
		t.Errorf("empty spec: got mode %q", got.Mode)
	}
}
