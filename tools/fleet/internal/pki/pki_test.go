package pki

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net"
	"testing"
)

func TestServingCertVerifiesForLoopback(t *testing.T) {
	ca, err := NewCA("test-ca")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := ca.ServingCert("kube-apiserver", []string{"localhost", "kubernetes.default.svc"}, []net.IP{net.ParseIP("127.0.0.1")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tls.X509KeyPair(srv.CertPEM, srv.KeyPEM); err != nil {
		t.Fatalf("serving pair unusable by crypto/tls: %v", err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca.CertPEM)
	cert := parse(t, srv.CertPEM)
	for _, host := range []string{"127.0.0.1", "localhost", "kubernetes.default.svc"} {
		if _, err := cert.Verify(x509.VerifyOptions{Roots: pool, DNSName: host}); err != nil {
			t.Errorf("verify for %s: %v", host, err)
		}
	}
	if _, err := cert.Verify(x509.VerifyOptions{Roots: pool, DNSName: "example.com"}); err == nil {
		t.Error("cert must not verify for example.com")
	}
}

func TestClientCertCarriesUserAndGroups(t *testing.T) {
	ca, _ := NewCA("test-ca")
	c, err := ca.ClientCert("fleet-admin", "system:masters")
	if err != nil {
		t.Fatal(err)
	}
	cert := parse(t, c.CertPEM)
	if cert.Subject.CommonName != "fleet-admin" || len(cert.Subject.Organization) != 1 || cert.Subject.Organization[0] != "system:masters" {
		t.Errorf("subject = %v", cert.Subject)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca.CertPEM)
	if _, err := cert.Verify(x509.VerifyOptions{Roots: pool, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
		t.Errorf("client cert does not verify: %v", err)
	}
}

func TestCAReloadsAndIssues(t *testing.T) {
	ca, _ := NewCA("test-ca")
	again, err := LoadKeyPair(ca.CertPEM, ca.KeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := again.ClientCert("x"); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadKeyPair([]byte("junk"), nil); err == nil {
		t.Error("junk must not load")
	}
}

func TestServiceAccountKey(t *testing.T) {
	priv, pub, err := NewServiceAccountKey()
	if err != nil {
		t.Fatal(err)
	}
	pb, _ := pem.Decode(priv)
	if _, err := x509.ParsePKCS8PrivateKey(pb.Bytes); err != nil {
		t.Fatal(err)
	}
	ub, _ := pem.Decode(pub)
	if _, err := x509.ParsePKIXPublicKey(ub.Bytes); err != nil {
		t.Fatal(err)
	}
}

func parse(t *testing.T, certPEM []byte) *x509.Certificate {
	t.Helper()
	b, _ := pem.Decode(certPEM)
	cert, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}
