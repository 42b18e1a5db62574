package demo

import (
	"context"
	"errors"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// VerifyMesh checks, changing nothing, the Istio half of the demo: istiod
// Available in the control plane and a remote secret per member as
// `istioctl create-remote-secret` writes it. (The workloads half is WaitInjected.)
// `fleet demo --check` runs both after the Go tests to prove they left the demo
// intact.
func (m MeshInstall) VerifyMesh(ctx context.Context) error {
	cp := m.ControlPlane
	if err := poll(ctx, 0, func() error { return istiodAvailable(ctx, cp) }); err != nil {
		return fmt.Errorf("%s: istiod: %w", cp.Name, err)
	}
	var errs []error
	for _, member := range m.Members {
		errs = append(errs, remoteSecretPresent(ctx, cp, member.Name))
	}
	return errors.Join(errs...)
}

func istiodAvailable(ctx context.Context, cp MeshCluster) error {
	d, err := cp.Client.AppsV1().Deployments(IstioNamespace).Get(ctx, "istiod", metav1.GetOptions{})
	if err != nil {
		return err
	}
	for _, c := range d.Status.Conditions {
		if c.Type == "Available" && c.Status == "True" && d.Status.AvailableReplicas > 0 {
			return nil
		}
	}
	return fmt.Errorf("deployment %s/istiod not Available (%d available replicas)", IstioNamespace, d.Status.AvailableReplicas)
}

func remoteSecretPresent(ctx context.Context, cp MeshCluster, member string) error {
	s, err := cp.Client.CoreV1().Secrets(IstioNamespace).Get(ctx, RemoteSecretName(member), metav1.GetOptions{})
	if err != nil {
		return fmt.Errorf("%s: remote secret for %s: %w", cp.Name, member, err)
	}
	if s.Labels["istio/multiCluster"] != "true" || s.Annotations["networking.istio.io/cluster"] != member || len(s.Data[member]) == 0 {
		return fmt.Errorf("%s: remote secret %s/%s lacks the istio/multiCluster label, the cluster annotation or the %s kubeconfig",
			cp.Name, IstioNamespace, s.Name, member)
	}
	return nil
}
