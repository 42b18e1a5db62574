package fleet

import (
	"fmt"
	"net"
	"os"
	"path/filepath"

	"meshfleet/tools/fleet/internal/pki"
	"meshfleet/tools/fleet/internal/render"
	"meshfleet/tools/fleet/internal/state"
	"meshfleet/tools/fleet/internal/topology"
)

// Users with client certificates. The admin is in system:masters (a break-glass
// identity for tests and kubectl); the controller-manager gets the identity the
// bootstrap RBAC policy expects.
const (
	adminUser             = "fleet-admin"
	controllerManagerUser = "system:kube-controller-manager"
)

// ensureClusterFiles writes the cluster's CA, certificates, keys, kubeconfigs and
// egress config unless they exist. Existing keys are never regenerated: tokens and
// kubeconfigs handed out earlier must keep working.
func (f *Fleet) ensureClusterFiles(c topology.Cluster) error {
	p := f.Paths.Cluster(c.Name)
	for _, d := range []string{"pki", "logs", "pids"} {
		if err := os.MkdirAll(filepath.Join(p.Dir, d), 0o755); err != nil {
			return fmt.Errorf("%s: %w", c.Name, err)
		}
	}
	ca, err := ensureCA(p, c.Name)
	if err != nil {
		return fmt.Errorf("%s: CA: %w", c.Name, err)
	}
	if err := ensureServingCert(p, ca, c); err != nil {
		return fmt.Errorf("%s: serving cert: %w", c.Name, err)
	}
	if err := ensureSAKey(p); err != nil {
		return fmt.Errorf("%s: %w", c.Name, err)
	}
	for _, u := range []struct{ file, user, group string }{
		{"admin", adminUser, "system:masters"},
		{"controller-manager", controllerManagerUser, ""},
	} {
		if err := ensureClientKubeconfig(p, ca, c, u.file, u.user, u.group); err != nil {
			return fmt.Errorf("%s: kubeconfig %s: %w", c.Name, u.file, err)
		}
	}
	if len(p.EgressSocket()) > 100 {
		return fmt.Errorf("%s: unix socket path %s is too long (max 108 bytes); move the repo or set FLEET_HOME to a shorter path", c.Name, p.EgressSocket())
	}
	if err := writeIfChanged(AuditPolicyFile(p), []byte(render.AuditPolicy), 0o644); err != nil {
		return err
	}
	return writeIfChanged(p.EgressConfig(), []byte(render.EgressSelectorConfig(p.EgressSocket())), 0o644)
}

func ensureCA(p state.ClusterPaths, name string) (*pki.KeyPair, error) {
	certFile, keyFile := p.PKI("ca.crt"), p.PKI("ca.key")
	if certPEM, err := os.ReadFile(certFile); err == nil {
		keyPEM, err := os.ReadFile(keyFile)
		if err != nil {
			return nil, err
		}
		return pki.LoadKeyPair(certPEM, keyPEM)
	}
	ca, err := pki.NewCA("fleet-" + name + "-ca")
	if err != nil {
		return nil, err
	}
	return ca, writePair(certFile, keyFile, ca)
}

func ensureServingCert(p state.ClusterPaths, ca *pki.KeyPair, c topology.Cluster) error {
	if exists(p.PKI("apiserver.crt")) {
		return nil
	}
	dns := []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"}
	ips := []net.IP{net.ParseIP("127.0.0.1"), net.IP(c.KubernetesServiceIP().AsSlice())}
	kp, err := ca.ServingCert("kube-apiserver", dns, ips)
	if err != nil {
		return err
	}
	return writePair(p.PKI("apiserver.crt"), p.PKI("apiserver.key"), kp)
}

func ensureSAKey(p state.ClusterPaths) error {
	if exists(p.PKI("sa.key")) {
		return nil
	}
	priv, pub, err := pki.NewServiceAccountKey()
	if err != nil {
		return err
	}
	if err := os.WriteFile(p.PKI("sa.pub"), pub, 0o644); err != nil {
		return err
	}
	return os.WriteFile(p.PKI("sa.key"), priv, 0o600)
}

func ensureClientKubeconfig(p state.ClusterPaths, ca *pki.KeyPair, c topology.Cluster, file, user, group string) error {
	path := p.Kubeconfig(file)
	if exists(path) {
		return nil
	}
	var groups []string
	if group != "" {
		groups = []string{group}
	}
	kp, err := ca.ClientCert(user, groups...)
	if err != nil {
		return err
	}
	if err := writePair(p.PKI(file+".crt"), p.PKI(file+".key"), kp); err != nil {
		return err
	}
	kc := render.Kubeconfig{Cluster: c.Name, Server: c.URL(), CAPEM: ca.CertPEM, User: user, CertPEM: kp.CertPEM, KeyPEM: kp.KeyPEM}
	return os.WriteFile(path, []byte(kc.Render()), 0o600)
}

func writePair(certFile, keyFile string, kp *pki.KeyPair) error {
	if err := os.WriteFile(keyFile, kp.KeyPEM, 0o600); err != nil {
		return err
	}
	return os.WriteFile(certFile, kp.CertPEM, 0o644)
}

func writeIfChanged(path string, data []byte, mode os.FileMode) error {
	if fileHolds(path, data) {
		return nil
	}
	return os.WriteFile(path, data, mode)
}

// fileHolds: the file exists and its content is data.
func fileHolds(path string, data []byte) bool {
	old, err := os.ReadFile(path)
	return err == nil && string(old) == string(data)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
