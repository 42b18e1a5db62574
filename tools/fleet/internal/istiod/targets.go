package istiod

import (
	"log"

	"meshfleet/tools/fleet/internal/observability"
)

// scrapeTarget is where Prometheus finds one istiod's own metrics: its
// monitoring listener on the pod's loopback address, labelled from the pod as
// Istio's Prometheus config labels it (app, istio.io/rev as istio_io_rev).
func scrapeTarget(cluster string, inst *instance) observability.IstiodTarget {
	app := inst.pod.Labels["app"]
	if app == "" {
		app = "istiod"
	}
	rev := inst.pod.Labels["istio.io/rev"]
	if rev == "" {
		rev = "default" // what istiod calls a revision without a name
	}
	return observability.IstiodTarget{
		Address:   inst.ip.String() + ":" + portOf(flagValue(inst.daemon.Args, "--monitoringAddr"), "15014"),
		App:       app,
		Revision:  rev,
		Cluster:   cluster,
		Namespace: inst.pod.Namespace,
		Pod:       inst.pod.Name,
	}
}

// writeScrapeTargets replaces the cluster's targets file with the istiods this
// runtime runs now. targetsMu keeps two pod workers from writing an older list
// after a newer one.
func (r *Runtime) writeScrapeTargets() {
	if r.cfg.TargetsFile == "" {
		return
	}
	r.targetsMu.Lock()
	defer r.targetsMu.Unlock()
	r.mu.Lock()
	targets := make([]observability.IstiodTarget, 0, len(r.instances))
	for _, inst := range r.instances {
		targets = append(targets, scrapeTarget(r.cfg.Cluster, inst))
	}
	r.mu.Unlock()
	if err := observability.WriteIstiodTargets(r.cfg.TargetsFile, targets); err != nil {
		// Metrics only: istiod itself runs on, so the pod must not fail for it.
		log.Printf("%s: %v", r.cfg.Cluster, err)
	}
}
