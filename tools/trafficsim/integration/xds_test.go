package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/utils/ptr"

	"meshfleet.local/tools/trafficsim/xds"
)

const (
	istioNamespace = "istio-system"
	xdsNamespace   = "trafficsim-xds"
	xdsDeployment  = "echo"
)

// TestSidecarsConnectToIstiod: the simulator, watching the tests' own
// control-plane cluster with the real istiod installed by Helm, holds one xDS
// stream per injected pod, and istiod itself reports them: its connections
// (/debug/connections) name exactly the pods, its pilot_xds gauge counts them,
// it pushes to them; a pod scaled away disconnects, and after istiod's pod is
// replaced the sidecars reconnect to the new one.
//
// The fleet's own trafficsim watches every fleet cluster, it-cp included, so
// it may hold a second stream per pod: istiod's view is checked as the set of
// connected pods, and pilot_xds as at least their number.
func TestSidecarsConnectToIstiod(t *testing.T) {
	if os.Getenv("TRAFFICSIM_INTEGRATION") == "" {
		t.Skip("set TRAFFICSIM_INTEGRATION=1 (tools/trafficsim/test.sh) to run against the fleet's istiod")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 12*time.Minute)
	defer cancel()
	cluster, client := startTestCluster(t, itControlPlane)
	installIstiod(t, cluster.AdminKubeconfig)
	pods := deployInjected(ctx, t, client, 3)

	sim := startXdsSimulator(t, cluster.AdminKubeconfig)
	istiod := istiodPod(ctx, t, client)
	waitConnected(ctx, t, istiod, pods)
	checkSimulatorStreams(ctx, t, sim, pods)
	if n := pilotXDS(t, istiod); n < len(pods) {
		t.Errorf("istiod's pilot_xds = %d, want at least the %d injected pods", n, len(pods))
	}

	t.Run("ScaledAwayPodsDisconnect", func(t *testing.T) {
		scale(ctx, t, client, 1)
		pods = waitPods(ctx, t, client, 1)
		waitConnected(ctx, t, istiod, pods)
	})
	t.Run("ReconnectAfterIstiodIsReplaced", func(t *testing.T) {
		if err := client.CoreV1().Pods(istioNamespace).Delete(ctx, istiod.Name, metav1.DeleteOptions{}); err != nil {
			t.Fatal(err)
		}
		replacement := waitForReplacement(ctx, t, client, istiod.Name)
		waitConnected(ctx, t, replacement, pods)
	})
}

// installIstiod: Istio's base and istiod charts (a primary), upgraded in place
// when a previous run kept them; uninstalled at the end unless
// FLEET_KEEP_ISTIOD is set (tools/fleet's TestIstiod does the same).
func installIstiod(t *testing.T, kubeconfig string) {
	helm(t, kubeconfig, "upgrade", "--install", "istio-base", chart(t, "base"), "-n", istioNamespace,
		"--create-namespace", "--take-ownership", "--wait")
	helm(t, kubeconfig, "upgrade", "--install", "istiod", chart(t, "istiod"), "-n", istioNamespace,
		"--set", "global.multiCluster.clusterName="+itControlPlane,
		"--set", "global.hub="+istioTool(t, "ISTIO_GLOBAL_HUB"), "--set", "global.tag="+istioTool(t, "ISTIO_GLOBAL_TAG"),
		"--wait", "--timeout", "5m")
	if os.Getenv("FLEET_KEEP_ISTIOD") == "" {
		t.Cleanup(func() {
			helm(t, kubeconfig, "uninstall", "istiod", "-n", istioNamespace, "--wait")
			helm(t, kubeconfig, "uninstall", "istio-base", "-n", istioNamespace, "--wait")
		})
	}
}

// deployInjected creates a namespace with injection on and a Deployment of
// n replicas, and waits until its pods run with istio-proxy.
func deployInjected(ctx context.Context, t *testing.T, client kubernetes.Interface, n int32) []*corev1.Pod {
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: xdsNamespace, Labels: map[string]string{"istio-injection": "enabled"}}}
	_ = client.CoreV1().Namespaces().Delete(ctx, xdsNamespace, metav1.DeleteOptions{}) // a previous run's
	err := wait.PollUntilContextTimeout(ctx, time.Second, 2*time.Minute, true, func(ctx context.Context) (bool, error) {
		_, err := client.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{})
		return err == nil, nil
	})
	if err != nil {
		t.Fatalf("create namespace %s: %v", xdsNamespace, err)
	}
	t.Cleanup(func() {
		_ = client.CoreV1().Namespaces().Delete(context.Background(), xdsNamespace, metav1.DeleteOptions{})
	})
	labels := map[string]string{"app": xdsDeployment, "version": "v1"}
	deploy := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: xdsDeployment},
		Spec: appsv1.DeploymentSpec{Replicas: ptr.To(n), Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "echo", Image: "docker.io/library/busybox:1.36",
					Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 8080}}}}}}}}
	if _, err := client.AppsV1().Deployments(xdsNamespace).Create(ctx, deploy, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	return waitPods(ctx, t, client, int(n))
}

func scale(ctx context.Context, t *testing.T, client kubernetes.Interface, n int32) {
	patch := fmt.Sprintf(`{"spec":{"replicas":%d}}`, n)
	if _, err := client.AppsV1().Deployments(xdsNamespace).Patch(ctx, xdsDeployment, "application/merge-patch+json",
		[]byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
}

// waitPods waits until exactly n pods run, none terminating, all with istio-proxy.
func waitPods(ctx context.Context, t *testing.T, client kubernetes.Interface, n int) []*corev1.Pod {
	t.Helper()
	var pods []*corev1.Pod
	err := wait.PollUntilContextTimeout(ctx, time.Second, 3*time.Minute, true, func(ctx context.Context) (bool, error) {
		list, err := client.CoreV1().Pods(xdsNamespace).List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, nil
		}
		pods = nil
		for i := range list.Items {
			p := &list.Items[i]
			if p.DeletionTimestamp != nil || p.Status.Phase != corev1.PodRunning || !hasSidecar(p) {
				return false, nil
			}
			pods = append(pods, p)
		}
		return len(pods) == n, nil
	})
	if err != nil {
		t.Fatalf("want %d running pods with istio-proxy in %s, have %d: %v", n, xdsNamespace, len(pods), err)
	}
	return pods
}

func hasSidecar(p *corev1.Pod) bool {
	for _, c := range append(p.Spec.InitContainers, p.Spec.Containers...) {
		if c.Name == "istio-proxy" {
			return true
		}
	}
	return false
}

func istiodPod(ctx context.Context, t *testing.T, client kubernetes.Interface) *corev1.Pod {
	t.Helper()
	list, err := client.CoreV1().Pods(istioNamespace).List(ctx, metav1.ListOptions{LabelSelector: "app=istiod"})
	if err != nil || len(list.Items) != 1 {
		t.Fatalf("want one istiod pod in %s: %v (%d)", itControlPlane, err, len(list.Items))
	}
	return &list.Items[0]
}

// waitForReplacement waits for a ready istiod pod other than old.
func waitForReplacement(ctx context.Context, t *testing.T, client kubernetes.Interface, old string) *corev1.Pod {
	t.Helper()
	var found *corev1.Pod
	err := wait.PollUntilContextTimeout(ctx, time.Second, 3*time.Minute, true, func(ctx context.Context) (bool, error) {
		list, err := client.CoreV1().Pods(istioNamespace).List(ctx, metav1.ListOptions{LabelSelector: "app=istiod"})
		if err != nil {
			return false, nil
		}
		for i := range list.Items {
			p := &list.Items[i]
			if p.Name != old && p.DeletionTimestamp == nil && ready(p) {
				found = p
				return true, nil
			}
		}
		return false, nil
	})
	if err != nil {
		t.Fatalf("no ready istiod replacing %s: %v", old, err)
	}
	return found
}

func ready(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

func startXdsSimulator(t *testing.T, kubeconfig string) int {
	port := freePort(t)
	bin := buildSimulator(t)
	startProcess(t, "trafficsim", exec.Command(bin, "--graph", demoGraph, "--listen", loopback(port),
		"--kubeconfig", itControlPlane+"="+kubeconfig))
	waitHTTP(t, baseURL(port)+"/healthz", 20*time.Second)
	return port
}

// istiodHTTP is istiod's debug listener (:8080) on the pod's loopback address.
func istiodHTTP(t *testing.T, istiod *corev1.Pod, port int, path string) string {
	t.Helper()
	addr, err := xds.IstiodAddress(istiod.Status.PodIP)
	if err != nil {
		t.Fatal(err)
	}
	host := strings.TrimSuffix(addr, fmt.Sprintf(":%d", xds.PlaintextPort))
	return fmt.Sprintf("http://%s:%d%s", host, port, path)
}

// connectedPods is the set of this test's pods istiod has an ADS connection
// for, from its connection ids (<pod>.<namespace>-<n>).
func connectedPods(istiodURL string) ([]string, error) {
	body, err := get(istiodURL)
	if err != nil {
		return nil, err
	}
	var conns struct {
		Clients []struct {
			ConnectionID string `json:"connectionId"`
		} `json:"clients"`
	}
	if err := json.Unmarshal(body, &conns); err != nil {
		return nil, fmt.Errorf("istiod /debug/connections: %w", err)
	}
	var out []string
	for _, c := range conns.Clients {
		id := c.ConnectionID[:strings.LastIndex(c.ConnectionID, "-")]
		if pod, ok := strings.CutSuffix(id, "."+xdsNamespace); ok {
			out = append(out, pod)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func waitConnected(ctx context.Context, t *testing.T, istiod *corev1.Pod, pods []*corev1.Pod) {
	t.Helper()
	var want, got []string
	for _, p := range pods {
		want = append(want, p.Name)
	}
	slices.Sort(want)
	url := istiodHTTP(t, istiod, 8080, "/debug/connections")
	var lastErr error
	err := wait.PollUntilContextTimeout(ctx, time.Second, 90*time.Second, true, func(context.Context) (bool, error) {
		got, lastErr = connectedPods(url)
		return lastErr == nil && slices.Equal(got, want), nil
	})
	if err != nil {
		t.Fatalf("istiod %s connected pods = %q, want %q (%v)", istiod.Name, got, want, lastErr)
	}
}

// pilotXDS is istiod's own count of connected proxies (its /metrics, :15014).
func pilotXDS(t *testing.T, istiod *corev1.Pod) int {
	t.Helper()
	body, err := get(istiodHTTP(t, istiod, 15014, "/metrics"))
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, line := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(line, "pilot_xds{") || strings.HasPrefix(line, "pilot_xds ") {
			var v float64
			fields := strings.Fields(line)
			fmt.Sscan(fields[len(fields)-1], &v)
			total += int(v)
		}
	}
	return total
}

// checkSimulatorStreams: the simulator's own view (GET /xds) has one stream
// per pod, each answered with clusters, endpoints, listeners and routes.
func checkSimulatorStreams(ctx context.Context, t *testing.T, simPort int, pods []*corev1.Pod) {
	t.Helper()
	var problem string
	err := wait.PollUntilContextTimeout(ctx, time.Second, 30*time.Second, true, func(context.Context) (bool, error) {
		problem = simulatorStreamsProblem(simPort, len(pods))
		return problem == "", nil
	})
	if err != nil {
		t.Fatalf("simulator GET /xds: %s", problem)
	}
}

func simulatorStreamsProblem(simPort, pods int) string {
	body, err := get(baseURL(simPort) + "/xds")
	if err != nil {
		return err.Error()
	}
	var status struct {
		Connected int                `json:"connected"`
		Streams   []xds.StreamStatus `json:"streams"`
	}
	if err := json.Unmarshal(body, &status); err != nil {
		return err.Error()
	}
	if status.Connected != pods || len(status.Streams) != pods {
		return fmt.Sprintf("%d of %d streams connected, want %d pods:\n%s", status.Connected, len(status.Streams), pods, body)
	}
	for _, s := range status.Streams {
		for _, typ := range []string{xds.ClusterType, xds.EndpointType, xds.ListenerType, xds.RouteType} {
			if s.Responses[typ] == 0 {
				return fmt.Sprintf("%s: no %s from istiod yet (responses %v)", s.Pod, typ, s.Responses)
			}
		}
	}
	return ""
}

func get(url string) ([]byte, error) {
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s: %s", url, resp.Status)
	}
	return body, err
}
