package observability

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Prometheus finds the real istiods through file-based service discovery: the
// kubelet stand-in of each cluster keeps one file listing the istiod processes
// it runs (IstiodTargets), rewritten whenever one starts or stops, and
// Prometheus rereads it (job "istiod" in PrometheusConfig). A file rather than
// Kubernetes discovery because the fleet's Prometheus runs outside the clusters
// and istiod listens on loopback addresses only the stand-in knows.

// IstiodTarget is one istiod process whose /metrics Prometheus scrapes.
type IstiodTarget struct {
	Address   string // host:port of istiod's monitoring listener (15014)
	App       string // the pod's app label (istiod)
	Revision  string // the pod's istio.io/rev label ("default" without one)
	Cluster   string // fleet cluster name
	Namespace string
	Pod       string
}

// labels are those Istio's own Prometheus config derives from an istiod pod's
// labels (app, istio_io_rev), which Meshfleet's control-plane queries select
// and group by, plus where the pod runs.
func (t IstiodTarget) labels() map[string]string {
	return map[string]string{
		"app": t.App, "istio_io_rev": t.Revision, "cluster": t.Cluster,
		"namespace": t.Namespace, "pod": t.Pod,
	}
}

// fileSDGroup is one entry of a Prometheus file_sd file.
type fileSDGroup struct {
	Targets []string          `json:"targets"`
	Labels  map[string]string `json:"labels"`
}

// RenderIstiodTargets is a file_sd file's content: one group per istiod, sorted
// by namespace and pod so that the same set always gives the same bytes, and an
// empty list (not null) when no istiod runs, which Prometheus reads as "none".
func RenderIstiodTargets(targets []IstiodTarget) ([]byte, error) {
	sorted := slices.Clone(targets)
	slices.SortFunc(sorted, func(a, b IstiodTarget) int {
		return strings.Compare(a.Namespace+"/"+a.Pod, b.Namespace+"/"+b.Pod)
	})
	groups := make([]fileSDGroup, 0, len(sorted))
	for _, t := range sorted {
		groups = append(groups, fileSDGroup{Targets: []string{t.Address}, Labels: t.labels()})
	}
	out, err := json.MarshalIndent(groups, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// WriteIstiodTargets replaces the file at path with targets. It writes a
// temporary file and renames it, because Prometheus may read the file at any
// moment and must never see half of it.
func WriteIstiodTargets(path string, targets []IstiodTarget) error {
	data, err := RenderIstiodTargets(targets)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".istiod-targets-*") // not matched by the file_sd pattern
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write Prometheus targets %s: %w", path, err)
	}
	return nil
}
