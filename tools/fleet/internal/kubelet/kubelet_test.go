package kubelet

import (
	"net/netip"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"meshfleet/tools/fleet/internal/topology"
)

func testPod() *corev1.Pod {
	always := corev1.ContainerRestartPolicyAlways
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns", UID: "u1"},
		Spec: corev1.PodSpec{
			NodeName:       "east-node-1",
			InitContainers: []corev1.Container{{Name: "init", Image: "i"}, {Name: "sidecar", Image: "s", RestartPolicy: &always}},
			Containers:     []corev1.Container{{Name: "app", Image: "a"}},
		},
	}
}

func TestDesiredStatusRunningAndStable(t *testing.T) {
	pod := testPod()
	host, ip := netip.MustParseAddr("10.101.0.1"), netip.MustParseAddr("10.101.1.7")
	t0 := metav1.NewTime(time.Unix(1000, 0))
	s := desiredStatus(pod, host, ip, true, t0)
	if s.Phase != corev1.PodRunning || s.PodIP != "10.101.1.7" || s.HostIP != "10.101.0.1" {
		t.Fatalf("status = %+v", s)
	}
	if !conditionTrue(s, corev1.PodReady) || !conditionTrue(s, corev1.ContainersReady) {
		t.Error("pod should be Ready")
	}
	if s.InitContainerStatuses[0].State.Terminated == nil || s.InitContainerStatuses[1].State.Running == nil {
		t.Error("plain init container completes, native sidecar keeps running")
	}
	// Same inputs later: nothing changes, so the stand-in writes nothing.
	pod.Status = s
	again := desiredStatus(pod, host, ip, true, metav1.NewTime(time.Unix(2000, 0)))
	if !equality.Semantic.DeepEqual(s, again) {
		t.Error("status of an unchanged pod must be stable")
	}
	// Readiness flips: Ready goes False with a new transition time.
	pod.Status = again
	notReady := desiredStatus(pod, host, ip, false, metav1.NewTime(time.Unix(3000, 0)))
	if conditionTrue(notReady, corev1.PodReady) || notReady.ContainerStatuses[0].Ready {
		t.Error("pod should not be Ready")
	}
}

func TestDesiredStatusHostNetworkUsesNodeIP(t *testing.T) {
	pod := testPod()
	pod.Spec.HostNetwork = true
	s := desiredStatus(pod, netip.MustParseAddr("10.101.0.1"), netip.MustParseAddr("10.101.1.7"), true, metav1.Now())
	if s.PodIP != "10.101.0.1" {
		t.Errorf("hostNetwork pod IP = %s", s.PodIP)
	}
}

func conditionTrue(s corev1.PodStatus, t corev1.PodConditionType) bool {
	for _, c := range s.Conditions {
		if c.Type == t {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

func TestPickNodeHonoursSelectorsAndSpreads(t *testing.T) {
	c, _ := topology.ForIndex(1)
	var nodes []*corev1.Node
	for _, n := range FakeNodes(c) {
		nodes = append(nodes, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: n.Name, Labels: n.Labels}})
	}
	counts := map[string]int{"east-node-1": 5, "east-node-2": 1, "east-node-3": 3}
	load := func(n string) int { return counts[n] }
	pod := &corev1.Pod{}
	if n, _ := pickNode(pod, nodes, load); n != "east-node-2" {
		t.Errorf("least loaded = %s", n)
	}
	pod.Spec.NodeSelector = map[string]string{"topology.kubernetes.io/zone": "east-c"}
	if n, _ := pickNode(pod, nodes, load); n != "east-node-3" {
		t.Errorf("zone selector picked %s", n)
	}
	// A DaemonSet pins its pod by node name through matchFields.
	pod.Spec.NodeSelector = nil
	pod.Spec.Affinity = &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{
		NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchFields: []corev1.NodeSelectorRequirement{{Key: "metadata.name", Operator: corev1.NodeSelectorOpIn, Values: []string{"east-node-1"}}}}},
	}}}
	if n, _ := pickNode(pod, nodes, load); n != "east-node-1" {
		t.Errorf("daemonset pod picked %s", n)
	}
	pod.Spec.Affinity = nil
	pod.Spec.NodeSelector = map[string]string{"kubernetes.io/os": "windows"}
	if _, ok := pickNode(pod, nodes, load); ok {
		t.Error("no node should fit a windows pod")
	}
}
