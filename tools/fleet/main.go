// Command fleet runs a local fleet of real Kubernetes control planes (etcd,
// kube-apiserver, kube-controller-manager built from the Go module proxy) with a
// simulated kubelet, for Meshfleet's development, demos and tests. See README.md.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"meshfleet/tools/fleet/internal/fleet"
	"meshfleet/tools/fleet/internal/state"
	"meshfleet/tools/fleet/internal/topology"
)

const usage = `usage: fleet <command> [flags]

  up [--clusters N] [--cluster NAME]... [--demo]
                               build what is missing, start etcd and N clusters (default 3) or the
                               named ones (both: the union), wait until ready
  down [--purge] [--cluster NAME]...
                               stop everything (--purge: also delete all state except built binaries),
                               or only the named clusters' processes
  status [--format json]       per cluster: URL, up/down, pids and RSS
  env [--format yaml|json] [--clusters N]   Backstage kubernetes config (yaml) or the fleet's connection data (json)
  stop-cluster NAME            stop one cluster's API server (the cluster becomes unreachable)
  start-cluster NAME           start it again and wait until ready
  demo [--check]               install the demo mesh (istiod in mesh-cp, east and west as remotes) and the shop
                               (--check: install nothing, only verify the demo mesh is healthy)
  build                        build the pinned etcd and Kubernetes binaries only
  kubelet --cluster NAME       (internal) run the kubelet stand-in of one cluster
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1], os.Args[2:]); err != nil {
		fmt.Fprintf(os.Stderr, "fleet %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cmd string, args []string) error {
	if cmd == "help" || cmd == "-h" || cmd == "--help" {
		fmt.Print(usage)
		return nil
	}
	paths, err := state.Discover()
	if err != nil {
		return err
	}
	f, err := fleet.New(paths)
	if err != nil {
		return err
	}
	if mutatesFleet[cmd] {
		unlock, err := paths.Lock()
		if err != nil {
			return err
		}
		defer unlock()
	}
	fs := flag.NewFlagSet("fleet "+cmd, flag.ContinueOnError)
	switch cmd {
	case "up":
		n := fs.Int("clusters", topology.DefaultClusters, "number of clusters")
		var named clusterNames
		fs.Var(&named, "cluster", "start this cluster (repeatable); without --clusters only the named ones")
		withDemo := fs.Bool("demo", false, "also install the demo mesh and shop (fleet demo)")
		timeout := fs.Duration("timeout", 5*time.Minute, "how long to wait for readiness")
		if err := fs.Parse(args); err != nil {
			return err
		}
		clusters, err := upClusters(fs, *n, named)
		if err != nil {
			return err
		}
		if err := f.Up(ctx, clusters, *timeout); err != nil {
			return err
		}
		if *withDemo {
			// Helm installs of istiod in three clusters take longer than readiness.
			return f.Demo(ctx, max(*timeout, 10*time.Minute))
		}
		return nil
	case "down":
		purge := fs.Bool("purge", false, "delete all state except the binary cache")
		var named clusterNames
		fs.Var(&named, "cluster", "stop only this cluster's processes (repeatable); etcd and the metrics keep running")
		if err := fs.Parse(args); err != nil {
			return err
		}
		if len(named) > 0 {
			if *purge {
				return fmt.Errorf("--purge deletes the whole fleet's state; it cannot be combined with --cluster")
			}
			return f.DownClusters(named)
		}
		return f.Down(*purge)
	case "status":
		format := fs.String("format", "table", "table or json")
		if err := fs.Parse(args); err != nil {
			return err
		}
		st, err := f.Status(ctx)
		if err != nil {
			return err
		}
		if *format == "json" {
			return printJSON(st)
		}
		st.WriteTable(os.Stdout)
		return nil
	case "env":
		format := fs.String("format", "yaml", "yaml (Backstage app-config) or json")
		limit := fs.Int("clusters", 0, "only the first N clusters (0: every cluster that exists, also ones a benchmark created)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		env, err := f.Env(ctx)
		if err != nil {
			return err
		}
		if *limit > 0 && len(env.Clusters) > *limit {
			env.Clusters = env.Clusters[:*limit]
		}
		if *format == "json" {
			s, err := env.JSON()
			fmt.Print(s)
			return err
		}
		fmt.Print(env.BackstageYAML())
		return nil
	case "stop-cluster", "start-cluster":
		timeout := fs.Duration("timeout", 2*time.Minute, "how long to wait for readiness")
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return fmt.Errorf("needs exactly one cluster name")
		}
		if cmd == "stop-cluster" {
			return f.StopCluster(fs.Arg(0))
		}
		return f.StartCluster(ctx, fs.Arg(0), *timeout)
	case "demo":
		timeout := fs.Duration("timeout", 10*time.Minute, "how long to wait for the mesh and the rollout")
		check := fs.Bool("check", false, "install nothing; verify that the demo mesh is healthy")
		if err := fs.Parse(args); err != nil {
			return err
		}
		if *check {
			return f.CheckDemo(ctx, min(*timeout, 2*time.Minute))
		}
		return f.Demo(ctx, *timeout)
	case "build":
		return f.Build()
	case "kubelet":
		name := fs.String("cluster", "", "cluster name")
		if err := fs.Parse(args); err != nil {
			return err
		}
		return f.RunKubelet(ctx, *name)
	}
	fmt.Fprint(os.Stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

// mutatesFleet are the commands that start, stop or build things; they hold the
// fleet lock. (Not kubelet: it is a daemon that runs for the fleet's lifetime.)
var mutatesFleet = map[string]bool{
	"up": true, "down": true, "stop-cluster": true, "start-cluster": true, "demo": true, "build": true,
}

// clusterNames collects repeated --cluster flags.
type clusterNames []string

func (c *clusterNames) String() string { return strings.Join(*c, ",") }
func (c *clusterNames) Set(name string) error {
	if _, err := topology.Index(name); err != nil {
		return err
	}
	*c = append(*c, name)
	return nil
}

// upClusters is what `fleet up` starts: the first N clusters, the named ones, or,
// when both flags are given, both.
func upClusters(fs *flag.FlagSet, n int, named clusterNames) ([]topology.Cluster, error) {
	countGiven := false
	fs.Visit(func(fl *flag.Flag) { countGiven = countGiven || fl.Name == "clusters" })
	var out []topology.Cluster
	if countGiven || len(named) == 0 {
		first, err := topology.First(n)
		if err != nil {
			return nil, err
		}
		out = first
	}
	for _, name := range named {
		i, _ := topology.Index(name) // checked by Set
		if !slices.ContainsFunc(out, func(c topology.Cluster) bool { return c.Index == i }) {
			c, _ := topology.ForIndex(i)
			out = append(out, c)
		}
	}
	return out, nil
}

func printJSON(v any) error {
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
