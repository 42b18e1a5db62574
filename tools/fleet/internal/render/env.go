package render

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
)

// ClusterEnv is what a client needs to reach one cluster as Meshfleet does.
type ClusterEnv struct {
	Name                string `json:"name"`
	URL                 string `json:"url"`
	CAData              string `json:"caData"` // base64 of the CA PEM, as Backstage's caData expects
	ServiceAccountToken string `json:"serviceAccountToken"`
	AdminKubeconfig     string `json:"adminKubeconfig"`
	// Up is whether the API server answered /readyz when env was printed.
	Up bool `json:"up"`
}

// FleetEnv is `fleet env --format json`. New per-fleet fields (a later prometheusUrl)
// go next to Clusters.
type FleetEnv struct {
	Clusters []ClusterEnv `json:"clusters"`
	// PrometheusURL is the fleet's real Prometheus; TrafficsimURL the admin API of
	// the simulated Envoy metrics it scrapes (tools/trafficsim).
	PrometheusURL string `json:"prometheusUrl,omitempty"`
	TrafficsimURL string `json:"trafficsimUrl,omitempty"`
}

// CAData encodes a CA PEM the way Backstage's kubernetes config wants it.
func CAData(caPEM []byte) string { return base64.StdEncoding.EncodeToString(caPEM) }

// JSON renders the machine-readable env.
func (e FleetEnv) JSON() (string, error) {
	if e.Clusters == nil {
		e.Clusters = []ClusterEnv{}
	}
	b, err := json.MarshalIndent(e, "", "  ")
	return string(b) + "\n", err
}

// BackstageYAML renders the fleet as Backstage kubernetes plugin config, ready to
// paste into app-config.local.yaml. Strings are written as JSON strings, which are
// valid YAML double-quoted scalars, so no value can break the document.
func (e FleetEnv) BackstageYAML() string {
	var b strings.Builder
	b.WriteString("kubernetes:\n  serviceLocatorMethod:\n    type: multiTenant\n  clusterLocatorMethods:\n    - type: config\n")
	if len(e.Clusters) == 0 {
		b.WriteString("      clusters: []\n")
		return b.String()
	}
	b.WriteString("      clusters:\n")
	// skipMetricsLookup: the fleet runs no metrics-server, so the Kubernetes
	// plugin's pod-metrics request would answer 404 and its tab show an error.
	for _, c := range e.Clusters {
		fmt.Fprintf(&b, "        - name: %s\n", q(c.Name))
		fmt.Fprintf(&b, "          url: %s\n", q(c.URL))
		b.WriteString("          authProvider: serviceAccount\n")
		fmt.Fprintf(&b, "          serviceAccountToken: %s\n", q(c.ServiceAccountToken))
		fmt.Fprintf(&b, "          caData: %s\n", q(c.CAData))
		b.WriteString("          skipMetricsLookup: true\n")
	}
	b.WriteString(e.meshfleetYAML())
	return b.String()
}

// meshfleetYAML is Meshfleet's own config block: where its metrics come from.
func (e FleetEnv) meshfleetYAML() string {
	if e.PrometheusURL == "" {
		return ""
	}
	s := "meshfleet:\n  prometheus:\n    url: " + q(e.PrometheusURL) + "\n"
	// The one Prometheus scrapes every cluster's istiod, each series labelled with
	// its cluster: a mesh's control-plane health counts only its own cluster's.
	s += "  observability:\n    controlPlane:\n      clusterLabel: \"cluster\"\n"
	if e.TrafficsimURL != "" {
		s += "  # SIMULATED Envoy traffic metrics (tools/trafficsim); its admin API changes the traffic.\n"
		s += "  trafficsim:\n    url: " + q(e.TrafficsimURL) + "\n"
	}
	return s
}

func q(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
