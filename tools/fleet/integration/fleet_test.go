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

func TestMain(m *testing.M) {
	if out, err := fleetCmd("up", "--clusters", "3"); err != nil {
		fmt.Fprintf(os.Stderr, "fleet up failed: %v\n%s", err, out)
		os.Exit(1)
	}
	out, err := fleetCmd("env", "--format", "json")
	if err == nil {
		err = json.Unmarshal(out, &env)
	}
	if err != nil || len(env.Clusters) < 3 {
		fmt.Fprintf(os.Stderr, "fleet env: %v\n%s", err, out)
		os.Exit(1)
	}
	os.Exit(m.Run())
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

func TestStopAndStartOneCluster(t *testing.T) {
	ctx := testContext(t, 3*time.Minute)
	cfg, _ := adminClient(t, "west")
	if out, err := fleetCmd("stop-cluster", "west"); err != nil {
		t.Fatalf("stop-cluster: %v\n%s", err, out)
	}
	if err := readyz(ctx, cfg); err == nil {
		t.Error("west still answers after stop-cluster")
	}
	other, _ := adminClient(t, "east")
	if err := readyz(ctx, other); err != nil {
		t.Errorf("east must stay up while west is stopped: %v", err)
	}
	if out, err := fleetCmd("start-cluster", "west"); err != nil {
		t.Fatalf("start-cluster: %v\n%s", err, out)
	}
	if err := readyz(ctx, cfg); err != nil {
		t.Errorf("west after start-cluster: %v", err)
	}
}
