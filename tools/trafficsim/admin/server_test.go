package admin

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"meshfleet.local/tools/trafficsim/graph"
	"meshfleet.local/tools/trafficsim/mesh"
	"meshfleet.local/tools/trafficsim/metrics"
	"meshfleet.local/tools/trafficsim/sim"
)

func newServer(t *testing.T) (*httptest.Server, *sim.Runner) {
	t.Helper()
	data, err := os.ReadFile("../demo/shop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	g, err := graph.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	demo := func() mesh.State { return mesh.State{AssumeSidecars: true} }
	r := sim.NewRunner(sim.NewStore(g), demo, metrics.NewRecorder(), time.Second, 1)
	srv := httptest.NewServer(Handler(r))
	t.Cleanup(srv.Close)
	return srv, r
}

func call(t *testing.T, method, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

func TestPatchEdgeChangesTheGraph(t *testing.T) {
	srv, r := newServer(t)
	code, body := call(t, "PATCH", srv.URL+"/edges/east-cart-checkout", `{"rps": 50, "errorRatio": 0.5}`)
	if code != 200 || !strings.Contains(body, `"rps": 50`) {
		t.Fatalf("PATCH: %d %s", code, body)
	}
	e, _ := r.Store.Edge("east-cart-checkout")
	if e.RPS != 50 || e.ErrorRatio != 0.5 || e.Protocol != graph.GRPC {
		t.Errorf("stored edge: %+v", e)
	}
}

func TestErrorsAreReported(t *testing.T) {
	srv, _ := newServer(t)
	cases := []struct {
		method, path, body string
		want               int
	}{
		{"PATCH", "/edges/nope", `{"rps": 1}`, 404},
		{"PATCH", "/edges/east-cart-checkout", `{"errorRatio": 3}`, 400},
		{"PUT", "/graph", `workloads: [{id: a}]`, 400},
		{"PUT", "/edges/new", `{"from": "east-cart-v1", "to": "nowhere"}`, 400},
		{"DELETE", "/edges/nope", ``, 404},
	}
	for _, c := range cases {
		if code, body := call(t, c.method, srv.URL+c.path, c.body); code != c.want {
			t.Errorf("%s %s: got %d (%s), want %d", c.method, c.path, code, body, c.want)
		}
	}
}

func TestReplaceGraphAndScrape(t *testing.T) {
	srv, r := newServer(t)
	small := `
workloads:
- {id: a, cluster: east, namespace: ns, app: a, service: a}
- {id: b, cluster: east, namespace: ns, app: b, service: b}
edges:
- {id: a-b, from: a, to: b, rps: 5}
`
	if code, body := call(t, "PUT", srv.URL+"/graph", small); code != 200 {
		t.Fatalf("PUT /graph: %d %s", code, body)
	}
	if code, body := call(t, "PUT", srv.URL+"/edges/b-a", `{"from": "b", "to": "a", "protocol": "tcp", "rps": 1}`); code != 200 {
		t.Fatalf("PUT /edges/b-a: %d %s", code, body)
	}
	r.Step(2 * time.Second)
	_, metricsText := call(t, "GET", srv.URL+"/metrics", "")
	for _, want := range []string{
		`istio_requests_total{connection_security_policy="mutual_tls",destination_app="b"`,
		`istio_tcp_connections_opened_total{connection_security_policy="unknown",destination_app="a"`,
	} {
		if !strings.Contains(metricsText, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if code, body := call(t, "GET", srv.URL+"/mesh", ""); code != 200 || !strings.Contains(body, `"a-b"`) {
		t.Errorf("GET /mesh: %d %s", code, body)
	}
	if code, _ := call(t, "DELETE", srv.URL+"/edges/a-b", ""); code != 200 {
		t.Errorf("DELETE: %d", code)
	}
	if _, body := call(t, "GET", srv.URL+"/graph", ""); strings.Contains(body, `"a-b"`) {
		t.Errorf("edge still in graph after DELETE: %s", body)
	}
}
