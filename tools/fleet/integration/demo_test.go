//go:build integration

package integration

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"meshfleet/tools/fleet/internal/demo"
	"meshfleet/tools/fleet/internal/fleet"
)

// TestDemoMesh runs `fleet demo` twice (the second run must converge without a
// new Helm release or a restart) and checks the demo mesh: istiod Available in
// mesh-cp with meshID demo, east and west remote clusters (remote secrets, network
// label, controlPlaneClusters annotation), each cluster's east-west gateway known to
// istiod at its load-balancer address, every shop and payments pod injected and
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
	releases := map[string]string{
		"mesh-cp": "istio-base istio-eastwestgateway istiod",
		"east":    "istio-base istio-eastwestgateway istiod-remote",
		"west":    "istio-base istio-eastwestgateway istiod-remote",
	}
	for cluster, want := range releases {
		got := strings.Join(strings.Fields(helm(t, cluster, "list", "-A", "-q")), " ")
		if got != want {
			t.Errorf("%s: helm releases %q, want %q", cluster, got, want)
		}
	}

	checkDemoNetworks(t, cp)

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

// checkDemoNetworks: istiod's /debug/networkz lists each demo cluster's network with
// the load-balancer address of that cluster's east-west gateway Service.
func checkDemoNetworks(t *testing.T, cp kubernetes.Interface) {
	t.Helper()
	ctx := testContext(t, 2*time.Minute)
	pods, err := cp.CoreV1().Pods(istioNamespace).List(ctx, metav1.ListOptions{LabelSelector: "app=istiod"})
	if err != nil || len(pods.Items) == 0 {
		t.Fatalf("mesh-cp: no istiod pod (%v)", err)
	}
	raw, err := cp.CoreV1().RESTClient().Get().
		AbsPath("/api/v1/namespaces", istioNamespace, "pods", pods.Items[0].Name+":15014", "proxy/debug/networkz").DoRaw(ctx)
	if err != nil {
		t.Fatalf("mesh-cp: istiod /debug/networkz: %v", err)
	}
	var gateways []struct{ Network, Cluster, Addr string }
	if err := json.Unmarshal(raw, &gateways); err != nil {
		t.Fatalf("istiod /debug/networkz: %v: %s", err, raw)
	}
	for _, cluster := range append([]string{"mesh-cp"}, demo.WorkloadClusters...) {
		_, c := adminClient(t, cluster)
		svc, err := c.CoreV1().Services(istioNamespace).Get(ctx, "istio-eastwestgateway", metav1.GetOptions{})
		if err != nil || len(svc.Status.LoadBalancer.Ingress) == 0 {
			t.Errorf("%s: east-west gateway Service without an address (%v)", cluster, err)
			continue
		}
		address := svc.Status.LoadBalancer.Ingress[0].IP
		found := false
		for _, g := range gateways {
			found = found || (g.Network == demo.Network(cluster) && g.Cluster == cluster && g.Addr == address)
		}
		if !found {
			t.Errorf("istiod lists no gateway of network %s at %s: %s", demo.Network(cluster), address, raw)
		}
	}
}
