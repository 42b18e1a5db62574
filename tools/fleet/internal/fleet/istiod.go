package fleet

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/record"

	"meshfleet/tools/fleet/internal/istiod"
	"meshfleet/tools/fleet/internal/kube"
	"meshfleet/tools/fleet/internal/proc"
	"meshfleet/tools/fleet/internal/topology"
)

// pilotDiscoveryBinary is where tools/istio/build.sh puts the istiod of an Istio
// version; the image tag of an istiod pod names the version.
func (f *Fleet) pilotDiscoveryBinary(tag string) string {
	return filepath.Join(f.Paths.BinDir("pilot-discovery", tag), "pilot-discovery")
}

// podsDir holds the files of pods that run as real processes (volumes, pid files).
func (f *Fleet) podsDir(c topology.Cluster) string {
	return filepath.Join(f.Paths.Cluster(c.Name).Dir, "pods")
}

// istiodRuntime runs the real pilot-discovery for istiod pods of one cluster.
func (f *Fleet) istiodRuntime(c topology.Cluster, cfg *rest.Config) (*istiod.Runtime, error) {
	p := f.Paths.Cluster(c.Name)
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.Name, err)
	}
	ca, err := kube.ReadFile(p.PKI("ca.crt"))
	if err != nil {
		return nil, err
	}
	return istiod.New(istiod.Config{
		Cluster: c.Name, APIServer: c.URL(), CAPEM: ca, Client: client,
		BinaryFor: f.pilotDiscoveryBinary, PodsDir: f.podsDir(c), LogsDir: filepath.Dir(p.Log("x")),
		Events:      eventRecorder(client, c.Name),
		TargetsFile: f.observability().IstiodTargets(c.Name),
	}), nil
}

// eventRecorder records pod events as the kubelet does ("kubectl describe pod"
// then says why an istiod pod did not start).
func eventRecorder(client kubernetes.Interface, cluster string) record.EventRecorder {
	b := record.NewBroadcaster()
	b.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: client.CoreV1().Events("")})
	return b.NewRecorder(scheme.Scheme, corev1.EventSource{Component: "kubelet", Host: cluster})
}

// stopPodProcesses stops the real processes behind a cluster's pods. They run in
// their own sessions so that a restarted kubelet stand-in can adopt them, which
// also means stopping the stand-in does not stop them.
func (f *Fleet) stopPodProcesses(c topology.Cluster) error {
	pidFiles, _ := filepath.Glob(filepath.Join(f.podsDir(c), "*", "pilot-discovery.pid"))
	for _, pf := range pidFiles {
		d := proc.Daemon{Name: c.Name + "/" + filepath.Base(filepath.Dir(pf)), Binary: "pilot-discovery", PidFile: pf}
		if err := d.Stop(componentStopGrace); err != nil {
			return err
		}
	}
	// Prometheus stops scraping them; a restarted stand-in lists them again as it
	// adopts the pods.
	if err := os.Remove(f.observability().IstiodTargets(c.Name)); err != nil && !os.IsNotExist(err) {
		return err
	}
	return nil
}

// podProcessStatuses reports the processes behind pods (istiod), named
// istiod:<namespace>/<pod>.
func (f *Fleet) podProcessStatuses(c topology.Cluster) []ComponentStatus {
	pidFiles, _ := filepath.Glob(filepath.Join(f.podsDir(c), "*", "pilot-discovery.pid"))
	var out []ComponentStatus
	for _, pf := range pidFiles {
		pod := strings.Replace(filepath.Base(filepath.Dir(pf)), "_", "/", 1)
		d := proc.Daemon{Binary: "pilot-discovery", PidFile: pf}
		out = append(out, componentStatus("istiod:"+pod, d))
	}
	return out
}
