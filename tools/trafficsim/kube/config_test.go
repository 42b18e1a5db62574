package kube

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"
)

const fakePEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"

func TestClustersFromFleetEnv(t *testing.T) {
	dir := t.TempDir()
	kubeconfig := filepath.Join(dir, "admin.kubeconfig")
	writeFile(t, kubeconfig, `apiVersion: v1
kind: Config
clusters: [{name: east, cluster: {server: "https://127.0.0.1:16444", insecure-skip-tls-verify: true}}]
users: [{name: admin, user: {token: t0}}]
contexts: [{name: east, context: {cluster: east, user: admin}}]
current-context: east
`)
	env := filepath.Join(dir, "fleet.json")
	writeFile(t, env, `{"clusters": [
  {"name": "east", "url": "https://ignored", "adminKubeconfig": "`+kubeconfig+`"},
  {"name": "west", "url": "https://127.0.0.1:16445", "caData": "`+base64.StdEncoding.EncodeToString([]byte(fakePEM))+`", "serviceAccountToken": "tok"}
]}`)
	clusters, err := ClustersFromFleetEnv(env)
	if err != nil {
		t.Fatal(err)
	}
	if len(clusters) != 2 {
		t.Fatalf("got %d clusters", len(clusters))
	}
	east, west := clusters[0], clusters[1]
	if east.Name != "east" || east.Config.Host != "https://127.0.0.1:16444" || east.Config.BearerToken != "t0" {
		t.Errorf("east from kubeconfig: %s %+v", east.Name, east.Config)
	}
	if west.Config.Host != "https://127.0.0.1:16445" || west.Config.BearerToken != "tok" || string(west.Config.CAData) != fakePEM {
		t.Errorf("west from url/caData/token: %+v", west.Config)
	}
}

func TestKubeconfigFlagNeedsName(t *testing.T) {
	if _, err := ClusterFromKubeconfigFlag("just-a-path"); err == nil {
		t.Error("accepted a flag without CLUSTER=")
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
