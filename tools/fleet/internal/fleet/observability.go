package fleet

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"meshfleet/tools/fleet/internal/observability"
	"meshfleet/tools/fleet/internal/proc"
)

// Names of the fleet-wide observability daemons (pid and log files).
const (
	Prometheus = "prometheus"
	Trafficsim = "trafficsim"
)

// debianPrometheus is the binary of Debian's package; tools/istio/prometheus.sh
// installs it (as root, without starting the package's own service) when missing.
const debianPrometheus = "/usr/bin/prometheus"

func (f *Fleet) observability() observability.Layout {
	return observability.Layout{Dir: filepath.Join(f.Paths.Home, "observability")}
}

func (f *Fleet) toolsDir(name string) string { return filepath.Join(f.Paths.Src, "..", name) }

// observabilityDaemons are Prometheus and the traffic simulator.
func (f *Fleet) observabilityDaemons() []proc.Daemon {
	l := f.observability()
	graph := filepath.Join(f.toolsDir("trafficsim"), "demo", "shop.yaml")
	return []proc.Daemon{
		{Name: Prometheus, Binary: debianPrometheus, Args: observability.PrometheusArgs(l), LogFile: l.Log(Prometheus), PidFile: l.Pid(Prometheus)},
		{Name: Trafficsim, Binary: f.trafficsimBinary(), Args: observability.TrafficsimArgs(l, graph), LogFile: l.Log(Trafficsim), PidFile: l.Pid(Trafficsim)},
	}
}

// startObservability (re)writes the configs and starts Prometheus and trafficsim
// unless they run; trafficsim is restarted when its binary was rebuilt or the
// fleet's clusters changed (it reads the fleet env once, at start), and a running
// Prometheus reloaded when its config changed.
func (f *Fleet) startObservability(ctx context.Context) error {
	if err := ensurePrometheusInstalled(f.toolsDir("istio")); err != nil {
		return err
	}
	l := f.observability()
	if err := os.MkdirAll(l.Dir, 0o755); err != nil {
		return err
	}
	if err := os.MkdirAll(l.TargetsDir(), 0o755); err != nil {
		return err // Prometheus watches it for the kubelet stand-ins' istiod targets
	}
	config := []byte(observability.PrometheusConfig(l))
	configChanged := !fileHolds(l.PrometheusConfig(), config)
	if err := writeIfChanged(l.PrometheusConfig(), config, 0o644); err != nil {
		return err
	}
	envChanged, err := f.writeFleetEnvFile(ctx, l.FleetEnv())
	if err != nil {
		return err
	}
	var graph []byte // the running simulator's graph, which PUT /graph may have changed
	for _, d := range f.observabilityDaemons() {
		if _, running := d.Running(); running && d.Name == Trafficsim && (envChanged || d.Outdated()) {
			graph, _ = trafficsimGraph(ctx)
			_ = d.Stop(componentStopGrace)
		}
		url := readyURL[d.Name]
		ready := func() error { return httpOK(ctx, url) }
		if err := f.startUntilReady(ctx, d, time.Minute, ready, d.Name+" at "+url); err != nil {
			return err
		}
	}
	if configChanged {
		// A Prometheus that ran before this start still has the old config.
		if err := reloadPrometheus(ctx); err != nil {
			return err
		}
	}
	if graph != nil {
		return restoreTrafficsimGraph(ctx, graph)
	}
	return nil
}

// reloadPrometheus makes the running Prometheus read its config file again (it
// runs with --web.enable-lifecycle); it answers once the new config is applied,
// or with the reason it refused it.
func reloadPrometheus(ctx context.Context) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, observability.PrometheusURL()+"/-/reload", nil)
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return fmt.Errorf("prometheus: reload after a config change: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("prometheus: reload after a config change: %s %s", resp.Status, bytes.TrimSpace(body))
	}
	return nil
}

// readyURL is where each observability daemon says it is ready.
var readyURL = map[string]string{
	Prometheus: observability.PrometheusURL() + "/-/ready",
	Trafficsim: observability.TrafficsimURL() + "/healthz",
}

// trafficsimGraph and restoreTrafficsimGraph carry the simulated call graph across a
// restart (new clusters, rebuilt binary), so tests and demos that changed it through
// the admin API keep their traffic.
func trafficsimGraph(ctx context.Context) ([]byte, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, observability.TrafficsimURL()+"/graph", nil)
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("trafficsim GET /graph: %s", resp.Status)
	}
	return io.ReadAll(resp.Body)
}

func restoreTrafficsimGraph(ctx context.Context, graph []byte) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPut, observability.TrafficsimURL()+"/graph", bytes.NewReader(graph))
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
	if err != nil {
		return fmt.Errorf("trafficsim: restore graph after restart: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("trafficsim: restore graph after restart: PUT /graph: %s", resp.Status)
	}
	return nil
}

// stopObservability is part of `fleet down`.
func (f *Fleet) stopObservability() error {
	var errs []error
	for _, d := range f.observabilityDaemons() {
		errs = append(errs, d.Stop(componentStopGrace))
	}
	return errors.Join(errs...)
}

// writeFleetEnvFile writes `fleet env --format json` for trafficsim, reporting
// whether it differs from the file's previous content.
func (f *Fleet) writeFleetEnvFile(ctx context.Context, path string) (bool, error) {
	env, err := f.Env(ctx)
	if err != nil {
		return false, err
	}
	for i := range env.Clusters {
		env.Clusters[i].Up = false // not a change worth a restart
	}
	s, err := env.JSON()
	if err != nil {
		return false, err
	}
	old, _ := os.ReadFile(path)
	if bytes.Equal(old, []byte(s)) {
		return false, nil
	}
	return true, os.WriteFile(path, []byte(s), 0o600)
}

func ensurePrometheusInstalled(istioTools string) error {
	if _, err := os.Stat(debianPrometheus); err == nil {
		return nil
	}
	cmd := exec.Command(filepath.Join(istioTools, "prometheus.sh"), "ensure")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("install Debian's prometheus (tools/istio/prometheus.sh ensure): %v\n%s", err, out)
	}
	return nil
}

func httpOK(ctx context.Context, url string) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := (&http.Client{Timeout: 2 * time.Second}).Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	return nil
}
