// Package observability describes the fleet's metrics stack: a real Prometheus
// (Debian's package) scraping tools/trafficsim, the SIMULATED Envoy sidecar
// metrics exporter (no Envoy can run here), and the real istiods' own metrics.
// Prometheus and trafficsim listen on loopback ports that do not move, so `fleet
// env` can hand their URLs to Backstage.
package observability

import (
	"fmt"
	"path/filepath"
	"time"
)

// Fixed loopback ports (the fleet avoids 9090, Prometheus's default, which a
// system Prometheus might hold).
const (
	PrometheusPort = 19090
	TrafficsimPort = 19091
)

// ScrapeInterval is short so that rate(...[1m]) has enough samples within a test.
const ScrapeInterval = 5 * time.Second

// PrometheusURL and TrafficsimURL are what `fleet env` prints.
func PrometheusURL() string { return fmt.Sprintf("http://127.0.0.1:%d", PrometheusPort) }
func TrafficsimURL() string { return fmt.Sprintf("http://127.0.0.1:%d", TrafficsimPort) }

// Layout is where the stack keeps its files: .fleet/observability/.
type Layout struct{ Dir string }

func (l Layout) PrometheusConfig() string { return filepath.Join(l.Dir, "prometheus.yml") }
func (l Layout) PrometheusData() string   { return filepath.Join(l.Dir, "prometheus-data") }
func (l Layout) FleetEnv() string         { return filepath.Join(l.Dir, "fleet-env.json") }
func (l Layout) Log(name string) string   { return filepath.Join(l.Dir, name+".log") }
func (l Layout) Pid(name string) string   { return filepath.Join(l.Dir, name+".pid") }

// IstiodTargets is the file_sd file listing one cluster's istiod processes,
// which that cluster's kubelet stand-in keeps up to date (WriteIstiodTargets).
func (l Layout) IstiodTargets(cluster string) string {
	return filepath.Join(l.TargetsDir(), "istiod-"+cluster+".json")
}

// TargetsDir holds the file_sd files.
func (l Layout) TargetsDir() string { return filepath.Join(l.Dir, "targets") }

// istiodTargetsPattern matches every cluster's IstiodTargets file.
func (l Layout) istiodTargetsPattern() string { return l.IstiodTargets("*") }

// PrometheusConfig scrapes the simulator on Envoy's own metrics path, as Istio's
// sample Prometheus config scrapes sidecars (job "envoy-stats"), and every
// running istiod's /metrics (job "istiod"), found through the IstiodTargets files
// and labelled as Istio's sample config labels them (see istiod.go).
func PrometheusConfig(l Layout) string {
	return fmt.Sprintf(`# Written by tools/fleet: every "fleet up" rewrites it and reloads a running Prometheus when it changed.
global:
  scrape_interval: %[1]s
  evaluation_interval: %[1]s
scrape_configs:
  - job_name: envoy-stats
    metrics_path: /stats/prometheus
    static_configs:
      - targets: ["127.0.0.1:%[2]d"]
        labels:
          simulated: "true" # tools/trafficsim, not Envoy
  - job_name: istiod
    metrics_path: /metrics
    file_sd_configs:
      - files: [%[3]q]
        refresh_interval: %[1]s # a fallback: Prometheus also watches the folder
`, ScrapeInterval, TrafficsimPort, l.istiodTargetsPattern())
}

// PrometheusArgs runs Prometheus on loopback only, with the lifecycle API (tests
// reload it) and a short retention: the data is a dev fleet's.
func PrometheusArgs(l Layout) []string {
	return []string{
		"--config.file=" + l.PrometheusConfig(),
		fmt.Sprintf("--web.listen-address=127.0.0.1:%d", PrometheusPort),
		"--storage.tsdb.path=" + l.PrometheusData(),
		"--storage.tsdb.retention.time=12h",
		"--web.enable-lifecycle",
	}
}

// TrafficsimArgs: the demo shop's call graph, honouring the fleet's real pods
// (only workloads whose ready pods carry an istio-proxy sidecar emit series).
func TrafficsimArgs(l Layout, graphFile string) []string {
	return []string{
		fmt.Sprintf("--listen=127.0.0.1:%d", TrafficsimPort),
		"--graph=" + graphFile,
		"--fleet-env=" + l.FleetEnv(),
	}
}
