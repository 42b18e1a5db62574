package fleet

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"meshfleet/tools/fleet/internal/demo"
	"meshfleet/tools/fleet/internal/kube"
)

// Demo installs the demo mesh (istiod in mesh-cp, east and west as its remote
// clusters, see demo.MeshInstall; an east-west gateway in each, as each is on a
// network of its own), applies the demo shop to the workload clusters
// in injected namespaces and waits until every pod is Ready with its sidecar.
// Idempotent: a rerun upgrades the Helm releases in place and restarts only
// Deployments whose pods lack the sidecar.
func (f *Fleet) Demo(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	mesh, err := f.demoMesh(ctx)
	if err != nil {
		return err
	}
	istiod, err := mesh.InstallControlPlane(ctx)
	if err != nil {
		return fmt.Errorf("demo mesh: %w", err)
	}
	f.Log("%s: istiod Available (meshID %s, network %s)", demo.ControlPlane, demo.MeshID, demo.Network(demo.ControlPlane))
	for _, m := range mesh.Members {
		if err := mesh.JoinMember(ctx, m, istiod); err != nil {
			return fmt.Errorf("demo mesh: %w", err)
		}
		f.Log("%s: remote cluster of %s (network %s, remote secret %s)", m.Name, demo.ControlPlane, demo.Network(m.Name), demo.RemoteSecretName(m.Name))
	}
	for _, c := range append([]demo.MeshCluster{mesh.ControlPlane}, mesh.Members...) {
		address, err := mesh.InstallEastWest(ctx, c)
		if err != nil {
			return fmt.Errorf("demo mesh: %w", err)
		}
		f.Log("%s: east-west gateway of network %s at %s", c.Name, demo.Network(c.Name), address)
	}
	if err := mesh.ApplyCrossNetworkGateway(ctx); err != nil {
		return fmt.Errorf("demo mesh: %w", err)
	}
	for _, m := range mesh.Members {
		if err := f.applyDemo(ctx, m.Name); err != nil {
			return fmt.Errorf("%s: demo: %w", m.Name, err)
		}
		restarted, err := demo.RestartUninjected(ctx, m.Client)
		if err != nil {
			return fmt.Errorf("%s: demo: restart for injection: %w", m.Name, err)
		}
		if len(restarted) > 0 {
			f.Log("%s: restarted for sidecar injection: %s", m.Name, strings.Join(restarted, ", "))
		}
	}
	if err := verifyDemo(ctx, mesh); err != nil {
		return err
	}
	members := make([]string, len(mesh.Members))
	for i, m := range mesh.Members {
		members[i] = m.Name
	}
	f.Log("mesh %s: control plane %s; members %s; namespaces shop, payments injected (every pod has istio-proxy) [%s]",
		demo.MeshID, demo.ControlPlane, strings.Join(members, ", "), time.Since(start).Round(time.Second))
	return nil
}

// CheckDemo verifies, installing nothing, that the demo mesh is healthy: istiod
// Available in mesh-cp, the remote secrets of east and west present, and every
// shop and payments pod Ready with its sidecar. The test command runs it after the
// Go tests, which must leave a running demo (scripts/start) intact.
func (f *Fleet) CheckDemo(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	mesh, err := f.demoMesh(ctx)
	if err != nil {
		return fmt.Errorf("demo mesh check: %w", err)
	}
	if err := verifyDemo(ctx, mesh); err != nil {
		return fmt.Errorf("demo mesh check: %w", err)
	}
	f.Log("demo mesh %s healthy: istiod Available in %s, remote secrets and injected shop pods in %d members",
		demo.MeshID, demo.ControlPlane, len(mesh.Members))
	return nil
}

// verifyDemo: the Istio half (istiod, remote secrets), then the workloads half
// (every demo pod Ready with istio-proxy).
func verifyDemo(ctx context.Context, mesh demo.MeshInstall) error {
	if err := mesh.VerifyMesh(ctx); err != nil {
		return fmt.Errorf("demo mesh: %w", err)
	}
	for _, m := range mesh.Members {
		if err := demo.WaitInjected(ctx, m.Client); err != nil {
			return fmt.Errorf("%s: demo: %w", m.Name, err)
		}
	}
	return nil
}

// demoMesh gathers the demo mesh's clusters and the Istio tools (tools/istio/build.sh
// is a no-op when `fleet up` built them).
func (f *Fleet) demoMesh(ctx context.Context) (demo.MeshInstall, error) {
	if err := f.buildIstio(); err != nil {
		return demo.MeshInstall{}, err
	}
	tools, err := demo.ReadIstioTools(filepath.Join(f.toolsDir("istio"), "build.sh"),
		append(os.Environ(), "FLEET_DIR="+f.Paths.Home, "GOWORK=off"))
	if err != nil {
		return demo.MeshInstall{}, err
	}
	env, err := f.Env(ctx)
	if err != nil {
		return demo.MeshInstall{}, err
	}
	byName := map[string]demo.MeshCluster{}
	for _, c := range env.Clusters {
		if !c.Up {
			continue
		}
		cfg, err := kube.RESTConfig(c.AdminKubeconfig)
		if err != nil {
			return demo.MeshInstall{}, err
		}
		client, err := kubernetes.NewForConfig(cfg)
		if err != nil {
			return demo.MeshInstall{}, err
		}
		byName[c.Name] = demo.MeshCluster{ClusterEnv: c, Client: client}
	}
	mesh := demo.MeshInstall{Tools: tools, Log: f.Log}
	for _, name := range append([]string{demo.ControlPlane}, demo.WorkloadClusters...) {
		c, ok := byName[name]
		if !ok {
			return mesh, fmt.Errorf("demo needs cluster %s up (fleet up --clusters 3)", name)
		}
		if name == demo.ControlPlane {
			mesh.ControlPlane = c
		} else {
			mesh.Members = append(mesh.Members, c)
		}
	}
	return mesh, nil
}

func (f *Fleet) applyDemo(ctx context.Context, cluster string) error {
	cfg, err := kube.RESTConfig(f.Paths.Cluster(cluster).AdminKubeconfig())
	if err != nil {
		return err
	}
	applier, err := kube.NewApplier(cfg)
	if err != nil {
		return err
	}
	if err := applier.ApplyYAML(ctx, []byte(demo.Manifests(cluster))); err != nil {
		return err
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	for _, w := range demo.Workloads {
		name := w.App + "-" + w.Version
		if err := WaitDeploymentAvailable(ctx, client, w.Namespace, name); err != nil {
			return err
		}
	}
	return nil
}

// WaitDeploymentAvailable waits until the Deployment's current generation is rolled
// out and all its replicas are available.
func WaitDeploymentAvailable(ctx context.Context, c kubernetes.Interface, ns, name string) error {
	return waitFor(ctx, 0, func() error {
		d, err := c.AppsV1().Deployments(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if deploymentAvailable(d) {
			return nil
		}
		return fmt.Errorf("deployment %s/%s: %d/%d available", ns, name, d.Status.AvailableReplicas, replicas(d))
	}, "deployment "+ns+"/"+name)
}

func replicas(d *appsv1.Deployment) int32 {
	if d.Spec.Replicas == nil {
		return 1
	}
	return *d.Spec.Replicas
}

func deploymentAvailable(d *appsv1.Deployment) bool {
	if d.Status.ObservedGeneration < d.Generation || d.Status.AvailableReplicas < replicas(d) || d.Status.UpdatedReplicas < replicas(d) {
		return false
	}
	for _, c := range d.Status.Conditions {
		if c.Type == appsv1.DeploymentAvailable {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}
