//go:build integration

package integration

import (
	"context"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"

	"meshfleet/tools/fleet/internal/fleet"
	"meshfleet/tools/fleet/internal/kube"
)

// previousRevision is the revision the previous Istio is installed as, beside
// whatever default-revision istiod another test runs, as a canary upgrade has it.
const previousRevision = "it-previous"

// TestPreviousIstiodRuns installs the istiod of the previous Istio minor
// (tools/istio/build.sh's PREVIOUS_* outputs) with Helm from its own chart into
// the tests' control-plane cluster, as a revision, and checks that the process the
// kubelet stand-in started for its image tag is that version. Istio's CRDs are the
// current version's: in a canary upgrade `base` is upgraded first, and the older
// istiod keeps running against the newer CRDs.
func TestPreviousIstiodRuns(t *testing.T) {
	ctx := testContext(t, 8*time.Minute)
	cfg, client := adminClient(t, itControlPlane)
	version, tag := istioTool(t, "PREVIOUS_ISTIO_VERSION"), istioTool(t, "PREVIOUS_ISTIO_GLOBAL_TAG")
	if current := istioTool(t, "ISTIO_VERSION"); current == version {
		t.Fatalf("tools/istio/versions.env: the previous Istio is the current one (%s)", version)
	}
	applier, err := kube.NewApplier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := applier.ApplyYAML(ctx, istioCRDs(t)); err != nil {
		t.Fatalf("apply Istio CRDs: %v", err)
	}

	release := "istiod-" + previousRevision
	helm(t, itControlPlane, "upgrade", "--install", release, previousChart(t, "istiod"), "-n", istioNamespace,
		"--create-namespace", "--set", "revision="+previousRevision,
		"--set", "global.hub="+istioTool(t, "ISTIO_GLOBAL_HUB"), "--set", "global.tag="+tag, "--wait", "--timeout", "5m")
	t.Cleanup(func() { uninstallPreviousIstiod(t, client, release) })
	if err := fleet.WaitDeploymentAvailable(ctx, client, istioNamespace, release); err != nil {
		t.Fatalf("%s Deployment not Available: %v (see .fleet/clusters/%s/logs/istiod-*.log)", release, err, itControlPlane)
	}

	if got := helmReleaseChart(t, release); got != "istiod-"+version {
		t.Errorf("helm release %s has chart %q, want istiod-%s", release, got, version)
	}
	pod := previousIstiodPod(ctx, t, client)
	if image := pod.image; !strings.HasSuffix(image, "/pilot:"+tag) {
		t.Errorf("istiod pod %s runs image %q, want tag %s", pod.name, image, tag)
	}
	// /version on the monitoring port is answered by the running process itself:
	// <version>-<git revision>-<build status>.
	body, err := httpGet(ctx, "http://"+podLoopback(t, pod.ip)+":15014/version")
	if err != nil {
		t.Fatalf("istiod %s /version: %v", pod.name, err)
	}
	if !strings.HasPrefix(body, version+"-") {
		t.Errorf("istiod %s reports version %q, want %s-…", pod.name, body, version)
	}
	if got := binaryVersion(ctx, t, istioTool(t, "PREVIOUS_PILOT_DISCOVERY")); got != version {
		t.Errorf("pilot-discovery version says %q, want %s", got, version)
	}
}

// binaryVersion is what `pilot-discovery version -o json` says it was built as.
func binaryVersion(ctx context.Context, t *testing.T, binary string) string {
	t.Helper()
	out, err := exec.CommandContext(ctx, binary, "version", "-o", "json").Output()
	if err != nil {
		t.Fatalf("%s version: %v", binary, err)
	}
	var v struct {
		ClientVersion struct{ Version string } `json:"clientVersion"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -o json: %v\n%s", binary, err, out)
	}
	return v.ClientVersion.Version
}

// previousChart is a chart folder of the previous Istio (base, istiod, gateway).
func previousChart(t *testing.T, name string) string {
	return istioTool(t, "PREVIOUS_ISTIO_CHARTS") + "/" + name
}

type istiodPod struct{ name, ip, image string }

func previousIstiodPod(ctx context.Context, t *testing.T, client kubernetes.Interface) istiodPod {
	t.Helper()
	pods, err := client.CoreV1().Pods(istioNamespace).List(ctx, metav1.ListOptions{LabelSelector: "app=istiod,istio.io/rev=" + previousRevision})
	if err != nil || len(pods.Items) != 1 {
		t.Fatalf("istiod pods of revision %s: %v (%d, want 1)", previousRevision, err, len(pods.Items))
	}
	p := pods.Items[0]
	return istiodPod{name: p.Name, ip: p.Status.PodIP, image: p.Spec.Containers[0].Image}
}

// helmReleaseChart is the chart (name-version) `helm list` shows for a release.
func helmReleaseChart(t *testing.T, release string) string {
	t.Helper()
	var releases []struct{ Name, Chart string }
	out := helm(t, itControlPlane, "list", "-n", istioNamespace, "--filter", "^"+release+"$", "-o", "json")
	if err := json.Unmarshal([]byte(out), &releases); err != nil || len(releases) != 1 {
		t.Fatalf("helm list %s: %v\n%s", release, err, out)
	}
	return releases[0].Chart
}

func uninstallPreviousIstiod(t *testing.T, client kubernetes.Interface, release string) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	helm(t, itControlPlane, "uninstall", release, "-n", istioNamespace, "--wait")
	err := wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		pods, err := client.CoreV1().Pods(istioNamespace).List(ctx, metav1.ListOptions{LabelSelector: "istio.io/rev=" + previousRevision})
		return err == nil && len(pods.Items) == 0, nil
	})
	if err != nil {
		t.Errorf("pods of revision %s remain after helm uninstall: %v", previousRevision, err)
	}
}
