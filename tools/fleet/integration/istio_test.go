//go:build integration

package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"meshfleet/tools/fleet/internal/kube"
)

// istioVersion is Meshfleet's pinned Istio (the same pseudo-version tools/istio
// builds). Only its module source is read here: the CRDs of the base chart.
const istioVersion = "v0.0.0-20260827124520-eed52ebb66ad"

// istioCRDs downloads the istio.io/istio module into the module cache (no build) and
// returns manifests/charts/base/files/crd-all.gen.yaml.
func istioCRDs(t *testing.T) []byte {
	t.Helper()
	cmd := exec.Command("go", "mod", "download", "-json", "istio.io/istio@"+istioVersion)
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("go mod download istio.io/istio@%s: %v\n%s", istioVersion, err, errOut.String())
	}
	var mod struct{ Dir string }
	if err := json.Unmarshal(out.Bytes(), &mod); err != nil || mod.Dir == "" {
		t.Fatalf("go mod download output: %v\n%s", err, out.String())
	}
	data, err := os.ReadFile(filepath.Join(mod.Dir, "manifests", "charts", "base", "files", "crd-all.gen.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

const validVirtualService = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: default
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 80
    - destination: {host: reviews, subset: v2}
      weight: 20
`

// hosts must be a list of strings; a number breaks the CRD's OpenAPI schema.
const invalidVirtualService = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: broken
  namespace: default
spec:
  hosts: 42
`

// Applies Istio's CRDs to the tests' own control-plane cluster: the demo's
// mesh-cp has them from its Helm release, owned by Helm.
func TestIstioCRDsApplyAndValidate(t *testing.T) {
	ctx := testContext(t, 3*time.Minute)
	cfg, _ := adminClient(t, itControlPlane)
	applier, err := kube.NewApplier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := applier.ApplyYAML(ctx, istioCRDs(t)); err != nil {
		t.Fatalf("apply Istio CRDs: %v", err)
	}
	// Apply retries while the new kinds are not yet served (CRDs becoming Established).
	if err := applier.ApplyYAML(ctx, []byte(validVirtualService)); err != nil {
		t.Fatalf("valid VirtualService rejected: %v", err)
	}
	got, err := getVirtualService(ctx, applier, "reviews")
	if err != nil {
		t.Fatalf("stored VirtualService not readable: %v", err)
	}
	hosts, _, _ := unstructured.NestedStringSlice(got.Object, "spec", "hosts")
	if len(hosts) != 1 || hosts[0] != "reviews" {
		t.Errorf("stored hosts = %v", hosts)
	}
	err = applier.ApplyYAML(ctx, []byte(invalidVirtualService))
	if err == nil {
		t.Fatal("a VirtualService that breaks the CRD schema was accepted")
	}
	if !strings.Contains(err.Error(), "spec.hosts") {
		t.Errorf("rejection does not name the bad field: %v", err)
	}
}

func getVirtualService(ctx context.Context, a *kube.Applier, name string) (*unstructured.Unstructured, error) {
	return a.Get(ctx, "networking.istio.io", "v1", "VirtualService", "default", name)
}
