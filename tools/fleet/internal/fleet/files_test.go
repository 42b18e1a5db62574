package fleet

import (
	"bytes"
	"os"
	"testing"

	"k8s.io/client-go/tools/clientcmd"

	"meshfleet/tools/fleet/internal/state"
	"meshfleet/tools/fleet/internal/topology"
)

// Cluster files are created once and then kept: a second `fleet up` must not mint a
// new CA (that would invalidate every kubeconfig and token handed out).
func TestEnsureClusterFilesIsIdempotent(t *testing.T) {
	f := &Fleet{Paths: state.Paths{Home: t.TempDir()}, Log: t.Logf}
	c, _ := topology.ForIndex(1)
	if err := f.ensureClusterFiles(c); err != nil {
		t.Fatal(err)
	}
	p := f.Paths.Cluster(c.Name)
	ca1, _ := os.ReadFile(p.PKI("ca.crt"))
	sa1, _ := os.ReadFile(p.PKI("sa.key"))
	if err := f.ensureClusterFiles(c); err != nil {
		t.Fatal(err)
	}
	ca2, _ := os.ReadFile(p.PKI("ca.crt"))
	sa2, _ := os.ReadFile(p.PKI("sa.key"))
	if !bytes.Equal(ca1, ca2) || !bytes.Equal(sa1, sa2) {
		t.Error("second run regenerated the CA or the service-account key")
	}
	for _, user := range []string{"admin", "controller-manager"} {
		cfg, err := clientcmd.BuildConfigFromFlags("", p.Kubeconfig(user))
		if err != nil {
			t.Fatalf("%s kubeconfig: %v", user, err)
		}
		if cfg.Host != "https://127.0.0.1:16444" || len(cfg.CertData) == 0 || len(cfg.CAData) == 0 {
			t.Errorf("%s kubeconfig = host %s, cert %d bytes", user, cfg.Host, len(cfg.CertData))
		}
	}
	if info, err := os.Stat(p.PKI("ca.key")); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("ca.key must be private: %v %v", info.Mode(), err)
	}
	if _, err := os.Stat(p.EgressConfig()); err != nil {
		t.Error(err)
	}
}
