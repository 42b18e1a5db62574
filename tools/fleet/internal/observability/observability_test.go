package observability

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with testdata/<name>, or rewrites that file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs (go test -update rewrites it):\n%s", path, got)
	}
}

type scrapeConfig struct {
	JobName       string `json:"job_name"`
	MetricsPath   string `json:"metrics_path"`
	StaticConfigs []struct {
		Targets []string `json:"targets"`
	} `json:"static_configs"`
	FileSDConfigs []struct {
		Files []string `json:"files"`
	} `json:"file_sd_configs"`
}

func TestPrometheusConfigScrapesTheSimulatorAndEveryIstiod(t *testing.T) {
	l := Layout{Dir: "/fleet/observability"}
	text := PrometheusConfig(l)
	golden(t, "prometheus.yml", []byte(text))
	var cfg struct {
		ScrapeConfigs []scrapeConfig `json:"scrape_configs"`
	}
	if err := yaml.Unmarshal([]byte(text), &cfg); err != nil {
		t.Fatal(err)
	}
	jobs := map[string]scrapeConfig{}
	for _, sc := range cfg.ScrapeConfigs {
		jobs[sc.JobName] = sc
	}
	if sc := jobs["envoy-stats"]; sc.MetricsPath != "/stats/prometheus" || sc.StaticConfigs[0].Targets[0] != "127.0.0.1:19091" {
		t.Errorf("the simulator's scrape config: %+v", sc)
	}
	istiod := jobs["istiod"]
	if istiod.MetricsPath != "/metrics" || len(istiod.FileSDConfigs) != 1 {
		t.Fatalf("istiod's scrape config: %+v", istiod)
	}
	pattern := istiod.FileSDConfigs[0].Files[0]
	for _, cluster := range []string{"mesh-cp", "it-cp"} {
		file := l.IstiodTargets(cluster)
		if ok, _ := filepath.Match(pattern, file); !ok {
			t.Errorf("%s's targets file %s is not matched by the file_sd pattern %s", cluster, file, pattern)
		}
	}
}

func TestIstiodTargetsCarryIstiosLabelsInAStableOrder(t *testing.T) {
	canary := IstiodTarget{Address: "127.100.1.9:15014", App: "istiod", Revision: "canary", Cluster: "mesh-cp", Namespace: "istio-system", Pod: "istiod-canary-b"}
	stable := IstiodTarget{Address: "127.100.1.4:15014", App: "istiod", Revision: "default", Cluster: "mesh-cp", Namespace: "istio-system", Pod: "istiod-a"}
	out, err := RenderIstiodTargets([]IstiodTarget{canary, stable})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "istiod-targets.json", out)
	again, _ := RenderIstiodTargets([]IstiodTarget{stable, canary})
	if string(again) != string(out) {
		t.Errorf("the order of the targets changes the file:\n%s", again)
	}
	if empty, _ := RenderIstiodTargets(nil); string(empty) != "[]\n" {
		t.Errorf("no istiod gives %q, want an empty list (Prometheus then drops the old targets)", empty)
	}
}

func TestWriteIstiodTargetsReplacesTheFileAndLeavesNothingElse(t *testing.T) {
	l := Layout{Dir: t.TempDir()}
	path := l.IstiodTargets("mesh-cp")
	one := IstiodTarget{Address: "127.100.1.1:15014", App: "istiod", Revision: "default", Cluster: "mesh-cp", Namespace: "istio-system", Pod: "istiod-x"}
	if err := WriteIstiodTargets(path, []IstiodTarget{one}); err != nil {
		t.Fatal(err)
	}
	if err := WriteIstiodTargets(path, nil); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "[]\n" {
		t.Errorf("after the last istiod stopped the file holds %q", b)
	}
	entries, _ := os.ReadDir(l.TargetsDir())
	if len(entries) != 1 {
		t.Errorf("temporary files left in %s: %v", l.TargetsDir(), entries)
	}
}

func TestDaemonsListenOnLoopbackOnly(t *testing.T) {
	l := Layout{Dir: "/x"}
	all := strings.Join(append(PrometheusArgs(l), TrafficsimArgs(l, "g.yaml")...), " ")
	for _, want := range []string{"--web.listen-address=127.0.0.1:19090", "--listen=127.0.0.1:19091", "--fleet-env=/x/fleet-env.json"} {
		if !strings.Contains(all, want) {
			t.Errorf("args lack %s: %s", want, all)
		}
	}
}
