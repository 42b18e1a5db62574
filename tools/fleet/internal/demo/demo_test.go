package demo

import (
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

func TestManifestsAreValidYAMLWithIstioLabels(t *testing.T) {
	out := Manifests("east")
	docs := strings.Split(out, "---\n")
	kinds := map[string]int{}
	for _, d := range docs {
		if strings.TrimSpace(d) == "" {
			continue
		}
		var obj map[string]any
		if err := yaml.Unmarshal([]byte(d), &obj); err != nil {
			t.Fatalf("invalid YAML: %v\n%s", err, d)
		}
		kinds[obj["kind"].(string)]++
	}
	if kinds["Namespace"] != 2 || kinds["Service"] != 6 || kinds["Deployment"] != 7 {
		t.Errorf("kinds = %v", kinds)
	}
	for _, want := range []string{"version: v2", "meshfleet.io/cluster: east", "name: http"} {
		if !strings.Contains(out, want) {
			t.Errorf("manifests lack %q", want)
		}
	}
}
