//go:build integration

package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"

	"meshfleet/tools/fleet/internal/fleet"
)

// callGraphQuery is the query Meshfleet's topology view runs.
const callGraphQuery = `sum(rate(istio_requests_total{reporter="destination"}[1m])) by (source_workload, destination_service)`

// testPrometheusCallGraph: two workloads whose pods got their sidecars from the
// real istiod, a call graph between them in the fleet's trafficsim (SIMULATED
// Envoy metrics), and the fleet's real Prometheus returning that graph.
func testPrometheusCallGraph(ctx context.Context, t *testing.T, client kubernetes.Interface, ns string) {
	env := fleetEnvURLs(t)
	for _, name := range []string{"client", "server"} {
		labels := map[string]string{"app": name, "version": "v1"}
		mustCreate(t, func() error {
			_, err := client.AppsV1().Deployments(ns).Create(ctx, deployment(name, labels, 1, nil), metav1.CreateOptions{})
			return err
		})
		if err := fleet.WaitDeploymentAvailable(ctx, client, ns, name); err != nil {
			t.Fatal(err)
		}
	}
	const rps = 10.0
	workloads, edges := testGraph(ns, rps)
	t.Cleanup(addToGraph(ctx, t, env.TrafficsimURL, workloads, edges))

	time.Sleep(45 * time.Second) // enough scrapes (every 5 s) for rate(...[1m])
	series := queryPrometheus(ctx, t, env.PrometheusURL, callGraphQuery)
	want := "server." + ns + ".svc.cluster.local"
	for _, s := range series {
		if s.Metric["source_workload"] == "client" && s.Metric["destination_service"] == want {
			if math.Abs(s.value(t)-rps)/rps > 0.3 {
				t.Errorf("client -> %s at %.2f req/s, want %.0f ±30%%", want, s.value(t), rps)
			}
			return
		}
	}
	t.Errorf("Prometheus has no client -> %s edge; got %+v", want, series)
}

// testGraph is the test's two workloads and one edge, with ids of its own so that
// they can join the graph the demo's traffic runs on.
func testGraph(ns string, rps float64) (workloads, edges []any) {
	workload := func(name string) map[string]any {
		return map[string]any{"id": ns + "-" + name, "cluster": itControlPlane, "namespace": ns, "name": name, "app": name, "version": "v1", "service": name}
	}
	edge := map[string]any{"id": ns + "-client-server", "from": ns + "-client", "to": ns + "-server", "rps": rps}
	return []any{workload("client"), workload("server")}, []any{edge}
}

// addToGraph adds workloads and edges to trafficsim's running graph, which the
// demo's traffic (scripts/start) also uses, and returns a func restoring the graph
// as it was. Replacing the graph would stop the demo's traffic meanwhile.
func addToGraph(ctx context.Context, t *testing.T, base string, workloads, edges []any) func() {
	t.Helper()
	old, err := httpGet(ctx, base+"/graph")
	if err != nil {
		t.Fatalf("trafficsim GET /graph: %v", err)
	}
	var graph map[string]any
	if err := json.Unmarshal([]byte(old), &graph); err != nil {
		t.Fatalf("trafficsim GET /graph: %v", err)
	}
	graph["workloads"] = append(asList(graph["workloads"]), workloads...)
	graph["edges"] = append(asList(graph["edges"]), edges...)
	body, _ := json.Marshal(graph)
	put := func(b []byte) error {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodPut, base+"/graph", bytes.NewReader(b))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			return fmt.Errorf("PUT /graph: %s", resp.Status)
		}
		return nil
	}
	if err := put(body); err != nil {
		t.Fatalf("trafficsim: %v", err)
	}
	return func() {
		if err := put([]byte(old)); err != nil {
			t.Errorf("restore trafficsim graph: %v", err)
		}
	}
}

func asList(v any) []any {
	list, _ := v.([]any)
	return list
}

type promSeries struct {
	Metric map[string]string `json:"metric"`
	Value  [2]any            `json:"value"`
}

func (s promSeries) value(t *testing.T) float64 {
	str, _ := s.Value[1].(string)
	v, err := strconv.ParseFloat(str, 64)
	if err != nil {
		t.Fatalf("sample value %v", s.Value)
	}
	return v
}

func queryPrometheus(ctx context.Context, t *testing.T, base, query string) []promSeries {
	t.Helper()
	body, err := httpGet(ctx, base+"/api/v1/query?query="+url.QueryEscape(query))
	if err != nil {
		t.Fatalf("Prometheus query: %v %s", err, body)
	}
	var resp struct {
		Status string `json:"status"`
		Data   struct {
			Result []promSeries `json:"result"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(body), &resp); err != nil || resp.Status != "success" {
		t.Fatalf("Prometheus answer: %v %s", err, body)
	}
	return resp.Data.Result
}

// fleetEnvURLs are the metrics URLs `fleet env --format json` prints.
func fleetEnvURLs(t *testing.T) struct{ PrometheusURL, TrafficsimURL string } {
	t.Helper()
	if env.PrometheusURL == "" || env.TrafficsimURL == "" {
		t.Fatalf("fleet env has no prometheusUrl/trafficsimUrl: %+v", env)
	}
	return struct{ PrometheusURL, TrafficsimURL string }{env.PrometheusURL, env.TrafficsimURL}
}

// testPrometheusScrapesIstiod: the fleet's Prometheus scrapes the real istiod's
// own metrics, labelled as Istio's Prometheus config labels them, which is what
// Meshfleet's control-plane health selects (app="istiod", by istio_io_rev).
func testPrometheusScrapesIstiod(ctx context.Context, t *testing.T, client kubernetes.Interface) {
	pods, err := client.CoreV1().Pods(istioNamespace).List(ctx, metav1.ListOptions{LabelSelector: "app=istiod"})
	if err != nil || len(pods.Items) != 1 {
		t.Fatalf("istiod pods: %v (%d)", err, len(pods.Items))
	}
	pod := pods.Items[0].Name
	query := fmt.Sprintf(`istio_build{job="istiod",app="istiod",component="pilot",cluster=%q}`, itControlPlane)
	var series []promSeries
	err = wait.PollUntilContextTimeout(ctx, 2*time.Second, time.Minute, true, func(ctx context.Context) (bool, error) {
		series = queryPrometheus(ctx, t, fleetEnvURLs(t).PrometheusURL, query)
		return len(series) > 0, nil
	})
	if err != nil {
		t.Fatalf("Prometheus has no %s after a minute (targets: %v)", query, istiodScrapeTargets(ctx, t, itControlPlane))
	}
	m := series[0].Metric
	if m["istio_io_rev"] != "default" || m["namespace"] != istioNamespace || m["pod"] != pod {
		t.Errorf("istiod's series are labelled %v, want istio_io_rev=default namespace=%s pod=%s", m, istioNamespace, pod)
	}
}

// istiodScrapeTargets are the labels of Prometheus's active istiod targets in a cluster.
func istiodScrapeTargets(ctx context.Context, t *testing.T, cluster string) []map[string]string {
	t.Helper()
	body, err := httpGet(ctx, fleetEnvURLs(t).PrometheusURL+"/api/v1/targets?state=active")
	if err != nil {
		t.Fatalf("Prometheus targets: %v", err)
	}
	var resp struct {
		Data struct {
			ActiveTargets []struct {
				Labels map[string]string `json:"labels"`
			} `json:"activeTargets"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(body), &resp); err != nil {
		t.Fatalf("Prometheus targets: %v", err)
	}
	var out []map[string]string
	for _, target := range resp.Data.ActiveTargets {
		if target.Labels["job"] == "istiod" && target.Labels["cluster"] == cluster {
			out = append(out, target.Labels)
		}
	}
	return out
}
