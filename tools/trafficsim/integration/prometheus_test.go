// Package integration checks the simulator end to end with a real
// Prometheus (Debian's package, run by tools/istio/prometheus.sh) scraping
// it. Set TRAFFICSIM_INTEGRATION=1 to run it (tools/trafficsim/test.sh does).
package integration

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"meshfleet.local/tools/trafficsim/graph"
)

const (
	demoGraph      = "../demo/shop.yaml"
	prometheusSh   = "../../istio/prometheus.sh"
	scrapeInterval = "2s"
	edgeQuery      = `sum(rate(istio_requests_total{reporter="destination"}[1m])) by (source_workload, destination_service)`
)

// Pair is one row of the edge query.
type Pair struct{ SourceWorkload, DestinationService string }

func TestPrometheusSeesTheCallGraph(t *testing.T) {
	if os.Getenv("TRAFFICSIM_INTEGRATION") == "" {
		t.Skip("set TRAFFICSIM_INTEGRATION=1 (tools/trafficsim/test.sh) to run against a real Prometheus")
	}
	g := parseDemo(t)
	sim := startSimulator(t)
	prom := startPrometheus(t, sim)

	want := expectedRates(g)
	start := time.Now()
	pollQuery(t, prom, edgeQuery, 45*time.Second, func(rows map[Pair]float64) bool { return len(rows) >= len(want) })
	// rate() divides by the whole [1m] range: it is only right once a
	// minute of samples exists.
	time.Sleep(time.Until(start.Add(time.Minute + 2*time.Second)))
	got := pollQuery(t, prom, edgeQuery, 10*time.Second, func(map[Pair]float64) bool { return true })
	checkRates(t, "initial graph", got, want, 0.2)

	// Change the graph at run time as tests of Meshfleet will: more load on
	// one edge, another edge gone; expect what the simulator now reports.
	patch(t, "PATCH", baseURL(sim)+"/edges/east-frontend-catalog-v1", `{"rps": 56}`)
	patch(t, "DELETE", baseURL(sim)+"/edges/east-cart-checkout", ``)
	patch(t, "DELETE", baseURL(sim)+"/edges/west-cart-checkout", ``)
	before := want
	want = expectedRates(currentGraph(t, sim))
	for pair := range before {
		if _, ok := want[pair]; !ok {
			want[pair] = 0 // deleted: its rate must drop to zero
		}
	}
	recentQuery := strings.Replace(edgeQuery, "[1m]", "[10s]", 1)
	time.Sleep(14 * time.Second) // a full [10s] window after the change, plus a scrape
	got = pollQuery(t, prom, recentQuery, 20*time.Second, func(map[Pair]float64) bool { return true })
	checkRates(t, "after PATCH and DELETE", got, want, 0.2)
}

// currentGraph reads the simulator's graph back through GET /graph.
func currentGraph(t *testing.T, simPort int) graph.Graph {
	t.Helper()
	resp, err := http.Get(baseURL(simPort) + "/graph")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var g graph.Graph
	if err := json.NewDecoder(resp.Body).Decode(&g); err != nil {
		t.Fatalf("decode GET /graph: %v", err)
	}
	return g
}

func parseDemo(t *testing.T) graph.Graph {
	t.Helper()
	data, err := os.ReadFile(demoGraph)
	if err != nil {
		t.Fatal(err)
	}
	g, err := graph.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// expectedRates sums the graph's HTTP/gRPC edges the way the query groups
// them (TCP edges do not produce istio_requests_total).
func expectedRates(g graph.Graph) map[Pair]float64 {
	byID := g.WorkloadByID()
	want := map[Pair]float64{}
	for _, e := range g.Edges {
		if e.Protocol == graph.TCP {
			continue
		}
		src, dst := byID[e.From], byID[e.To]
		want[Pair{src.Name, fmt.Sprintf("%s.%s.svc.cluster.local", dst.Service, dst.Namespace)}] += e.RPS
	}
	return want
}

func startSimulator(t *testing.T) int {
	port := freePort(t)
	bin := buildSimulator(t)
	startProcess(t, "trafficsim", exec.Command(bin, "--graph", demoGraph, "--assume-sidecars",
		"--listen", loopback(port), "--tick", "250ms"))
	waitHTTP(t, baseURL(port)+"/healthz", 20*time.Second)
	return port
}

func startPrometheus(t *testing.T, simPort int) int {
	port := freePort(t)
	dir := t.TempDir()
	config := filepath.Join(dir, "prometheus.yml")
	// Scrapes the simulator as Istio's docs scrape sidecars: Envoy's
	// /stats/prometheus path.
	cfg := fmt.Sprintf(`global:
  scrape_interval: %s
  evaluation_interval: %s
scrape_configs:
  - job_name: envoy-stats-simulated
    metrics_path: /stats/prometheus
    static_configs:
      - targets: ["%s"]
`, scrapeInterval, scrapeInterval, loopback(simPort))
	if err := os.WriteFile(config, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	startProcess(t, "prometheus", exec.Command("bash", prometheusSh, "run",
		"--config", config, "--port", strconv.Itoa(port), "--data-dir", filepath.Join(dir, "data")))
	waitHTTP(t, baseURL(port)+"/-/ready", 60*time.Second)
	return port
}

// pollQuery runs an instant query until done accepts the rows or time runs out.
func pollQuery(t *testing.T, promPort int, query string, within time.Duration, done func(map[Pair]float64) bool) map[Pair]float64 {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		rows, err := instantQuery(promPort, query)
		if err == nil && len(rows) > 0 && done(rows) {
			return rows
		}
		if time.Now().After(deadline) {
			t.Fatalf("query %s: no complete answer within %s (last: %v, err %v)", query, within, rows, err)
		}
		time.Sleep(time.Second)
	}
}

type queryResponse struct {
	Status string `json:"status"`
	Data   struct {
		Result []struct {
			Metric map[string]string `json:"metric"`
			Value  [2]any            `json:"value"`
		} `json:"result"`
	} `json:"data"`
}

func instantQuery(promPort int, query string) (map[Pair]float64, error) {
	resp, err := http.Get(baseURL(promPort) + "/api/v1/query?query=" + url.QueryEscape(query))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var qr queryResponse
	if err := json.NewDecoder(resp.Body).Decode(&qr); err != nil {
		return nil, fmt.Errorf("decode query answer: %w", err)
	}
	if qr.Status != "success" {
		return nil, fmt.Errorf("query status %q", qr.Status)
	}
	rows := map[Pair]float64{}
	for _, r := range qr.Data.Result {
		s, _ := r.Value[1].(string)
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("value %v: %w", r.Value, err)
		}
		rows[Pair{r.Metric["source_workload"], r.Metric["destination_service"]}] = v
	}
	return rows, nil
}

// checkRates compares measured and expected rates within a relative
// tolerance; expected 0 must measure below 0.5 rps.
func checkRates(t *testing.T, when string, got, want map[Pair]float64, tolerance float64) {
	t.Helper()
	for pair, w := range want {
		g, ok := got[pair]
		switch {
		case w == 0 && g >= 0.5:
			t.Errorf("%s: %v: got %.2f rps, want ~0", when, pair, g)
		case w > 0 && !ok:
			t.Errorf("%s: %v: missing from Prometheus (got %v)", when, pair, got)
		case w > 0 && math.Abs(g-w)/w > tolerance:
			t.Errorf("%s: %v: got %.2f rps, want %.2f ±%.0f%%", when, pair, g, w, tolerance*100)
		default:
			t.Logf("%s: %v: %.2f rps (want %.2f)", when, pair, g, w)
		}
	}
	for pair := range got {
		if _, ok := want[pair]; !ok {
			t.Errorf("%s: unexpected edge %v in Prometheus", when, pair)
		}
	}
}

func patch(t *testing.T, method, u, body string) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("%s %s: %s", method, u, resp.Status)
	}
}
