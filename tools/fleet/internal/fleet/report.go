package fleet

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"meshfleet/tools/fleet/internal/kube"
	"meshfleet/tools/fleet/internal/observability"
	"meshfleet/tools/fleet/internal/proc"
	"meshfleet/tools/fleet/internal/render"
	"meshfleet/tools/fleet/internal/topology"
)

// Env collects what clients need for every cluster in the state folder.
func (f *Fleet) Env(ctx context.Context) (render.FleetEnv, error) {
	env := render.FleetEnv{PrometheusURL: observability.PrometheusURL(), TrafficsimURL: observability.TrafficsimURL()}
	for _, c := range f.Existing() {
		p := f.Paths.Cluster(c.Name)
		creds, err := f.adminCreds(c)
		if err != nil {
			return env, fmt.Errorf("%s: %w", c.Name, err)
		}
		token, _ := os.ReadFile(p.Token()) // empty until `fleet up` finished once
		admin, _ := filepath.Abs(p.AdminKubeconfig())
		rctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		up := kube.Readyz(rctx, c.URL(), creds.ca, creds.cert, creds.key) == nil
		cancel()
		env.Clusters = append(env.Clusters, render.ClusterEnv{
			Name: c.Name, URL: c.URL(), CAData: render.CAData(creds.ca),
			ServiceAccountToken: strings.TrimSpace(string(token)), AdminKubeconfig: admin, Up: up,
		})
	}
	return env, nil
}

// ComponentStatus is one process of the fleet.
type ComponentStatus struct {
	Name     string `json:"name"`
	Pid      int    `json:"pid,omitempty"`
	Running  bool   `json:"running"`
	RSSBytes int64  `json:"rssBytes"`
	PSSBytes int64  `json:"pssBytes"`
	// LastExit says how a stopped process ended (its supervisor's exit record).
	LastExit string `json:"lastExit,omitempty"`
}

// ClusterStatus is one line of `fleet status`.
type ClusterStatus struct {
	Name       string            `json:"name"`
	URL        string            `json:"url"`
	Up         bool              `json:"up"`
	Components []ComponentStatus `json:"components"`
}

// Status is `fleet status --format json`.
type Status struct {
	Etcd     ComponentStatus `json:"etcd"`
	Clusters []ClusterStatus `json:"clusters"`
	// Observability is Prometheus and trafficsim (fleet-wide).
	Observability []ComponentStatus `json:"observability"`
	TotalRSSBytes int64             `json:"totalRssBytes"`
	// TotalPSSBytes counts shared executable pages once: the fleet's real footprint.
	TotalPSSBytes int64 `json:"totalPssBytes"`
}

// Status inspects every process of the fleet.
func (f *Fleet) Status(ctx context.Context) (Status, error) {
	var st Status
	ed, err := f.etcdDaemon()
	if err != nil {
		return st, err
	}
	st.Etcd = componentStatus("etcd", ed)
	st.TotalRSSBytes += st.Etcd.RSSBytes
	st.TotalPSSBytes += st.Etcd.PSSBytes
	env, err := f.Env(ctx)
	if err != nil {
		return st, err
	}
	for i, c := range f.Existing() {
		cs := ClusterStatus{Name: c.Name, URL: c.URL(), Up: env.Clusters[i].Up}
		for _, comp := range ClusterComponents {
			d, err := f.daemon(c, comp)
			if err != nil {
				return st, err
			}
			s := componentStatus(comp, d)
			st.TotalRSSBytes += s.RSSBytes
			st.TotalPSSBytes += s.PSSBytes
			cs.Components = append(cs.Components, s)
		}
		for _, s := range f.podProcessStatuses(c) { // istiod pods run as real processes
			st.TotalRSSBytes += s.RSSBytes
			st.TotalPSSBytes += s.PSSBytes
			cs.Components = append(cs.Components, s)
		}
		st.Clusters = append(st.Clusters, cs)
	}
	for _, d := range f.observabilityDaemons() {
		st.Observability = append(st.Observability, componentStatus(d.Name, d))
	}
	for _, s := range st.Observability {
		st.TotalRSSBytes += s.RSSBytes
		st.TotalPSSBytes += s.PSSBytes
	}
	return st, nil
}

func componentStatus(name string, d proc.Daemon) ComponentStatus {
	pid, ok := d.Running()
	s := ComponentStatus{Name: name, Running: ok}
	if ok {
		s.Pid, s.RSSBytes, s.PSSBytes = pid, proc.RSSBytes(pid), proc.PSSBytes(pid)
	} else if e, err := proc.ReadExit(d.ExitFile()); d.LogFile != "" && err == nil {
		s.LastExit = e.String()
	}
	return s
}

// WriteTable prints the status for people.
func (st Status) WriteTable(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CLUSTER\tURL\tAPI\tPROCESSES (pid rss)")
	fmt.Fprintf(tw, "(shared)\thttp://127.0.0.1:%d\t-\t%s\n", topology.EtcdClientPort, describe(st.Etcd))
	for _, c := range st.Clusters {
		up := "down"
		if c.Up {
			up = "up"
		}
		var parts []string
		for _, comp := range c.Components {
			parts = append(parts, describe(comp))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Name, c.URL, up, strings.Join(parts, "  "))
	}
	var obs []string
	for _, s := range st.Observability {
		obs = append(obs, describe(s))
	}
	fmt.Fprintf(tw, "(metrics)\t%s\t-\t%s\n", observability.PrometheusURL(), strings.Join(obs, "  "))
	tw.Flush()
	fmt.Fprintf(w, "total RSS: %d MiB (PSS, shared code counted once: %d MiB)\n", st.TotalRSSBytes>>20, st.TotalPSSBytes>>20)
}

func describe(c ComponentStatus) string {
	if !c.Running && c.LastExit != "" {
		return c.Name + "=stopped (" + c.LastExit + ")"
	} else if !c.Running {
		return c.Name + "=stopped"
	}
	return fmt.Sprintf("%s=%d/%dMiB", c.Name, c.Pid, c.RSSBytes>>20)
}
