package xds

import (
	"fmt"
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"meshfleet.local/tools/trafficsim/kube"
)

func istiodPodFixture(name, ip, rev string) *corev1.Pod {
	labels := map[string]string{"app": "istiod"}
	if rev != "" {
		labels["istio.io/rev"] = rev
	}
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "istio-system", Labels: labels},
		Status: corev1.PodStatus{Phase: corev1.PodRunning, PodIP: ip,
			Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}}}
}

func sidecarPod(t *testing.T, name string, mutate func(*corev1.Pod)) *corev1.Pod {
	pod := loadPod(t, "xds-pod-east-cart.yaml")
	pod.Name, pod.UID = name, types.UID("uid-"+name)
	if mutate != nil {
		mutate(pod)
	}
	return pod
}

func TestPlanConnectsEachSidecarToTheIstiodThatGovernsIt(t *testing.T) {
	clusters := []kube.ClusterPods{
		{Name: "mesh-cp", Pods: []*corev1.Pod{istiodPodFixture("istiod-b", "10.100.1.2", ""), istiodPodFixture("istiod-a", "10.100.1.1", ""),
			istiodPodFixture("istiod-canary-a", "10.100.1.3", "canary")}},
		{Name: "east", ControlPlaneClusters: []string{"mesh-cp"}, Pods: []*corev1.Pod{
			sidecarPod(t, "cart", nil),
			sidecarPod(t, "canary", func(p *corev1.Pod) { p.Annotations = map[string]string{"istio.io/rev": "canary"} }),
			sidecarPod(t, "no-sidecar", func(p *corev1.Pod) { p.Spec.InitContainers = nil }),
			sidecarPod(t, "pending", func(p *corev1.Pod) { p.Status.Phase = corev1.PodPending }),
			sidecarPod(t, "deleting", func(p *corev1.Pod) { p.DeletionTimestamp = &metav1.Time{} }),
			sidecarPod(t, "unknown-rev", func(p *corev1.Pod) { p.Labels["istio.io/rev"] = "gone" }),
		}},
		{Name: "member", Pods: []*corev1.Pod{sidecarPod(t, "orphan", nil)}},
	}
	targets, problems := Plan(clusters)
	var got []string
	for _, tg := range targets {
		got = append(got, fmt.Sprintf("%s -> %s %s", tg.Pod, tg.Istiod, tg.Address))
	}
	want := []string{
		"east/shop/canary -> mesh-cp/istio-system/istiod-canary-a 127.100.1.3:15010",
		"east/shop/cart -> mesh-cp/istio-system/istiod-a 127.100.1.1:15010",
	}
	if !slices.Equal(got, want) {
		t.Errorf("targets:\n got %q\nwant %q", got, want)
	}
	wantProblems := []string{
		`east/shop/unknown-rev: no ready istiod of revision "gone" in [east mesh-cp]`,
		`member/shop/orphan: no ready istiod of revision "default" in [member]`,
	}
	if !slices.Equal(problems, wantProblems) {
		t.Errorf("problems:\n got %q\nwant %q", problems, wantProblems)
	}
}

func TestIstiodAddressIsThePodsLoopback(t *testing.T) {
	for ip, want := range map[string]string{"10.100.1.1": "127.100.1.1:15010", "10.113.0.7": "127.113.0.7:15010", "192.168.0.1": "", "fd00::1": "", "": ""} {
		got, err := IstiodAddress(ip)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("IstiodAddress(%q) = %q, %v; want %q", ip, got, err, want)
		}
	}
}

func TestRevisionOfAPod(t *testing.T) {
	cases := map[string]struct {
		labels, annotations map[string]string
		want                string
	}{
		"label":           {map[string]string{"istio.io/rev": "a"}, map[string]string{"istio.io/rev": "b"}, "a"},
		"annotation":      {nil, map[string]string{"istio.io/rev": "b"}, "b"},
		"injector status": {nil, map[string]string{"sidecar.istio.io/status": `{"revision":"c"}`}, "c"},
		"none: default":   {nil, nil, "default"},
		"bad status JSON": {nil, map[string]string{"sidecar.istio.io/status": `{`}, "default"},
	}
	for name, c := range cases {
		pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Labels: c.labels, Annotations: c.annotations}}
		if got := Revision(pod); got != c.want {
			t.Errorf("%s: Revision = %q, want %q", name, got, c.want)
		}
	}
}
