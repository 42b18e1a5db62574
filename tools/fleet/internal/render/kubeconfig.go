// Package render turns a cluster's plan and file layout into the text the real
// components read: kubeconfigs, command lines, the egress selector config, and the
// Backstage configuration printed by `fleet env`. All functions are pure.
package render

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// Kubeconfig renders a kubeconfig with embedded credentials, so it can be copied
// anywhere (Backstage, kubectl, a test) without the files beside it.
type Kubeconfig struct {
	Cluster string
	Server  string
	CAPEM   []byte
	User    string
	CertPEM []byte // client certificate; or
	KeyPEM  []byte
	Token   string // a bearer token
}

// Render returns the kubeconfig YAML.
func (k Kubeconfig) Render() string {
	var b strings.Builder
	fmt.Fprintf(&b, "apiVersion: v1\nkind: Config\nclusters:\n- name: %s\n  cluster:\n    server: %s\n    certificate-authority-data: %s\n",
		k.Cluster, k.Server, b64(k.CAPEM))
	fmt.Fprintf(&b, "users:\n- name: %s\n  user:\n", k.User)
	if k.Token != "" {
		fmt.Fprintf(&b, "    token: %s\n", k.Token)
	} else {
		fmt.Fprintf(&b, "    client-certificate-data: %s\n    client-key-data: %s\n", b64(k.CertPEM), b64(k.KeyPEM))
	}
	fmt.Fprintf(&b, "contexts:\n- name: %s\n  context:\n    cluster: %s\n    user: %s\ncurrent-context: %s\n",
		k.Cluster, k.Cluster, k.User, k.Cluster)
	return b.String()
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
