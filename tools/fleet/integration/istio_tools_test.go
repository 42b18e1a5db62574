//go:build integration

package integration

import (
	"bufio"
	"bytes"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// istioTools is what tools/istio/build.sh prints (HELM, ISTIO_CHARTS, ISTIO_GLOBAL_HUB,
// ISTIO_GLOBAL_TAG, ...). `fleet up` already built them, so this is a no-op run.
var istioTools = sync.OnceValues(func() (map[string]string, error) {
	cmd := exec.Command(filepath.Join("..", "..", "istio", "build.sh"))
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("tools/istio/build.sh: %v\n%s", err, errOut.String())
	}
	vars := map[string]string{}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			vars[k] = v
		}
	}
	return vars, nil
})

func istioTool(t *testing.T, key string) string {
	t.Helper()
	vars, err := istioTools()
	if err != nil {
		t.Fatal(err)
	}
	if vars[key] == "" {
		t.Fatalf("tools/istio/build.sh printed no %s", key)
	}
	return vars[key]
}

// helm runs the fleet's Helm (built from helm.sh/helm/v3) against a cluster with
// its admin kubeconfig, as a user would.
func helm(t *testing.T, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(istioTool(t, "HELM"), args...)
	cmd.Env = append(os.Environ(), "KUBECONFIG="+cluster(t, name).AdminKubeconfig)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: helm %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// chart is a chart folder of the pinned Istio (base, istiod, gateway).
func chart(t *testing.T, name string) string {
	return filepath.Join(istioTool(t, "ISTIO_CHARTS"), name)
}

// imageValues make the charts name the image whose tag the istiod runtime maps to
// .fleet/bin/pilot-discovery-<tag>/.
func imageValues(t *testing.T) []string {
	return []string{"--set", "global.hub=" + istioTool(t, "ISTIO_GLOBAL_HUB"), "--set", "global.tag=" + istioTool(t, "ISTIO_GLOBAL_TAG")}
}

// podLoopback is where the istiod runtime runs a pod's process: 10.a.b.c -> 127.a.b.c.
func podLoopback(t *testing.T, podIP string) string {
	t.Helper()
	ip, err := netip.ParseAddr(podIP)
	if err != nil || !ip.Is4() {
		t.Fatalf("pod IP %q", podIP)
	}
	b := ip.As4()
	b[0] = 127
	return netip.AddrFrom4(b).String()
}
