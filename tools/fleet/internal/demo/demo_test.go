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

func TestMeshValues(t *testing.T) {
	tools := IstioTools{Hub: "docker.io/istio", Tag: "1.31.0"}
	cp := strings.Join(ControlPlaneValues(tools), " ")
	for _, want := range []string{"global.meshID=demo", "global.multiCluster.clusterName=mesh-cp", "global.network=net-mesh-cp", "global.externalIstiod=true", "global.tag=1.31.0"} {
		if !strings.Contains(cp, want) {
			t.Errorf("control plane values lack %s: %s", want, cp)
		}
	}
	remote := strings.Join(RemoteValues(tools, "east", "10.101.2.7"), " ")
	for _, want := range []string{"profile=remote", "global.remotePilotAddress=10.101.2.7", "istiodRemote.injectionPath=/inject/cluster/east/net/net-east", "global.network=net-east"} {
		if !strings.Contains(remote, want) {
			t.Errorf("remote values lack %s: %s", want, remote)
		}
	}
	if f, err := RouteForwards("10.100.2.2"); err != nil || f != "15012=127.100.2.2:15012,15017=127.100.2.2:15017" {
		t.Errorf("RouteForwards = %q, %v", f, err)
	}
	if !strings.Contains(Manifests("east"), "istio-injection: enabled") {
		t.Error("demo namespaces are not labelled for injection")
	}
}
