package observability

import (
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

func TestPrometheusConfigScrapesTheSimulatorOnLoopback(t *testing.T) {
	var cfg struct {
		ScrapeConfigs []struct {
			MetricsPath   string `json:"metrics_path"`
			StaticConfigs []struct {
				Targets []string `json:"targets"`
			} `json:"static_configs"`
		} `json:"scrape_configs"`
	}
	if err := yaml.Unmarshal([]byte(PrometheusConfig()), &cfg); err != nil {
		t.Fatal(err)
	}
	sc := cfg.ScrapeConfigs[0]
	if sc.MetricsPath != "/stats/prometheus" || sc.StaticConfigs[0].Targets[0] != "127.0.0.1:19091" {
		t.Errorf("scrape config: %+v", sc)
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
