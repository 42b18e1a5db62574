package fleet

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"meshfleet/tools/fleet/internal/kube"
	"meshfleet/tools/fleet/internal/proc"
	"meshfleet/tools/fleet/internal/topology"
)

// Up builds what is missing, starts etcd and the given clusters (leaving any others
// as they are), waits for every API server's /readyz and sets up Meshfleet's access.
func (f *Fleet) Up(ctx context.Context, clusters []topology.Cluster, timeout time.Duration) error {
	if err := f.Build(); err != nil {
		return err
	}
	start := time.Now()
	if err := f.startEtcd(ctx); err != nil {
		return err
	}
	for _, c := range clusters {
		if err := f.ensureClusterFiles(c); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := f.forEach(clusters, func(c topology.Cluster) error { return f.startCluster(ctx, c) }); err != nil {
		return err
	}
	f.Log("%d API servers ready after %s", len(clusters), time.Since(start).Round(100*time.Millisecond))
	if err := f.forEach(clusters, func(c topology.Cluster) error { return f.ensureMeshfleetAccess(ctx, c) }); err != nil {
		return err
	}
	if err := f.startObservability(ctx); err != nil {
		return err
	}
	f.Log("fleet up: %d clusters in %s (`fleet env` prints the Backstage config)", len(clusters), time.Since(start).Round(100*time.Millisecond))
	return nil
}

// forEach runs fn for every cluster concurrently and joins the errors.
func (f *Fleet) forEach(clusters []topology.Cluster, fn func(topology.Cluster) error) error {
	var wg sync.WaitGroup
	errs := make([]error, len(clusters))
	for i, c := range clusters {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = fn(c) }()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (f *Fleet) startEtcd(ctx context.Context) error {
	d, err := f.etcdDaemon()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(f.Paths.EtcdDir(), 0o755); err != nil {
		return err
	}
	ready := func() error { return etcdHealthy(ctx) }
	return f.startUntilReady(ctx, d, etcdReadyTimeout, ready, "etcd health")
}

// etcdReadyTimeout is generous: right after the cold builds a 2-core machine is
// still busy writing back gigabytes of build cache, and etcd's first start on a new
// data folder waits for that disk.
const etcdReadyTimeout = 2 * time.Minute

// startCluster starts any of the cluster's components that is not running: the API
// server and kubelet stand-in (which retries until the API answers) first, the
// controller-manager only once /readyz answers, because it exits if the API server
// is not healthy within a few seconds of its start (which happens when 20 API servers
// share 2 cores).
func (f *Fleet) startCluster(ctx context.Context, c topology.Cluster) error {
	api, err := f.daemon(c, APIServer)
	if err != nil {
		return err
	}
	creds, err := f.adminCreds(c)
	if err != nil {
		return err
	}
	if err := f.startComponents(c, Kubelet); err != nil {
		return err
	}
	ready := func() error { return kube.Readyz(ctx, c.URL(), creds.ca, creds.cert, creds.key) }
	if err := f.startUntilReady(ctx, api, 0, ready, fmt.Sprintf("%s /readyz at %s", c.Name, c.URL())); err != nil {
		return err
	}
	return f.startComponents(c, ControllerManager)
}

// startUntilReady starts d unless it runs (restarting it when its binary was
// rebuilt) and waits until ready passes, failing early when the process ends. A
// process that ends or never gets ready is started once more before giving up: a
// start can fail for a passing reason (a loaded machine, a port still held by a
// process that is shutting down), and a fresh machine's first run must not fail
// for it. Both failures are reported, each with how the process ended.
func (f *Fleet) startUntilReady(ctx context.Context, d proc.Daemon, timeout time.Duration, ready func() error, what string) error {
	var failures []error
	for attempt := 1; attempt <= 2; attempt++ {
		err := f.startDaemon(d)
		if err == nil {
			err = waitFor(ctx, timeout, func() error {
				if _, ok := d.Running(); !ok {
					return permanent(exited(d))
				}
				return ready()
			}, what+" (log: "+d.LogFile+")")
		}
		if err == nil {
			if attempt > 1 {
				f.Log("%s: ready on the second attempt", d.Name)
			}
			return nil
		}
		failures = append(failures, fmt.Errorf("attempt %d: %w", attempt, err))
		if ctx.Err() != nil {
			break
		}
		if attempt == 1 {
			f.Log("%s did not start: %v\nfleet: starting %s once more", d.Name, err, d.Name)
			if err := d.Stop(componentStopGrace); err != nil {
				failures = append(failures, err)
				break
			}
		}
	}
	return fmt.Errorf("%s failed to start: %w", d.Name, errors.Join(failures...))
}

// exited says that a daemon is gone, how it ended (its supervisor's exit record)
// and what its log says last.
func exited(d proc.Daemon) error {
	return fmt.Errorf("%s exited: %s; see %s:\n%s", d.Name, d.LastExit(), d.LogFile, proc.TailLog(d.LogFile, 15))
}

// startDaemon starts d unless it runs; one whose binary was rebuilt is restarted.
func (f *Fleet) startDaemon(d proc.Daemon) error {
	if d.Outdated() {
		f.Log("restarting %s: its binary was rebuilt", d.Name)
		if err := d.Stop(componentStopGrace); err != nil {
			return err
		}
	}
	if _, already, err := d.Start(); err != nil {
		return err
	} else if !already {
		f.Log("started %s (log: %s)", d.Name, d.LogFile)
	}
	return nil
}

func (f *Fleet) startComponents(c topology.Cluster, components ...string) error {
	for _, comp := range components {
		d, err := f.daemon(c, comp)
		if err != nil {
			return err
		}
		if err := f.startDaemon(d); err != nil {
			return err
		}
	}
	return nil
}

type adminCreds struct{ ca, cert, key []byte }

func (f *Fleet) adminCreds(c topology.Cluster) (adminCreds, error) {
	p := f.Paths.Cluster(c.Name)
	var out adminCreds
	var err error
	if out.ca, err = kube.ReadFile(p.PKI("ca.crt")); err != nil {
		return out, err
	}
	if out.cert, err = kube.ReadFile(p.PKI("admin.crt")); err != nil {
		return out, err
	}
	out.key, err = kube.ReadFile(p.PKI("admin.key"))
	return out, err
}

// StartCluster starts one stopped cluster (after `fleet stop-cluster`) and waits.
func (f *Fleet) StartCluster(ctx context.Context, name string, timeout time.Duration) error {
	c, err := f.Lookup(name)
	if err != nil {
		return err
	}
	if err := f.startEtcd(ctx); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return f.startCluster(ctx, c)
}

// StopCluster stops one cluster's API server only: clients see the cluster as
// unreachable while its controller-manager and kubelet stand-in wait for it to come
// back, as they would in a real outage of a control plane.
func (f *Fleet) StopCluster(name string) error {
	c, err := f.Lookup(name)
	if err != nil {
		return err
	}
	d, err := f.daemon(c, APIServer)
	if err != nil {
		return err
	}
	return d.Stop(componentStopGrace)
}

// DownClusters stops the named clusters' processes (also those behind their pods)
// and leaves the rest of the fleet running: tests that start clusters of their
// own stop them again without touching the clusters others use.
func (f *Fleet) DownClusters(names []string) error {
	var clusters []topology.Cluster
	for _, name := range names {
		c, err := f.Lookup(name)
		if err != nil {
			return err
		}
		clusters = append(clusters, c)
	}
	if err := f.forEach(clusters, f.stopCluster); err != nil {
		return err
	}
	f.Log("stopped %s (state kept; etcd and the metrics still run)", strings.Join(names, ", "))
	return nil
}

// stopCluster stops a cluster's components in reverse start order, then the
// processes behind its pods, which run in sessions of their own.
func (f *Fleet) stopCluster(c topology.Cluster) error {
	var errs []error
	for i := len(ClusterComponents) - 1; i >= 0; i-- {
		d, err := f.daemon(c, ClusterComponents[i])
		if err == nil {
			err = d.Stop(componentStopGrace)
		}
		errs = append(errs, err)
	}
	errs = append(errs, f.stopPodProcesses(c))
	return errors.Join(errs...)
}

// componentStopGrace is short on purpose: after SIGTERM a kube-apiserver stops
// listening at once but then lingers for about half a minute draining watches, which
// only makes stop-cluster slow; all state is in etcd, so SIGKILL after it loses nothing.
const componentStopGrace = 5 * time.Second

// Down stops every cluster's components, then etcd. purge also deletes all state
// except the binary cache.
func (f *Fleet) Down(purge bool) error {
	var errs []error
	err := f.forEach(f.Existing(), f.stopCluster)
	errs = append(errs, err, f.stopObservability())
	if d, err := f.etcdDaemon(); err == nil {
		errs = append(errs, d.Stop(30*time.Second))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if purge {
		for _, dir := range []string{f.Paths.ClustersDir(), f.Paths.EtcdDir()} {
			if err := os.RemoveAll(dir); err != nil {
				return err
			}
		}
		f.Log("purged %s and %s (binaries kept in %s/bin)", f.Paths.ClustersDir(), f.Paths.EtcdDir(), f.Paths.Home)
	}
	return nil
}
