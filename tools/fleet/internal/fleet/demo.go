package fleet

import (
	"context"
	"fmt"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"meshfleet/tools/fleet/internal/demo"
	"meshfleet/tools/fleet/internal/kube"
)

// Demo applies the demo shop to the workload clusters and waits until every
// Deployment is Available.
func (f *Fleet) Demo(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for _, name := range demo.WorkloadClusters {
		if _, err := f.Lookup(name); err != nil {
			return fmt.Errorf("demo needs cluster %s: %w", name, err)
		}
		if err := f.applyDemo(ctx, name); err != nil {
			return fmt.Errorf("%s: demo: %w", name, err)
		}
		f.Log("%s: demo shop available (namespaces shop, payments)", name)
	}
	return nil
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
