package istiod

import (
	"context"
	"encoding/json"
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"meshfleet/tools/fleet/internal/proc"
)

func revisionPod(name, rev string) *corev1.Pod {
	labels := map[string]string{"app": "istiod"}
	if rev != "" {
		labels["istio.io/rev"] = rev
	}
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "istio-system", UID: types.UID(name), Labels: labels}}
}

func TestScrapeTargetIsTheMonitoringListenerLabelledFromThePod(t *testing.T) {
	// The chart's ":15014" comes first; processArgs appends the loopback one, which wins.
	inst := &instance{pod: revisionPod("istiod-canary-b", "canary"), ip: netip.MustParseAddr("127.100.1.9"),
		daemon: proc.Daemon{Args: []string{"discovery", "--monitoringAddr=:15014", "--monitoringAddr=127.100.1.9:15015"}}}
	got := scrapeTarget("mesh-cp", inst)
	if got.Address != "127.100.1.9:15015" || got.App != "istiod" || got.Revision != "canary" ||
		got.Cluster != "mesh-cp" || got.Namespace != "istio-system" || got.Pod != "istiod-canary-b" {
		t.Errorf("canary: %+v", got)
	}
	plain := &instance{pod: revisionPod("istiod-a", ""), ip: netip.MustParseAddr("127.100.1.4")}
	plain.pod.Labels = nil
	if got := scrapeTarget("mesh-cp", plain); got.Address != "127.100.1.4:15014" || got.Revision != "default" || got.App != "istiod" {
		t.Errorf("a pod without revision and app labels, nor a --monitoringAddr: %+v", got)
	}
}

// The targets file lists exactly the istiods the runtime runs: empty when it
// starts (adopted pods are listed again by Start), without a pod once Stop ran.
func TestTargetsFileFollowsTheRunningIstiods(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "targets", "istiod-mesh-cp.json")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(`[{"targets":["127.100.1.3:15014"],"labels":{"pod":"gone"}}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	r := New(Config{Cluster: "mesh-cp", PodsDir: dir, TargetsFile: file})
	if pods := targetPods(t, file); len(pods) != 0 {
		t.Fatalf("a new runtime lists %v, which it does not run", pods)
	}
	for i, name := range []string{"istiod-a", "istiod-b"} {
		pod := revisionPod(name, "")
		inst := &instance{pod: pod, ip: netip.AddrFrom4([4]byte{127, 100, 1, byte(i + 1)}),
			daemon: proc.Daemon{Name: name, PidFile: filepath.Join(dir, name+".pid")}}
		r.mu.Lock()
		r.instances[pod.UID] = inst
		r.mu.Unlock()
		r.writeScrapeTargets() // as Start does once the process runs
	}
	if pods := targetPods(t, file); len(pods) != 2 || pods[0] != "istiod-a" || pods[1] != "istiod-b" {
		t.Fatalf("two istiods run, the file lists %v", pods)
	}
	if err := r.Stop(context.Background(), revisionPod("istiod-a", "")); err != nil {
		t.Fatal(err)
	}
	if pods := targetPods(t, file); len(pods) != 1 || pods[0] != "istiod-b" {
		t.Errorf("after istiod-a stopped, the file lists %v", pods)
	}
}

func targetPods(t *testing.T, file string) []string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var groups []struct {
		Labels map[string]string `json:"labels"`
	}
	if err := json.Unmarshal(b, &groups); err != nil {
		t.Fatalf("%s: %v\n%s", file, err, b)
	}
	var pods []string
	for _, g := range groups {
		pods = append(pods, g.Labels["pod"])
	}
	return pods
}
