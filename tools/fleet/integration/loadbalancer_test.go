//go:build integration

package integration

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"

	"meshfleet/tools/fleet/internal/fleet"
	"meshfleet/tools/fleet/internal/kubelet"
	"meshfleet/tools/fleet/internal/topology"
)

// lbPort is the Service port of the test's load balancers: unprivileged, so the
// stand-in can listen on it without root, and unusual, so no local wildcard
// listener holds it.
const lbPort = 28080

// The fleet's MetalLB: a LoadBalancer Service gets an address of its cluster's pool,
// the address reaches the pod's process from this machine, keeps the address
// across a restart of the cluster, and a deleted Service's or a retyped Service's
// address goes to the next Service; spec.loadBalancerIP is honoured. Uses it-remote
// (the tests' own cluster that may be restarted).
func TestLoadBalancerAddresses(t *testing.T) {
	ctx := testContext(t, 4*time.Minute)
	_, client := adminClient(t, itRemote)
	ns := fmt.Sprintf("it-lb-%d", time.Now().UnixNano()%100000)
	greeting := "hello from " + ns
	mustCreate(t, func() error {
		_, err := client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{})
		return err
	})
	t.Cleanup(func() { _ = client.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{}) })
	backend := startGreeter(t, greeting)
	labels := map[string]string{"app": "gw"}
	mustCreate(t, func() error {
		_, err := client.AppsV1().Deployments(ns).Create(ctx, deployment("gw", labels, 1,
			map[string]string{kubelet.ForwardAnnotation: "8080=" + backend}), metav1.CreateOptions{})
		return err
	})
	if err := fleet.WaitDeploymentAvailable(ctx, client, ns, "gw"); err != nil {
		t.Fatal(err)
	}

	first := createLoadBalancer(ctx, t, client, ns, "gw", "")
	pool := loadBalancerPool(t, itRemote)
	if !pool.Contains(first) {
		t.Fatalf("address %s is not in %s's pool %s", first, itRemote, pool)
	}
	expectGreeting(ctx, t, first, greeting)

	for _, args := range [][]string{{"down", "--cluster", itRemote}, {"up", "--cluster", itRemote}} {
		if out, err := fleetCmd(args...); err != nil {
			t.Fatalf("fleet %v: %v\n%s", args, err, out)
		}
	}
	expectGreeting(ctx, t, first, greeting) // the restarted stand-in listens again
	if again := waitIngress(ctx, t, client, ns, "gw"); again != first {
		t.Errorf("after a restart the Service has %s, want its address %s", again, first)
	}

	if err := client.CoreV1().Services(ns).Delete(ctx, "gw", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if reused := createLoadBalancer(ctx, t, client, ns, "gw-2", ""); reused != first {
		t.Errorf("a deleted Service's address goes to the next one: got %s, want %s", reused, first)
	}
	expectGreeting(ctx, t, first, greeting)

	requested := netip.AddrFrom4([4]byte{pool.Addr().As4()[0], pool.Addr().As4()[1], 0, 77})
	if got := createLoadBalancer(ctx, t, client, ns, "gw-3", requested.String()); got != requested {
		t.Errorf("spec.loadBalancerIP %s: got %s", requested, got)
	}

	retypeToClusterIP(ctx, t, client, ns, "gw-2")
	if reused := createLoadBalancer(ctx, t, client, ns, "gw-4", ""); reused != first {
		t.Errorf("a Service that is no longer a LoadBalancer frees its address: got %s, want %s", reused, first)
	}
}

func loadBalancerPool(t *testing.T, name string) netip.Prefix {
	t.Helper()
	i, err := topology.Index(name)
	if err != nil {
		t.Fatal(err)
	}
	c, err := topology.ForIndex(i)
	if err != nil {
		t.Fatal(err)
	}
	return c.LoadBalancerPool()
}

// createLoadBalancer creates a LoadBalancer Service for the gw pods and waits for its address.
func createLoadBalancer(ctx context.Context, t *testing.T, client kubernetesInterface, ns, name, loadBalancerIP string) netip.Addr {
	t.Helper()
	_, err := client.CoreV1().Services(ns).Create(ctx, &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: corev1.ServiceSpec{
			Type: corev1.ServiceTypeLoadBalancer, Selector: map[string]string{"app": "gw"}, LoadBalancerIP: loadBalancerIP,
			Ports: []corev1.ServicePort{{Name: "http", Port: lbPort, TargetPort: intOrString(8080)}},
		},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create Service %s: %v", name, err)
	}
	return waitIngress(ctx, t, client, ns, name)
}

func waitIngress(ctx context.Context, t *testing.T, client kubernetesInterface, ns, name string) netip.Addr {
	t.Helper()
	var ip netip.Addr
	err := wait.PollUntilContextCancel(ctx, 200*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		svc, err := client.CoreV1().Services(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil || len(svc.Status.LoadBalancer.Ingress) == 0 {
			return false, nil
		}
		ip, err = netip.ParseAddr(svc.Status.LoadBalancer.Ingress[0].IP)
		return err == nil, nil
	})
	if err != nil {
		t.Fatalf("Service %s/%s never got a load-balancer address: %v", ns, name, err)
	}
	return ip
}

func retypeToClusterIP(ctx context.Context, t *testing.T, client kubernetesInterface, ns, name string) {
	t.Helper()
	err := wait.PollUntilContextCancel(ctx, 200*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		svc, err := client.CoreV1().Services(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		svc.Spec.Type = corev1.ServiceTypeClusterIP
		for i := range svc.Spec.Ports {
			svc.Spec.Ports[i].NodePort = 0
		}
		_, err = client.CoreV1().Services(ns).Update(ctx, svc, metav1.UpdateOptions{})
		return err == nil, ignoreConflict(err)
	})
	if err != nil {
		t.Fatalf("change %s/%s to ClusterIP: %v", ns, name, err)
	}
}

func ignoreConflict(err error) error {
	if apierrors.IsConflict(err) {
		return nil
	}
	return err
}

// startGreeter listens on 127.0.0.1 and writes one line to every connection.
func startGreeter(t *testing.T, greeting string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			_, _ = fmt.Fprintln(c, greeting)
			c.Close()
		}
	}()
	return l.Addr().String()
}

// expectGreeting connects to the load-balancer address until the pod's process answers.
func expectGreeting(ctx context.Context, t *testing.T, ip netip.Addr, greeting string) {
	t.Helper()
	addr := netip.AddrPortFrom(ip, lbPort).String()
	var last string
	err := wait.PollUntilContextCancel(ctx, 200*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		c, err := (&net.Dialer{Timeout: 2 * time.Second}).DialContext(ctx, "tcp", addr)
		if err != nil {
			last = err.Error()
			return false, nil
		}
		defer c.Close()
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		line, err := bufio.NewReader(c).ReadString('\n')
		last = fmt.Sprintf("read %q, %v", line, err)
		return strings.TrimSpace(line) == greeting, nil
	})
	if err != nil {
		t.Fatalf("%s never answered with the pod's process: %s", addr, last)
	}
}
