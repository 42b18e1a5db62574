// trafficsim is a SIMULATED stand-in for Envoy sidecars: Envoy cannot run in
// Meshfleet's local fleet, so this program emits the Istio standard metrics
// that sidecars would, for a configurable call graph, honouring which pods
// really have an istio-proxy container in the fleet's real API servers.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"meshfleet.local/tools/trafficsim/admin"
	"meshfleet.local/tools/trafficsim/graph"
	"meshfleet.local/tools/trafficsim/kube"
	"meshfleet.local/tools/trafficsim/mesh"
	"meshfleet.local/tools/trafficsim/metrics"
	"meshfleet.local/tools/trafficsim/sim"
	"meshfleet.local/tools/trafficsim/xds"
)

type options struct {
	listen         string
	graphFile      string
	fleetEnv       string
	kubeconfigs    multiFlag
	assumeSidecars bool
	rootNamespace  string
	tick           time.Duration
	seed           uint64
	xds            bool
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func parseFlags() options {
	var o options
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), `trafficsim: SIMULATED Envoy sidecar traffic metrics (Istio standard metrics).

Serves /metrics with simulated istio_requests_total and friends for the call
graph in --graph, and an admin API (GET/PUT /graph, GET/PUT/PATCH/DELETE
/edges/{id}, GET /mesh). With --fleet-env or --kubeconfig it watches pods in
real clusters and reports only what sidecars that exist would report, and
(--xds, on by default) holds one ADS stream per sidecar pod to its istiod, so
istiod counts the pods as connected proxies (GET /xds lists the streams).

Flags:
`)
		flag.PrintDefaults()
	}
	flag.StringVar(&o.listen, "listen", "127.0.0.1:15090", "address for /metrics and the admin API")
	flag.StringVar(&o.graphFile, "graph", "", "simulated call graph, YAML or JSON (required)")
	flag.StringVar(&o.fleetEnv, "fleet-env", "", "clusters to watch: output file of `fleet env --format json`")
	flag.Var(&o.kubeconfigs, "kubeconfig", "cluster to watch as CLUSTER=PATH (repeatable)")
	flag.BoolVar(&o.assumeSidecars, "assume-sidecars", false,
		"demo mode: watch no cluster, treat every workload as one ready pod with a sidecar")
	flag.StringVar(&o.rootNamespace, "mesh-root-namespace", "istio-system", "Istio root namespace (mesh-wide PeerAuthentication)")
	flag.DurationVar(&o.tick, "tick", time.Second, "how often simulated counters advance")
	flag.Uint64Var(&o.seed, "seed", 1, "seed for simulated latencies and sizes")
	flag.BoolVar(&o.xds, "xds", os.Getenv("TRAFFICSIM_XDS") != "off",
		"connect every watched sidecar pod to its istiod over xDS (default unless TRAFFICSIM_XDS=off)")
	flag.Parse()
	return o
}

func main() {
	if err := run(parseFlags()); err != nil {
		fmt.Fprintln(os.Stderr, "trafficsim:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	if o.graphFile == "" {
		return errors.New("--graph is required (see tools/trafficsim/demo/shop.yaml)")
	}
	data, err := os.ReadFile(o.graphFile)
	if err != nil {
		return fmt.Errorf("read graph: %w", err)
	}
	g, err := graph.Parse(data)
	if err != nil {
		return fmt.Errorf("%s: %w", o.graphFile, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	source, watcher, err := meshSource(ctx, o)
	if err != nil {
		return err
	}
	runner := sim.NewRunner(sim.NewStore(g), source, metrics.NewRecorder(), o.tick, o.seed)
	go runner.Run(ctx)
	mux := http.NewServeMux()
	mux.Handle("/", admin.Handler(runner))
	if watcher != nil && o.xds {
		sidecars := xds.NewManager(ctx)
		go connectSidecars(ctx, watcher, sidecars)
		mux.Handle("GET /xds", sidecars)
	}
	return serve(ctx, o.listen, mux)
}

// xdsPlanInterval: how soon a new pod's sidecar connects, or a deleted pod's
// disconnects, after the pod cache sees it.
const xdsPlanInterval = 2 * time.Second

// connectSidecars keeps one xDS stream per watched sidecar pod.
func connectSidecars(ctx context.Context, w *kube.Watcher, sidecars *xds.Manager) {
	slog.Info("xds: simulated sidecars connect to their istiod (--xds=false to turn off)")
	var lastProblems string
	for {
		targets, problems := xds.Plan(w.ClusterPods())
		sidecars.Reconcile(targets)
		if p := strings.Join(problems, "; "); p != lastProblems {
			if p != "" {
				slog.Warn("xds: sidecars without an istiod to connect to", "pods", p)
			}
			lastProblems = p
		}
		select {
		case <-ctx.Done():
			sidecars.Close()
			return
		case <-time.After(xdsPlanInterval):
		}
	}
}

func meshSource(ctx context.Context, o options) (sim.MeshSource, *kube.Watcher, error) {
	clusters, err := clustersToWatch(o)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case o.assumeSidecars && len(clusters) > 0:
		return nil, nil, errors.New("--assume-sidecars watches no cluster; drop --fleet-env/--kubeconfig")
	case o.assumeSidecars:
		slog.Info("simulating without cluster watching: every workload has a sidecar")
		return func() mesh.State { return mesh.State{AssumeSidecars: true, RootNamespace: o.rootNamespace} }, nil, nil
	case len(clusters) == 0:
		return nil, nil, errors.New("give --fleet-env or --kubeconfig to watch clusters, or --assume-sidecars")
	}
	w, err := kube.NewWatcher(clusters, o.rootNamespace)
	if err != nil {
		return nil, nil, fmt.Errorf("watch clusters: %w", err)
	}
	w.Start(ctx)
	return w.Snapshot, w, nil
}

func clustersToWatch(o options) ([]kube.Cluster, error) {
	var clusters []kube.Cluster
	if o.fleetEnv != "" {
		fromEnv, err := kube.ClustersFromFleetEnv(o.fleetEnv)
		if err != nil {
			return nil, err
		}
		clusters = append(clusters, fromEnv...)
	}
	for _, k := range o.kubeconfigs {
		c, err := kube.ClusterFromKubeconfigFlag(k)
		if err != nil {
			return nil, err
		}
		clusters = append(clusters, c)
	}
	return clusters, nil
}

func serve(ctx context.Context, addr string, h http.Handler) error {
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	slog.Info("serving simulated Envoy metrics", "addr", addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	return nil
}
