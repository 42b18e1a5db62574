package kube

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// Cluster is one API server to watch, named as the graph's workloads name
// their cluster.
type Cluster struct {
	Name   string
	Config *rest.Config
}

// fleetEnv is the output of `tools/fleet/fleet env --format json`.
type fleetEnv struct {
	Clusters []struct {
		Name                string `json:"name"`
		URL                 string `json:"url"`
		CAData              string `json:"caData"`
		ServiceAccountToken string `json:"serviceAccountToken"`
		AdminKubeconfig     string `json:"adminKubeconfig"`
	} `json:"clusters"`
}

// ClustersFromFleetEnv reads a `fleet env --format json` file. It uses a
// cluster's admin kubeconfig when given (a path or inline YAML), else its
// URL, CA and service-account token.
func ClustersFromFleetEnv(path string) ([]Cluster, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read fleet env: %w", err)
	}
	var env fleetEnv
	if err := json.Unmarshal(data, &env); err != nil {
		return nil, fmt.Errorf("parse fleet env %s: %w", path, err)
	}
	var out []Cluster
	for _, c := range env.Clusters {
		cfg, err := fleetClusterConfig(c.AdminKubeconfig, c.URL, c.CAData, c.ServiceAccountToken)
		if err != nil {
			return nil, fmt.Errorf("fleet env %s, cluster %q: %w", path, c.Name, err)
		}
		out = append(out, Cluster{Name: c.Name, Config: cfg})
	}
	return out, nil
}

func fleetClusterConfig(kubeconfig, url, caData, token string) (*rest.Config, error) {
	switch {
	case kubeconfig != "" && fileExists(kubeconfig):
		return clientcmd.BuildConfigFromFlags("", kubeconfig)
	case strings.Contains(kubeconfig, "apiVersion:"):
		return clientcmd.RESTConfigFromKubeConfig([]byte(kubeconfig))
	case url != "":
		return &rest.Config{Host: url, BearerToken: token,
			TLSClientConfig: rest.TLSClientConfig{CAData: pemOrBase64(caData)}}, nil
	}
	return nil, fmt.Errorf("neither adminKubeconfig nor url given")
}

// pemOrBase64 accepts CA data as PEM or as base64 of PEM (kubeconfig style).
func pemOrBase64(s string) []byte {
	if strings.Contains(s, "-----BEGIN") {
		return []byte(s)
	}
	if decoded, err := base64.StdEncoding.DecodeString(s); err == nil {
		return decoded
	}
	return []byte(s)
}

// ClusterFromKubeconfigFlag parses NAME=PATH (the kubeconfig's current
// context is used).
func ClusterFromKubeconfigFlag(flag string) (Cluster, error) {
	name, path, ok := strings.Cut(flag, "=")
	if !ok || name == "" || path == "" {
		return Cluster{}, fmt.Errorf("--kubeconfig %q: want CLUSTER=PATH", flag)
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", path)
	if err != nil {
		return Cluster{}, fmt.Errorf("--kubeconfig %s: %w", flag, err)
	}
	return Cluster{Name: name, Config: cfg}, nil
}

func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}
