package xds

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"meshfleet.local/tools/trafficsim/internal/golden"
)

// loadPod reads a pod fixture from the module's testdata/.
func loadPod(t *testing.T, name string) *corev1.Pod {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var pod corev1.Pod
	if err := yaml.UnmarshalStrict(data, &pod); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return &pod
}

// TestNodeOfAnInjectedDemoPod pins the node a simulated sidecar presents to
// istiod for a pod injected by the demo's istiod (native sidecar, remote
// cluster east): the injector's ISTIO_META_* env, then what pilot-agent adds.
func TestNodeOfAnInjectedDemoPod(t *testing.T) {
	node, err := Node("east", loadPod(t, "xds-pod-east-cart.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(map[string]any{
		"id": node.GetId(), "cluster": node.GetCluster(), "metadata": node.GetMetadata().AsMap(),
	}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "xds-node-east-cart.golden.json", append(got, '\n'))
}

func TestNodeFallsBackToTheWatchedClusterAndPodFields(t *testing.T) {
	pod := loadPod(t, "xds-pod-east-cart.yaml")
	proxy := sidecar(pod)
	var kept []corev1.EnvVar
	for _, env := range proxy.Env {
		switch env.Name {
		case "ISTIO_META_CLUSTER_ID", "ISTIO_META_WORKLOAD_NAME", "ISTIO_META_NODE_NAME":
		default:
			kept = append(kept, env)
		}
	}
	proxy.Env = kept
	node, err := Node("east-by-watch", pod)
	if err != nil {
		t.Fatal(err)
	}
	meta := node.GetMetadata().AsMap()
	for key, want := range map[string]any{"CLUSTER_ID": "east-by-watch", "WORKLOAD_NAME": "cart-v1", "NODE_NAME": "east-node-3"} {
		if meta[key] != want {
			t.Errorf("metadata %s = %v, want %v", key, meta[key], want)
		}
	}
}

func TestNodeRefusesAPodWithoutSidecar(t *testing.T) {
	pod := loadPod(t, "xds-pod-east-cart.yaml")
	pod.Spec.InitContainers = nil
	if _, err := Node("east", pod); err == nil {
		t.Fatal("want an error naming the missing istio-proxy container")
	}
}
