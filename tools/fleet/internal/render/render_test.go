package render

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"meshfleet/tools/fleet/internal/state"
	"meshfleet/tools/fleet/internal/topology"
)

func TestKubeconfigParsesAndEmbedsCredentials(t *testing.T) {
	kc := Kubeconfig{Cluster: "east", Server: "https://127.0.0.1:16444", CAPEM: []byte("CA"), User: "fleet-admin", CertPEM: []byte("C"), KeyPEM: []byte("K")}
	var doc struct {
		Clusters []struct {
			Cluster map[string]string `json:"cluster"`
		} `json:"clusters"`
		Users []struct {
			User map[string]string `json:"user"`
		} `json:"users"`
		CurrentContext string `json:"current-context"`
	}
	if err := yaml.Unmarshal([]byte(kc.Render()), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Clusters[0].Cluster["server"] != kc.Server || doc.CurrentContext != "east" {
		t.Errorf("parsed = %+v", doc)
	}
	if got, _ := base64.StdEncoding.DecodeString(doc.Users[0].User["client-key-data"]); string(got) != "K" {
		t.Errorf("key data = %q", got)
	}
	kc.Token = "tok"
	if !strings.Contains(kc.Render(), "token: tok") || strings.Contains(kc.Render(), "client-key-data") {
		t.Error("token kubeconfig should carry only the token")
	}
}

func TestAPIServerArgs(t *testing.T) {
	c, _ := topology.ForIndex(2)
	p := state.Paths{Home: "/f"}.Cluster(c.Name)
	args := strings.Join(APIServerArgs(c, p), " ")
	for _, want := range []string{
		"--secure-port=16445", "--bind-address=127.0.0.1", "--etcd-prefix=/clusters/west/registry",
		"--authorization-mode=Node,RBAC", "MutatingAdmissionWebhook", "ValidatingAdmissionWebhook",
		"--enable-aggregator-routing=true", "--service-cluster-ip-range=10.202.0.0/16",
		"--client-ca-file=/f/clusters/west/pki/ca.crt", "--service-account-key-file=/f/clusters/west/pki/sa.pub",
		"--egress-selector-config-file=/f/clusters/west/egress-selector.yaml",
	} {
		if !strings.Contains(args, want) {
			t.Errorf("apiserver args lack %s", want)
		}
	}
	kcm := strings.Join(ControllerManagerArgs(c, p), " ")
	for _, want := range []string{"--secure-port=17445", "--service-account-private-key-file=/f/clusters/west/pki/sa.key", "--leader-elect=false"} {
		if !strings.Contains(kcm, want) {
			t.Errorf("controller-manager args lack %s", want)
		}
	}
}

func TestEgressSelectorConfigIsYAML(t *testing.T) {
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(EgressSelectorConfig("/x/egress.sock")), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["kind"] != "EgressSelectorConfiguration" || !strings.Contains(EgressSelectorConfig("/x/egress.sock"), "udsName: /x/egress.sock") {
		t.Errorf("doc = %v", doc)
	}
}

func TestBackstageYAML(t *testing.T) {
	env := FleetEnv{Clusters: []ClusterEnv{{Name: "mesh-cp", URL: "https://127.0.0.1:16443", CAData: "Q0E=", ServiceAccountToken: "a\"b: c"}}}
	var doc struct {
		Kubernetes struct {
			ServiceLocatorMethod  map[string]string `json:"serviceLocatorMethod"`
			ClusterLocatorMethods []struct {
				Type     string              `json:"type"`
				Clusters []map[string]string `json:"clusters"`
			} `json:"clusterLocatorMethods"`
		} `json:"kubernetes"`
	}
	if err := yaml.Unmarshal([]byte(env.BackstageYAML()), &doc); err != nil {
		t.Fatalf("%v\n%s", err, env.BackstageYAML())
	}
	k := doc.Kubernetes
	if k.ServiceLocatorMethod["type"] != "multiTenant" || k.ClusterLocatorMethods[0].Type != "config" {
		t.Errorf("doc = %+v", k)
	}
	c := k.ClusterLocatorMethods[0].Clusters[0]
	if c["name"] != "mesh-cp" || c["authProvider"] != "serviceAccount" || c["serviceAccountToken"] != "a\"b: c" || c["caData"] != "Q0E=" {
		t.Errorf("cluster = %v", c)
	}
	if err := yaml.Unmarshal([]byte(FleetEnv{}.BackstageYAML()), &doc); err != nil {
		t.Errorf("empty fleet YAML invalid: %v", err)
	}
}

func TestJSONEnvShape(t *testing.T) {
	s, err := FleetEnv{Clusters: []ClusterEnv{{Name: "east", AdminKubeconfig: "/abs/admin.kubeconfig"}}}.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string][]map[string]any
	if err := json.Unmarshal([]byte(s), &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"name", "url", "caData", "serviceAccountToken", "adminKubeconfig"} {
		if _, ok := doc["clusters"][0][key]; !ok {
			t.Errorf("json env lacks %s", key)
		}
	}
	empty, _ := FleetEnv{}.JSON()
	if !strings.Contains(empty, `"clusters": []`) {
		t.Errorf("empty env = %s", empty)
	}
}

func TestAuditPolicyIsYAML(t *testing.T) {
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(AuditPolicy), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["kind"] != "Policy" || !strings.Contains(strings.Join(AuditArgs("/p.yaml", "/l.log"), " "), "--audit-log-path=/l.log") {
		t.Errorf("doc = %v", doc)
	}
}

// etcd holds every cluster's secrets in plain HTTP: it must listen only where the
// API servers reach it, on loopback, for clients, peers and metrics alike.
func TestEtcdListensOnLoopbackOnly(t *testing.T) {
	args := EtcdArgs("/data")
	urls := 0
	for _, a := range args {
		name, value, ok := strings.Cut(a, "=")
		if !ok || !strings.HasSuffix(name, "-urls") && name != "--initial-cluster" {
			continue
		}
		for _, u := range strings.Split(value, ",") {
			u = strings.TrimPrefix(u, "fleet=")
			urls++
			if !strings.HasPrefix(u, "http://127.0.0.1:") {
				t.Errorf("%s: %s is not a loopback address", name, u)
			}
		}
	}
	if urls < 5 {
		t.Errorf("expected client, peer and advertise URLs in %v", args)
	}
	for _, a := range args {
		if strings.HasPrefix(a, "--listen-metrics-urls") {
			t.Errorf("%s: metrics need no listener of their own", a)
		}
	}
	if got := EtcdURL(); got != "http://127.0.0.1:12379" {
		t.Errorf("EtcdURL() = %s", got)
	}
}
