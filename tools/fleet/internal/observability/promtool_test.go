package observability

import (
	"os"
	"os/exec"
	"testing"
)

// Prometheus's own checker accepts the config and a targets file in its place
// (promtool reads the file_sd files the pattern matches); Debian's package,
// which the fleet runs, ships it.
func TestPromtoolAcceptsTheConfigAndTheIstiodTargets(t *testing.T) {
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		t.Skip("promtool not installed (tools/istio/prometheus.sh ensure installs Debian's prometheus)")
	}
	l := Layout{Dir: t.TempDir()}
	target := IstiodTarget{Address: "127.100.1.1:15014", App: "istiod", Revision: "default", Cluster: "mesh-cp", Namespace: "istio-system", Pod: "istiod-x"}
	if err := WriteIstiodTargets(l.IstiodTargets("mesh-cp"), []IstiodTarget{target}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(l.PrometheusConfig(), []byte(PrometheusConfig(l)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(promtool, "check", "config", l.PrometheusConfig()).CombinedOutput()
	if err != nil {
		t.Fatalf("promtool check config: %v\n%s", err, out)
	}
}
