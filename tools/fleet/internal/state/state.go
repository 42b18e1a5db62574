// Package state knows where the fleet keeps things: everything lives under one
// git-ignored folder (.fleet/ at the repo root) so `fleet down --purge` is one rm -rf.
package state

import (
	"fmt"
	"os"
	"path/filepath"
)

// Paths locates the fleet's state folder (Home) and the tools/fleet sources (Src),
// which hold the build-only modules that pin etcd and Kubernetes.
type Paths struct {
	Home string
	Src  string
}

// Discover uses $FLEET_HOME / $FLEET_SRC (set by the tools/fleet/fleet wrapper) or
// else walks up from the working directory to the repo that contains tools/fleet.
func Discover() (Paths, error) {
	home, src := os.Getenv("FLEET_HOME"), os.Getenv("FLEET_SRC")
	if home != "" && src != "" {
		return Paths{Home: home, Src: src}, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return Paths{}, err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "tools", "fleet", "go.mod")); err == nil {
			p := Paths{Home: filepath.Join(dir, ".fleet"), Src: filepath.Join(dir, "tools", "fleet")}
			if home != "" {
				p.Home = home
			}
			if src != "" {
				p.Src = src
			}
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return Paths{}, fmt.Errorf("cannot find the repo root (a folder with tools/fleet/go.mod) above the working directory; set FLEET_HOME and FLEET_SRC")
		}
		dir = parent
	}
}

// Ensure creates Home and makes it ignore itself, so a stray `git add -A` can never
// commit keys or binaries even if the root .gitignore changes.
func (p Paths) Ensure() error {
	if err := os.MkdirAll(p.Home, 0o755); err != nil {
		return fmt.Errorf("create fleet state folder: %w", err)
	}
	return os.WriteFile(filepath.Join(p.Home, ".gitignore"), []byte("*\n"), 0o644)
}

// BinDir is the cache folder of one pinned component, e.g. .fleet/bin/etcd-v3.6.8.
func (p Paths) BinDir(component, version string) string {
	return filepath.Join(p.Home, "bin", component+"-"+version)
}

// ModuleDir is the build-only Go module that pins a component.
func (p Paths) ModuleDir(component string) string {
	return filepath.Join(p.Src, "third_party", component)
}

// EtcdDir holds the shared etcd's data, log and pid.
func (p Paths) EtcdDir() string { return filepath.Join(p.Home, "etcd") }

// ClustersDir holds one folder per cluster.
func (p Paths) ClustersDir() string { return filepath.Join(p.Home, "clusters") }

// Cluster returns the file layout of one cluster.
func (p Paths) Cluster(name string) ClusterPaths {
	return ClusterPaths{Dir: filepath.Join(p.ClustersDir(), name)}
}

// ClusterPaths is .fleet/clusters/<name>/.
type ClusterPaths struct{ Dir string }

func (c ClusterPaths) PKI(file string) string  { return filepath.Join(c.Dir, "pki", file) }
func (c ClusterPaths) AdminKubeconfig() string { return filepath.Join(c.Dir, "admin.kubeconfig") }
func (c ClusterPaths) Kubeconfig(user string) string {
	return filepath.Join(c.Dir, user+".kubeconfig")
}
func (c ClusterPaths) EgressConfig() string { return filepath.Join(c.Dir, "egress-selector.yaml") }

// EgressSocket is the unix socket of the kubelet stand-in's egress proxy. Unix socket
// paths are limited to 108 bytes, so callers should check its length.
func (c ClusterPaths) EgressSocket() string { return filepath.Join(c.Dir, "egress.sock") }
func (c ClusterPaths) Log(component string) string {
	return filepath.Join(c.Dir, "logs", component+".log")
}
func (c ClusterPaths) Pid(component string) string {
	return filepath.Join(c.Dir, "pids", component+".pid")
}

// Token is the meshfleet ServiceAccount's long-lived token, copied out of its Secret.
func (c ClusterPaths) Token() string { return filepath.Join(c.Dir, "meshfleet.token") }
