//go:build integration

package integration

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"meshfleet/tools/fleet/internal/fleet"
	"meshfleet/tools/fleet/internal/kube"
)

const istioNamespace = "istio-system"

// TestIstiod installs the real istiod with Helm into the tests' own control-plane
// cluster (never the demo's mesh-cp) and observes it the way Istio users do.
// Subtests share the one istiod; at the end it and istio-base are uninstalled
// (FLEET_KEEP_ISTIOD=1 keeps them), which must stop its process.
func TestIstiod(t *testing.T) {
	ctx := testContext(t, 15*time.Minute)
	_, client := adminClient(t, itControlPlane)
	installIstiod(ctx, t, client)
	if os.Getenv("FLEET_KEEP_ISTIOD") == "" {
		t.Cleanup(func() { uninstallIstiod(t, client) })
	}
	istiodAddr := istiodHTTP(ctx, t, client)
	ns := injectedNamespace(ctx, t, client)

	t.Run("PodGetsSidecarFromIstiod", func(t *testing.T) { testSidecarInjection(ctx, t, client, ns) })
	t.Run("InvalidVirtualServiceRefusedByIstiod", func(t *testing.T) { testIstiodValidation(ctx, t) })
	t.Run("RemoteSecretForMember", func(t *testing.T) { testRemoteSecret(ctx, t, client, istiodAddr) })
	t.Run("PrometheusSeesSimulatedCallGraph", func(t *testing.T) { testPrometheusCallGraph(ctx, t, client, ns) })
	t.Run("PrometheusScrapesIstiod", func(t *testing.T) { testPrometheusScrapesIstiod(ctx, t, client) })
	t.Run("ScaleToZeroStopsPilotDiscovery", func(t *testing.T) { testScaleToZero(ctx, t, client, istiodAddr) })
}

// installIstiod: `helm install` of base and istiod, as Istio's docs say, then the
// Deployment must become Available: only when the real pilot-discovery answers /ready.
func installIstiod(ctx context.Context, t *testing.T, client kubernetes.Interface) {
	start := time.Now()
	// --take-ownership: other tests apply the CRDs without Helm's labels.
	helm(t, itControlPlane, "upgrade", "--install", "istio-base", chart(t, "base"), "-n", istioNamespace,
		"--create-namespace", "--take-ownership", "--wait")
	// externalIstiod: the control plane is a primary that also serves remote
	// clusters (Istio's primary-remote install); only then does istiod write
	// istio-ca-root-cert into remote clusters that name it (see testRemoteSecret).
	args := append([]string{"upgrade", "--install", "istiod", chart(t, "istiod"), "-n", istioNamespace,
		"--set", "global.multiCluster.clusterName=" + itControlPlane, "--set", "global.externalIstiod=true",
		"--wait", "--timeout", "5m"}, imageValues(t)...)
	helm(t, itControlPlane, args...)
	if err := fleet.WaitDeploymentAvailable(ctx, client, istioNamespace, "istiod"); err != nil {
		t.Fatalf("istiod Deployment not Available: %v (see .fleet/clusters/%s/logs/istiod-*.log)", err, itControlPlane)
	}
	t.Logf("helm install base+istiod until istiod Available: %s", time.Since(start).Round(100*time.Millisecond))
}

func uninstallIstiod(t *testing.T, client kubernetes.Interface) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	helm(t, itControlPlane, "uninstall", "istiod", "-n", istioNamespace, "--wait")
	// istio-base too: its default-revision validating webhook would otherwise stay
	// behind without an istiod, refusing every Istio object later tests apply here.
	helm(t, itControlPlane, "uninstall", "istio-base", "-n", istioNamespace, "--wait")
	err := wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		pods, err := client.CoreV1().Pods(istioNamespace).List(ctx, metav1.ListOptions{LabelSelector: "app=istiod"})
		return err == nil && len(pods.Items) == 0, nil
	})
	if err != nil {
		t.Errorf("istiod pods remain after helm uninstall: %v", err)
	}
}

// istiodHTTP returns istiod's http address (/ready, /debug) on its pod's loopback.
func istiodHTTP(ctx context.Context, t *testing.T, client kubernetes.Interface) string {
	t.Helper()
	pods, err := client.CoreV1().Pods(istioNamespace).List(ctx, metav1.ListOptions{LabelSelector: "app=istiod"})
	if err != nil || len(pods.Items) == 0 {
		t.Fatalf("istiod pods: %v (%d)", err, len(pods.Items))
	}
	addr := "http://" + podLoopback(t, pods.Items[0].Status.PodIP) + ":8080"
	if body, err := httpGet(ctx, addr+"/ready"); err != nil {
		t.Fatalf("istiod /ready at %s: %v %s", addr, err, body)
	}
	return addr
}

func injectedNamespace(ctx context.Context, t *testing.T, client kubernetes.Interface) string {
	ns := fmt.Sprintf("it-inject-%d", time.Now().UnixNano()%100000)
	mustCreate(t, func() error {
		_, err := client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
			Name: ns, Labels: map[string]string{"istio-injection": "enabled"}}}, metav1.CreateOptions{})
		return err
	})
	t.Cleanup(func() { _ = client.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{}) })
	return ns
}

// testSidecarInjection: the API server calls istiod's injection webhook (Service ->
// pod IP -> egress proxy -> the process) and stores what istiod returned.
func testSidecarInjection(ctx context.Context, t *testing.T, client kubernetes.Interface, ns string) {
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "sleep", Labels: map[string]string{"app": "sleep"}},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "sleep", Image: "curlimages/curl:8.10.1"}}},
	}
	created, err := client.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create pod in injected namespace: %v", err)
	}
	stored, err := client.CoreV1().Pods(ns).Get(ctx, created.Name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !hasContainer(stored, "istio-proxy") {
		t.Fatalf("stored pod has no istio-proxy sidecar; containers %v, init %v", names(stored.Spec.Containers), names(stored.Spec.InitContainers))
	}
	if stored.Annotations["sidecar.istio.io/status"] == "" {
		t.Errorf("no sidecar.istio.io/status annotation: %v", stored.Annotations)
	}
}

func hasContainer(p *corev1.Pod, name string) bool {
	for _, c := range append(append([]corev1.Container{}, p.Spec.Containers...), p.Spec.InitContainers...) {
		if c.Name == name {
			return true
		}
	}
	return false
}

func names(cs []corev1.Container) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

// A VirtualService the CRD schema accepts but Istio's semantics do not: an HTTP
// route with neither route, redirect nor direct response. Only istiod says so.
const semanticallyInvalidVirtualService = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: it-no-route
  namespace: default
spec:
  hosts: [reviews]
  http:
  - match:
    - uri: {prefix: /}
`

func testIstiodValidation(ctx context.Context, t *testing.T) {
	cfg, _ := adminClient(t, itControlPlane)
	applier, err := kube.NewApplier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	err = applier.ApplyYAML(ctx, []byte(semanticallyInvalidVirtualService))
	if err == nil {
		deleteVirtualService(t, cfg, "default", "it-no-route")
		t.Fatal("istiod's validation webhook accepted a VirtualService without route")
	}
	msg := err.Error()
	if !strings.Contains(msg, `admission webhook "validation.istio.io" denied the request`) {
		t.Fatalf("refused, but not by istiod's webhook: %v", err)
	}
	t.Logf("istiod says: %s", msg)
}

func httpGet(ctx context.Context, url string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s: %s", url, resp.Status)
	}
	return string(b), err
}

// testScaleToZero: scaling istiod's Deployment to zero stops the process (its
// http port stops answering), and scaling back starts a new one.
func testScaleToZero(ctx context.Context, t *testing.T, client kubernetes.Interface, istiodAddr string) {
	// A patch, not get+update: the chart's HPA controller also writes the Deployment.
	// (It never scales up from zero, and has no metrics server to act on here.)
	scale := func(n int32) {
		patch := fmt.Sprintf(`{"spec":{"replicas":%d}}`, n)
		_, err := client.AppsV1().Deployments(istioNamespace).Patch(ctx, "istiod", types.MergePatchType, []byte(patch), metav1.PatchOptions{}, "scale")
		if err != nil {
			t.Fatalf("scale istiod to %d: %v", n, err)
		}
	}
	scale(0)
	err := wait.PollUntilContextTimeout(ctx, time.Second, time.Minute, true, func(ctx context.Context) (bool, error) {
		_, err := httpGet(ctx, istiodAddr+"/ready")
		return err != nil, nil
	})
	if err != nil {
		t.Errorf("pilot-discovery still answers at %s after scaling to zero", istiodAddr)
	}
	// Prometheus applies discovery changes every few seconds.
	err = wait.PollUntilContextTimeout(ctx, time.Second, 30*time.Second, true, func(ctx context.Context) (bool, error) {
		return len(istiodScrapeTargets(ctx, t, itControlPlane)) == 0, nil
	})
	if err != nil {
		t.Errorf("Prometheus still scrapes %s's istiod after scaling to zero: %v", itControlPlane, istiodScrapeTargets(ctx, t, itControlPlane))
	}
	scale(1)
	if err := fleet.WaitDeploymentAvailable(ctx, client, istioNamespace, "istiod"); err != nil {
		t.Errorf("istiod not Available again after scaling back to one: %v", err)
	}
}

func deleteVirtualService(t *testing.T, cfg *rest.Config, ns, name string) {
	gvr := schema.GroupVersionResource{Group: "networking.istio.io", Version: "v1", Resource: "virtualservices"}
	if err := dynamic.NewForConfigOrDie(cfg).Resource(gvr).Namespace(ns).Delete(context.Background(), name, metav1.DeleteOptions{}); err != nil {
		t.Logf("clean up VirtualService %s/%s: %v", ns, name, err)
	}
}
