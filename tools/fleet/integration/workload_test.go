//go:build integration

package integration

import (
	"context"
	"fmt"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/utils/ptr"

	"meshfleet/tools/fleet/internal/fleet"
)

func metav1ListOptions() metav1.ListOptions { return metav1.ListOptions{} }

func hasNamespace(items []corev1.Namespace, name string) bool {
	for _, n := range items {
		if n.Name == name {
			return true
		}
	}
	return false
}

// A Deployment rolls out on the simulated nodes, its Service gets an EndpointSlice
// with every pod, and deleting the namespace completes (pods are finalized).
func TestDeploymentEndpointsAndNamespaceDeletion(t *testing.T) {
	ctx := testContext(t, 4*time.Minute)
	_, client := adminClient(t, "east")
	ns := fmt.Sprintf("it-rollout-%d", time.Now().UnixNano()%100000)
	createEcho(ctx, t, client, ns, 3)
	if err := fleet.WaitDeploymentAvailable(ctx, client, ns, "echo"); err != nil {
		t.Fatalf("deployment never became available: %v", err)
	}
	if err := waitReadyEndpoints(ctx, client, ns, "echo", 3); err != nil {
		t.Fatal(err)
	}
	if err := client.CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	err := wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		_, err := client.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
		return apierrors.IsNotFound(err), nil
	})
	if err != nil {
		t.Fatalf("namespace %s was not deleted: %v", ns, err)
	}
}

func waitReadyEndpoints(ctx context.Context, client kubernetes.Interface, ns, svc string, want int) error {
	var last int
	err := wait.PollUntilContextCancel(ctx, 500*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		slices, err := client.DiscoveryV1().EndpointSlices(ns).List(ctx, metav1.ListOptions{LabelSelector: discoveryv1.LabelServiceName + "=" + svc})
		if err != nil {
			return false, nil
		}
		last = 0
		for _, s := range slices.Items {
			for _, e := range s.Endpoints {
				if e.Conditions.Ready != nil && *e.Conditions.Ready && len(e.Addresses) > 0 {
					last++
				}
			}
		}
		return last == want, nil
	})
	if err != nil {
		return fmt.Errorf("service %s/%s: %d ready endpoint addresses, want %d: %w", ns, svc, last, want, err)
	}
	return nil
}

func mustCreate(t *testing.T, create func() error) {
	t.Helper()
	if err := create(); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}
}

// createEcho creates a namespace with an "echo" Service and Deployment.
func createEcho(ctx context.Context, t *testing.T, client kubernetes.Interface, ns string, replicas int32) {
	t.Helper()
	labels := map[string]string{"app": "echo", "version": "v1"}
	mustCreate(t, func() error {
		_, err := client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{})
		return err
	})
	mustCreate(t, func() error {
		_, err := client.CoreV1().Services(ns).Create(ctx, &corev1.Service{
			ObjectMeta: metav1.ObjectMeta{Name: "echo"},
			Spec: corev1.ServiceSpec{Selector: map[string]string{"app": "echo"}, Ports: []corev1.ServicePort{
				{Name: "http", Port: 80, TargetPort: intstr.FromInt32(8080)}}},
		}, metav1.CreateOptions{})
		return err
	})
	mustCreate(t, func() error {
		_, err := client.AppsV1().Deployments(ns).Create(ctx, deployment("echo", labels, replicas, nil), metav1.CreateOptions{})
		return err
	})
}

// After `fleet down` + `fleet up` (state kept) a cluster still schedules and runs
// pods: the kubelet stand-in re-adopts its registered nodes. Only one of the tests'
// own clusters is restarted: a demo that scripts/start serves keeps running.
func TestRolloutAfterWarmRestart(t *testing.T) {
	ctx := testContext(t, 4*time.Minute)
	for _, args := range [][]string{{"down", "--cluster", itRemote}, {"up", "--cluster", itRemote}} {
		if out, err := fleetCmd(args...); err != nil {
			t.Fatalf("fleet %v: %v\n%s", args, err, out)
		}
	}
	_, client := adminClient(t, itRemote)
	ns := fmt.Sprintf("it-restart-%d", time.Now().UnixNano()%100000)
	createEcho(ctx, t, client, ns, 2)
	t.Cleanup(func() { _ = client.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{}) })
	if err := fleet.WaitDeploymentAvailable(ctx, client, ns, "echo"); err != nil {
		t.Fatalf("no rollout after warm restart: %v", err)
	}
}

type kubernetesInterface = kubernetes.Interface

func intOrString(port int32) intstr.IntOrString { return intstr.FromInt32(port) }

// deployment builds a one-container Deployment of simulated pods.
func deployment(name string, labels map[string]string, replicas int32, annotations map[string]string) *appsv1.Deployment {
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr.To(replicas),
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels, Annotations: annotations},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: name, Image: "example/" + name + ":1",
					Ports: []corev1.ContainerPort{{ContainerPort: 8080}}}}},
			},
		},
	}
}
