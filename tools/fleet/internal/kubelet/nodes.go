package kubelet

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/utils/ptr"
)

// Heartbeat intervals as a real kubelet uses them: the Lease every 10 s (the node
// lifecycle controller's grace period is 40 s) and the full NodeStatus every minute.
const (
	leaseInterval      = 10 * time.Second
	leaseDuration      = 40
	nodeStatusInterval = time.Minute
)

// FakeNode is one node the stand-in plays the kubelet of.
type FakeNode struct {
	Name   string
	IP     netip.Addr
	Labels map[string]string
}

func nodeObject(n FakeNode, kubeletVersion string, now metav1.Time) *corev1.Node {
	capacity := corev1.ResourceList{
		corev1.ResourceCPU:              resource.MustParse("16"),
		corev1.ResourceMemory:           resource.MustParse("64Gi"),
		corev1.ResourcePods:             resource.MustParse("110"),
		corev1.ResourceEphemeralStorage: resource.MustParse("100Gi"),
	}
	return &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{
			Name:        n.Name,
			Labels:      n.Labels,
			Annotations: map[string]string{"fleet.meshfleet.io/simulated": "true"},
		},
		Status: corev1.NodeStatus{
			Capacity:    capacity,
			Allocatable: capacity,
			Conditions:  nodeConditions(now),
			Addresses: []corev1.NodeAddress{
				{Type: corev1.NodeInternalIP, Address: n.IP.String()},
				{Type: corev1.NodeHostName, Address: n.Name},
			},
			NodeInfo: corev1.NodeSystemInfo{
				KubeletVersion: kubeletVersion, OperatingSystem: "linux", Architecture: NodeArch, KernelVersion: "simulated",
				OSImage: "Meshfleet fleet (simulated node)", ContainerRuntimeVersion: "fleet://simulated",
			},
		},
	}
}

func nodeConditions(now metav1.Time) []corev1.NodeCondition {
	cond := func(t corev1.NodeConditionType, s corev1.ConditionStatus, reason string) corev1.NodeCondition {
		return corev1.NodeCondition{Type: t, Status: s, Reason: reason, LastHeartbeatTime: now, LastTransitionTime: now}
	}
	return []corev1.NodeCondition{
		cond(corev1.NodeReady, corev1.ConditionTrue, "KubeletReady"),
		cond(corev1.NodeMemoryPressure, corev1.ConditionFalse, "KubeletHasSufficientMemory"),
		cond(corev1.NodeDiskPressure, corev1.ConditionFalse, "KubeletHasNoDiskPressure"),
		cond(corev1.NodePIDPressure, corev1.ConditionFalse, "KubeletHasSufficientPID"),
	}
}

// registerNode creates the node, or refreshes its status if it exists.
func registerNode(ctx context.Context, c kubernetes.Interface, n FakeNode, kubeletVersion string) (*corev1.Node, error) {
	want := nodeObject(n, kubeletVersion, metav1.Now())
	got, err := c.CoreV1().Nodes().Create(ctx, want, metav1.CreateOptions{})
	if err == nil {
		return got, nil
	}
	if !apierrors.IsAlreadyExists(err) {
		return nil, fmt.Errorf("register node %s: %w", n.Name, err)
	}
	if err := heartbeatNodeStatus(ctx, c, n, kubeletVersion); err != nil {
		return nil, err
	}
	// Create's result is an empty object on error; read the node that exists.
	return c.CoreV1().Nodes().Get(ctx, n.Name, metav1.GetOptions{})
}

// heartbeatNodeStatus rewrites the node's conditions with a fresh heartbeat.
func heartbeatNodeStatus(ctx context.Context, c kubernetes.Interface, n FakeNode, kubeletVersion string) error {
	node, err := c.CoreV1().Nodes().Get(ctx, n.Name, metav1.GetOptions{})
	if err != nil {
		return fmt.Errorf("get node %s: %w", n.Name, err)
	}
	fresh := nodeObject(n, kubeletVersion, metav1.Now())
	node.Status = fresh.Status
	if _, err := c.CoreV1().Nodes().UpdateStatus(ctx, node, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("update status of node %s: %w", n.Name, err)
	}
	return nil
}

// renewLease creates or renews the node's Lease in kube-node-lease, owned by the node
// so it is garbage-collected with it.
func renewLease(ctx context.Context, c kubernetes.Interface, node *corev1.Node) error {
	leases := c.CoordinationV1().Leases(corev1.NamespaceNodeLease)
	now := metav1.NewMicroTime(time.Now())
	lease, err := leases.Get(ctx, node.Name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		_, err = leases.Create(ctx, &coordinationv1.Lease{
			ObjectMeta: metav1.ObjectMeta{
				Name: node.Name, Namespace: corev1.NamespaceNodeLease,
				OwnerReferences: []metav1.OwnerReference{{APIVersion: "v1", Kind: "Node", Name: node.Name, UID: node.UID}},
			},
			Spec: coordinationv1.LeaseSpec{HolderIdentity: ptr.To(node.Name), LeaseDurationSeconds: ptr.To[int32](leaseDuration), RenewTime: &now},
		}, metav1.CreateOptions{})
		return err
	}
	if err != nil {
		return err
	}
	lease.Spec.RenewTime = &now
	_, err = leases.Update(ctx, lease, metav1.UpdateOptions{})
	return err
}
