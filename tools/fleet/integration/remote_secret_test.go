//go:build integration

package integration

import (
	"context"
	"fmt"
	"meshfleet/tools/fleet/internal/demo"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
)

// readerSecret is the token Secret `istioctl create-remote-secret` creates for the
// reader ServiceAccount in the remote cluster.
const readerSecret = "istio-reader-service-account-istio-remote-secret-token"

// testRemoteSecret makes the tests' remote cluster a remote of their control
// plane's istiod as `istioctl create-remote-secret` would, then watches istiod
// aggregate the remote's services (/debug/registryz) and write istio-ca-root-cert
// into its namespaces.
func testRemoteSecret(ctx context.Context, t *testing.T, cp kubernetes.Interface, istiodAddr string) {
	_, remote := adminClient(t, itRemote)
	prepareRemoteCluster(ctx, t, remote)
	ns := fmt.Sprintf("it-remote-%d", time.Now().UnixNano()%100000)
	createEcho(ctx, t, remote, ns, 1)
	t.Cleanup(func() { _ = remote.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{}) })

	token := readerToken(ctx, t, remote)
	createRemoteSecret(ctx, t, cp, itRemote, remoteKubeconfig(t, itRemote, token))

	host := "echo." + ns + ".svc.cluster.local"
	var registry string
	err := wait.PollUntilContextTimeout(ctx, 2*time.Second, 2*time.Minute, true, func(ctx context.Context) (bool, error) {
		registry, _ = httpGet(ctx, istiodAddr+"/debug/registryz")
		return strings.Contains(registry, host), nil
	})
	if err != nil {
		t.Errorf("istiod's /debug/registryz never listed %s's %s (last %d bytes)", itRemote, host, len(registry))
	}
	err = wait.PollUntilContextTimeout(ctx, 2*time.Second, 2*time.Minute, true, func(ctx context.Context) (bool, error) {
		_, err := remote.CoreV1().ConfigMaps(ns).Get(ctx, "istio-ca-root-cert", metav1.GetOptions{})
		return err == nil, nil
	})
	if err != nil {
		t.Errorf("istiod did not write istio-ca-root-cert into %s's namespace %s", itRemote, ns)
	}
}

// prepareRemoteCluster installs in the remote what a remote cluster gets from
// Istio's charts: base (CRDs, istio-reader-service-account) and istiod with the
// remote profile (no Deployment; the reader ClusterRole with the configmap rights
// istiod needs to write istio-ca-root-cert).
func prepareRemoteCluster(ctx context.Context, t *testing.T, remote kubernetes.Interface) {
	helm(t, itRemote, "upgrade", "--install", "istio-base", chart(t, "base"), "-n", istioNamespace,
		"--create-namespace", "--take-ownership", "--set", "profile=remote", "--wait")
	args := append([]string{"upgrade", "--install", "istiod-remote", chart(t, "istiod"), "-n", istioNamespace,
		"--set", "profile=remote", "--set", "global.multiCluster.clusterName=" + itRemote, "--wait"}, imageValues(t)...)
	helm(t, itRemote, args...)
	t.Cleanup(func() { helm(t, itRemote, "uninstall", "istiod-remote", "-n", istioNamespace) })
	nameControlPlane(ctx, t, remote, itControlPlane)
}

// nameControlPlane is Istio's primary-remote step "annotate the remote's
// istio-system with the cluster of its control plane": the primary's istiod leads
// the remote's namespace controller (istio-ca-root-cert) only for clusters that
// name it.
func nameControlPlane(ctx context.Context, t *testing.T, remote kubernetes.Interface, primary string) {
	patch := fmt.Sprintf(`{"metadata":{"annotations":{"topology.istio.io/controlPlaneClusters":%q}}}`, primary)
	if _, err := remote.CoreV1().Namespaces().Patch(ctx, istioNamespace, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatalf("annotate %s: %v", istioNamespace, err)
	}
}

func readerToken(ctx context.Context, t *testing.T, remote kubernetes.Interface) string {
	t.Helper()
	s := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: readerSecret, Namespace: istioNamespace,
			Annotations: map[string]string{corev1.ServiceAccountNameKey: "istio-reader-service-account"}},
		Type: corev1.SecretTypeServiceAccountToken,
	}
	if _, err := remote.CoreV1().Secrets(istioNamespace).Create(ctx, s, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}
	var token string
	err := wait.PollUntilContextTimeout(ctx, time.Second, time.Minute, true, func(ctx context.Context) (bool, error) {
		got, err := remote.CoreV1().Secrets(istioNamespace).Get(ctx, readerSecret, metav1.GetOptions{})
		if err == nil {
			token = string(got.Data[corev1.ServiceAccountTokenKey])
		}
		return token != "", nil
	})
	if err != nil {
		t.Fatalf("the token controller never filled %s/%s", istioNamespace, readerSecret)
	}
	return token
}

// remoteKubeconfig is what create-remote-secret writes (the demo mesh builds it the same way).
func remoteKubeconfig(t *testing.T, name, token string) string {
	kubeconfig, err := demo.RemoteKubeconfig(cluster(t, name), token)
	if err != nil {
		t.Fatal(err)
	}
	return kubeconfig
}

func createRemoteSecret(ctx context.Context, t *testing.T, cp kubernetes.Interface, name, kubeconfig string) {
	s := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{
			Name: "istio-remote-secret-" + name, Namespace: istioNamespace,
			Labels:      map[string]string{"istio/multiCluster": "true"},
			Annotations: map[string]string{"networking.istio.io/cluster": name},
		},
		StringData: map[string]string{name: kubeconfig},
	}
	secrets := cp.CoreV1().Secrets(istioNamespace)
	_ = secrets.Delete(ctx, s.Name, metav1.DeleteOptions{}) // a rerun starts from a fresh token
	if _, err := secrets.Create(ctx, s, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = secrets.Delete(context.Background(), s.Name, metav1.DeleteOptions{}) })
}
