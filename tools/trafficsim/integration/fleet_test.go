package integration

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

// The fleet's clusters reserved for tests that install Istio (tools/fleet
// README): never the demo's mesh-cp, east and west.
const itControlPlane = "it-cp"

const fleetCmd = "../../fleet/fleet"

// fleetCluster is one cluster of `fleet env --format json`.
type fleetCluster struct {
	Name            string `json:"name"`
	AdminKubeconfig string `json:"adminKubeconfig"`
	Up              bool   `json:"up"`
}

func fleet(t *testing.T, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(fleetCmd, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("fleet %s: %v\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.Bytes()
}

func fleetClusterNamed(t *testing.T, name string) fleetCluster {
	t.Helper()
	var env struct{ Clusters []fleetCluster }
	if err := json.Unmarshal(fleet(t, "env", "--format", "json"), &env); err != nil {
		t.Fatalf("fleet env: %v", err)
	}
	for _, c := range env.Clusters {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("cluster %s not in fleet env", name)
	return fleetCluster{}
}

// startTestCluster starts the tests' own cluster (a no-op when it runs) and
// stops it at the end unless it ran before or FLEET_KEEP is set.
func startTestCluster(t *testing.T, name string) (fleetCluster, kubernetes.Interface) {
	t.Helper()
	wasUp := fleetClusterNamed(t, name).Up
	fleet(t, "up", "--cluster", name)
	if !wasUp && os.Getenv("FLEET_KEEP") == "" {
		t.Cleanup(func() { fleet(t, "down", "--cluster", name) })
	}
	c := fleetClusterNamed(t, name)
	cfg, err := clientcmd.BuildConfigFromFlags("", c.AdminKubeconfig)
	if err != nil {
		t.Fatalf("%s admin kubeconfig: %v", name, err)
	}
	return c, kubernetes.NewForConfigOrDie(cfg)
}

// istioTool is a variable that tools/istio/build.sh prints (HELM,
// ISTIO_CHARTS, ISTIO_GLOBAL_HUB, ISTIO_GLOBAL_TAG); it builds what is missing.
func istioTool(t *testing.T, name string) string {
	t.Helper()
	out, err := exec.Command("bash", "../../istio/build.sh").Output()
	if err != nil {
		t.Fatalf("tools/istio/build.sh: %v", err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, name+"="); ok {
			return strings.Trim(v, `"'`)
		}
	}
	t.Fatalf("tools/istio/build.sh printed no %s", name)
	return ""
}

func helm(t *testing.T, kubeconfig string, args ...string) {
	t.Helper()
	cmd := exec.Command(istioTool(t, "HELM"), args...)
	cmd.Env = append(os.Environ(), "KUBECONFIG="+kubeconfig)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("helm %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func chart(t *testing.T, name string) string {
	return filepath.Join(istioTool(t, "ISTIO_CHARTS"), name)
}
