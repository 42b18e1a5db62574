//go:build integration

package integration

import (
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"meshfleet/tools/fleet/internal/demo"
	"meshfleet/tools/fleet/internal/fleet"
)

// TestDemoMesh runs `fleet demo` twice (the second run must converge without a
// new Helm release or a restart) and checks the demo mesh: istiod Available in
// mesh-cp with meshID demo, east and west remote clusters (remote secrets, network
// label, controlPlaneClusters annotation), every shop and payments pod injected and
// Ready. Nothing is cleaned up: the demo is meant to stay (scripts/start uses it).
// Note that TestIstiodInMeshCP uninstalls istiod at its end (FLEET_KEEP_ISTIOD=1
// keeps it); run `fleet demo` again after it.
func TestDemoMesh(t *testing.T) {
	ctx := testContext(t, 20*time.Minute)
	for run := 1; run <= 2; run++ {
		start := time.Now()
		out, err := fleetCmd("demo")
		if err != nil {
			t.Fatalf("fleet demo (run %d): %v\n%s", run, err, out)
		}
		t.Logf("fleet demo run %d: %s", run, time.Since(start).Round(100*time.Millisecond))
	}
	_, cp := adminClient(t, "mesh-cp")
	if err := fleet.WaitDeploymentAvailable(ctx, cp, istioNamespace, "istiod"); err != nil {
		t.Fatalf("istiod not Available: %v", err)
	}
	mesh, err := cp.CoreV1().ConfigMaps(istioNamespace).Get(ctx, "istio", metav1.GetOptions{})
	if err != nil || !strings.Contains(mesh.Data["mesh"], "meshId: demo") {
		t.Errorf("mesh config of mesh-cp's istiod does not say meshId: demo (%v)", err)
	}

	// One release each, whatever the number of runs (helm history counts revisions,
	// `helm list` counts releases).
	releases := map[string]string{"mesh-cp": "istio-base istiod", "east": "istio-base istiod-remote", "west": "istio-base istiod-remote"}
	for cluster, want := range releases {
		got := strings.Join(strings.Fields(helm(t, cluster, "list", "-A", "-q")), " ")
		if got != want {
			t.Errorf("%s: helm releases %q, want %q", cluster, got, want)
		}
	}

	for _, member := range demo.WorkloadClusters {
		s, err := cp.CoreV1().Secrets(istioNamespace).Get(ctx, demo.RemoteSecretName(member), metav1.GetOptions{})
		if err != nil {
			t.Errorf("mesh-cp: remote secret for %s: %v", member, err)
		} else if s.Labels["istio/multiCluster"] != "true" || s.Annotations["networking.istio.io/cluster"] != member || len(s.Data[member]) == 0 {
			t.Errorf("mesh-cp: remote secret for %s is not what create-remote-secret writes: labels %v annotations %v", member, s.Labels, s.Annotations)
		}

		_, c := adminClient(t, member)
		ns, err := c.CoreV1().Namespaces().Get(ctx, istioNamespace, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if ns.Labels["topology.istio.io/network"] != demo.Network(member) || ns.Annotations["topology.istio.io/controlPlaneClusters"] != "mesh-cp" {
			t.Errorf("%s: istio-system labels %v annotations %v", member, ns.Labels, ns.Annotations)
		}
		for _, name := range []string{"shop", "payments"} {
			ns, err := c.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
			if err != nil || ns.Labels["istio-injection"] != "enabled" {
				t.Errorf("%s: namespace %s not labelled istio-injection=enabled (%v)", member, name, err)
			}
		}
		// Every pod of every demo Deployment carries the sidecar and is Ready.
		if err := demo.WaitInjected(ctx, c); err != nil {
			t.Errorf("%s: %v", member, err)
		}
		pods, err := c.CoreV1().Pods("shop").List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		injected := 0
		for i := range pods.Items {
			p := &pods.Items[i]
			if demo.HasSidecar(p) && p.Annotations["sidecar.istio.io/status"] != "" {
				injected++
			}
		}
		if injected == 0 || injected != len(pods.Items) {
			t.Errorf("%s: %d of %d shop pods injected by istiod", member, injected, len(pods.Items))
		}
		t.Logf("%s: %d shop pods with istio-proxy", member, injected)
	}
}
