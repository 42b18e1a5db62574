// Package fleet orchestrates the fleet: it prepares each cluster's files, starts and
// stops the daemons, waits for readiness, and creates the meshfleet ServiceAccount.
// Every operation is idempotent: it looks at what exists and does the rest.
package fleet

import (
	"fmt"
	"os"
	"sort"

	"meshfleet/tools/fleet/internal/build"
	"meshfleet/tools/fleet/internal/state"
	"meshfleet/tools/fleet/internal/topology"
)

// Fleet is the fleet rooted at one state folder.
type Fleet struct {
	Paths state.Paths
	// Self is the fleet CLI binary, which also runs the kubelet stand-ins.
	Self string
	Log  func(format string, args ...any)
}

// New returns a fleet that logs progress to stderr.
func New(p state.Paths) (*Fleet, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return &Fleet{Paths: p, Self: self, Log: func(f string, a ...any) { fmt.Fprintf(os.Stderr, "fleet: "+f+"\n", a...) }}, nil
}

// Existing returns the plans of clusters that have a state folder, in index order.
func (f *Fleet) Existing() []topology.Cluster {
	entries, _ := os.ReadDir(f.Paths.ClustersDir())
	var out []topology.Cluster
	for _, e := range entries {
		if i, err := topology.Index(e.Name()); err == nil && e.IsDir() {
			c, _ := topology.ForIndex(i)
			out = append(out, c)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Index < out[b].Index })
	return out
}

// Lookup returns the plan of a named cluster that exists in the state folder.
func (f *Fleet) Lookup(name string) (topology.Cluster, error) {
	i, err := topology.Index(name)
	if err != nil {
		return topology.Cluster{}, err
	}
	c, _ := topology.ForIndex(i)
	if _, err := os.Stat(f.Paths.Cluster(name).Dir); err != nil {
		return c, fmt.Errorf("cluster %s has no state in %s; run `fleet up --clusters %d` first", name, f.Paths.ClustersDir(), i+1)
	}
	return c, nil
}

// Build compiles every pinned component that is not cached.
func (f *Fleet) Build() error {
	if err := f.Paths.Ensure(); err != nil {
		return err
	}
	for _, c := range build.All {
		if err := c.Ensure(f.Paths, f.Log); err != nil {
			return err
		}
	}
	// istiod, Helm and charts (tools/istio), and the simulated Envoy metrics.
	if err := f.buildIstio(); err != nil {
		return err
	}
	return f.buildTrafficsim()
}
