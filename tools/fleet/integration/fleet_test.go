//go:build integration

// Package integration starts a fleet through the real entry point (tools/fleet/fleet)
// and checks that it behaves like the Kubernetes clusters Meshfleet will manage.
// Run: go test -tags integration ./integration/  (or tools/fleet/test.sh).
package integration

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"meshfleet/tools/fleet/internal/kube"
	"meshfleet/tools/fleet/internal/render"
)

// env is the fleet as `fleet env --format json` describes it.
var env render.FleetEnv

// The tests' own clusters (the fleet reserves these names for them). The demo mesh
// (scripts/start) lives in mesh-cp, east and west, and jest's tests use numbered
// members; tests that install Istio, or stop and restart a cluster, use these two
// so that running the test command beside the start command leaves the demo intact.
const (
	itControlPlane = "it-cp"     // istiod (TestIstiod), Istio's CRDs
	itRemote       = "it-remote" // TestIstiod's remote cluster; stopped and restarted
)

func TestMain(m *testing.M) {
	os.Exit(runWithFleet(m))
}

// runWithFleet starts the demo's three clusters (as every user of the fleet does;
// a running fleet is left as it is) and the tests' own clusters, and stops the
// latter again afterwards unless they ran before (or FLEET_KEEP is set).
func runWithFleet(m *testing.M) int {
	if out, err := fleetCmd("up", "--clusters", "3"); err != nil {
		fmt.Fprintf(os.Stderr, "fleet up failed: %v\n%s", err, out)
		return 1
	}
	if err := loadEnv(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ownWereUp := clusterUp(itControlPlane) && clusterUp(itRemote)
	if out, err := fleetCmd("up", "--cluster", itControlPlane, "--cluster", itRemote); err != nil {
		fmt.Fprintf(os.Stderr, "fleet up of the tests' own clusters failed: %v\n%s", err, out)
		return 1
	}
	if err := loadEnv(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	code := m.Run()
	if !ownWereUp && os.Getenv("FLEET_KEEP") == "" {
		if out, err := fleetCmd("down", "--cluster", itControlPlane, "--cluster", itRemote); err != nil {
			fmt.Fprintf(os.Stderr, "fleet down of the tests' own clusters: %v\n%s", err, out)
		}
	}
	return code
}

func loadEnv() error {
	out, err := fleetCmd("env", "--format", "json")
	if err == nil {
		err = json.Unmarshal(out, &env)
	}
	if err != nil || len(env.Clusters) < 3 {
		return fmt.Errorf("fleet env: %v\n%s", err, out)
	}
	return nil
}

func clusterUp(name string) bool {
	for _, c := range env.Clusters {
		if c.Name == name {
			return c.Up
		}
	}
	return false
}

// fleetCmd runs the shell entry point, as developers and the JS helper do.
func fleetCmd(args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join("..", "fleet"), args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil {
		return append(stdout.Bytes(), stderr.Bytes()...), err
	}
	return stdout.Bytes(), nil
}

func cluster(t *testing.T, name string) render.ClusterEnv {
	t.Helper()
	for _, c := range env.Clusters {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("cluster %s not in fleet env", name)
	return render.ClusterEnv{}
}

// adminClient uses the cluster's admin kubeconfig (client certificate).
func adminClient(t *testing.T, name string) (*rest.Config, kubernetes.Interface) {
	t.Helper()
	cfg, err := kube.RESTConfig(cluster(t, name).AdminKubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	return cfg, kubernetes.NewForConfigOrDie(cfg)
}

// tokenConfig reaches a cluster the way Backstage does: URL, caData and the
// meshfleet ServiceAccount token.
func tokenConfig(t *testing.T, c render.ClusterEnv) *rest.Config {
	t.Helper()
	ca, err := base64.StdEncoding.DecodeString(c.CAData)
	if err != nil {
		t.Fatal(err)
	}
	if c.ServiceAccountToken == "" {
		t.Fatalf("%s: fleet env has no serviceAccountToken", c.Name)
	}
	return &rest.Config{Host: c.URL, BearerToken: c.ServiceAccountToken, TLSClientConfig: rest.TLSClientConfig{CAData: ca}}
}

func readyz(ctx context.Context, cfg *rest.Config) error {
	client := kubernetes.NewForConfigOrDie(cfg)
	_, err := client.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
	return err
}

func testContext(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func TestEveryAPIServerIsReady(t *testing.T) {
	ctx := testContext(t, 30*time.Second)
	for _, name := range []string{"mesh-cp", "east", "west"} {
		cfg, _ := adminClient(t, name)
		if err := readyz(ctx, cfg); err != nil {
			t.Errorf("%s /readyz: %v", name, err)
		}
	}
}

func TestMeshfleetTokenListsNamespaces(t *testing.T) {
	ctx := testContext(t, 30*time.Second)
	for _, c := range env.Clusters[:3] {
		client := kubernetes.NewForConfigOrDie(tokenConfig(t, c))
		nss, err := client.CoreV1().Namespaces().List(ctx, metav1ListOptions())
		if err != nil {
			t.Errorf("%s: list namespaces with the meshfleet token: %v", c.Name, err)
			continue
		}
		if !hasNamespace(nss.Items, "meshfleet-system") {
			t.Errorf("%s: meshfleet-system not listed", c.Name)
		}
	}
}

// Stops one of the tests' own clusters: a demo cluster must not go down.
func TestStopAndStartOneCluster(t *testing.T) {
	ctx := testContext(t, 3*time.Minute)
	cfg, _ := adminClient(t, itRemote)
	if out, err := fleetCmd("stop-cluster", itRemote); err != nil {
		t.Fatalf("stop-cluster: %v\n%s", err, out)
	}
	if err := readyz(ctx, cfg); err == nil {
		t.Errorf("%s still answers after stop-cluster", itRemote)
	}
	other, _ := adminClient(t, itControlPlane)
	if err := readyz(ctx, other); err != nil {
		t.Errorf("%s must stay up while %s is stopped: %v", itControlPlane, itRemote, err)
	}
	if out, err := fleetCmd("start-cluster", itRemote); err != nil {
		t.Fatalf("start-cluster: %v\n%s", err, out)
	}
	if err := readyz(ctx, cfg); err != nil {
		t.Errorf("%s after start-cluster: %v", itRemote, err)
	}
}
