// Package kubelet is the fleet's one simulated component: a stand-in for the kubelets
// of a few fake nodes. It registers the nodes and keeps them Ready (Lease heartbeat
// plus NodeStatus, so the real node-lifecycle controller treats them as healthy),
// binds pending pods to them (there is no kube-scheduler), gives pods IPs, marks them
// Running and Ready, and finalizes pods that are being deleted, so that Deployments
// roll out, EndpointSlices fill and namespaces finish deleting.
//
// What "running a pod" means is pluggable (PodRuntime), so a later change can run the
// real pilot-discovery for pods of the istiod Deployment.
//
// It also stands in for a cloud's load balancer (MetalLB-like, lbController): no
// cloud provider runs, so it gives Services of type LoadBalancer an address and
// forwards that address's ports to the Services' ready pods (lbForwarder).
package kubelet

import (
	"context"
	"fmt"
	"net"

	corev1 "k8s.io/api/core/v1"
)

// PodRuntime decides what happens when a pod "runs" on a fake node. The stand-in
// uses the first runtime in its list whose Handles returns true; the last one is
// always IdealRuntime.
type PodRuntime interface {
	// Handles reports whether this runtime runs the pod, e.g. pods labelled app=istiod.
	Handles(pod *corev1.Pod) bool
	// Start is called once the pod has a node and an IP; again for pods that already
	// run when the stand-in restarts, so it must be idempotent (e.g. adopt a process).
	Start(ctx context.Context, pod *corev1.Pod) error
	// Ready is polled while the pod runs (every few seconds until true, then on each
	// resync); it becomes the pod's Ready and ContainersReady conditions.
	Ready(ctx context.Context, pod *corev1.Pod) bool
	// Dial connects to the pod's port on behalf of the API server: webhook calls to a
	// Service resolve to pod IP:port and arrive here through the egress proxy.
	Dial(ctx context.Context, pod *corev1.Pod, port int) (net.Conn, error)
	// Stop is called when the pod is being deleted, before the stand-in removes it.
	Stop(ctx context.Context, pod *corev1.Pod) error
}

// IdealRuntime runs nothing: every container starts at once and is Ready at once.
// Connections to its pods are refused, as nothing listens behind them.
type IdealRuntime struct{}

func (IdealRuntime) Handles(*corev1.Pod) bool                 { return true }
func (IdealRuntime) Start(context.Context, *corev1.Pod) error { return nil }
func (IdealRuntime) Ready(context.Context, *corev1.Pod) bool  { return true }
func (IdealRuntime) Stop(context.Context, *corev1.Pod) error  { return nil }
func (IdealRuntime) Dial(_ context.Context, pod *corev1.Pod, port int) (net.Conn, error) {
	return nil, fmt.Errorf("pod %s/%s is simulated: no process listens on port %d", pod.Namespace, pod.Name, port)
}

// runtimeFor picks the runtime of a pod.
func runtimeFor(runtimes []PodRuntime, pod *corev1.Pod) PodRuntime {
	for _, r := range runtimes {
		if r.Handles(pod) {
			return r
		}
	}
	return IdealRuntime{}
}
