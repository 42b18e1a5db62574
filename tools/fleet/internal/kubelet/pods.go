package kubelet

import (
	"context"
	"fmt"
	"log"
	"net/netip"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"

	"meshfleet/tools/fleet/internal/topology"
)

// notReadyRecheck is how often a pod whose runtime says "not ready" is asked again.
const notReadyRecheck = 2 * time.Second

// podController reconciles pods: bind, start, report status, finalize deletion.
type podController struct {
	client   kubernetes.Interface
	lister   corelisters.PodLister
	indexer  cache.Indexer
	queue    workqueue.TypedRateLimitingInterface[string]
	nodes    []*corev1.Node
	nodeIPs  map[string]netip.Addr
	ips      *topology.IPAllocator
	runtimes []PodRuntime

	mu      sync.Mutex
	started map[types.UID]startedPod // pods whose runtime Start succeeded
}

type startedPod struct {
	key string
	ip  netip.Addr
}

func (c *podController) enqueue(obj any) {
	if key, err := cache.DeletionHandlingMetaNamespaceKeyFunc(obj); err == nil {
		c.queue.Add(key)
	}
}

func (c *podController) run(ctx context.Context, workers int) {
	for i := 0; i < workers; i++ {
		go func() {
			for c.processNext(ctx) {
			}
		}()
	}
	<-ctx.Done()
	c.queue.ShutDown()
}

func (c *podController) processNext(ctx context.Context) bool {
	key, quit := c.queue.Get()
	if quit {
		return false
	}
	defer c.queue.Done(key)
	requeue, err := c.reconcile(ctx, key)
	switch {
	case err != nil:
		log.Printf("pod %s: %v", key, err)
		c.queue.AddRateLimited(key)
	case requeue > 0:
		c.queue.Forget(key)
		c.queue.AddAfter(key, requeue)
	default:
		c.queue.Forget(key)
	}
	return true
}

// reconcile does one step for one pod and says when to look again.
func (c *podController) reconcile(ctx context.Context, key string) (time.Duration, error) {
	ns, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return 0, nil
	}
	pod, err := c.lister.Pods(ns).Get(name)
	if apierrors.IsNotFound(err) {
		c.forget(ctx, key, nil)
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	switch {
	case pod.DeletionTimestamp != nil:
		return 0, c.finalize(ctx, key, pod)
	case pod.Spec.NodeName == "":
		return 0, c.bind(ctx, pod)
	case !c.isOurNode(pod.Spec.NodeName):
		return 0, nil
	case pod.Status.Phase == corev1.PodSucceeded || pod.Status.Phase == corev1.PodFailed:
		return 0, nil
	}
	return c.runPod(ctx, key, pod)
}

func (c *podController) isOurNode(name string) bool { _, ok := c.nodeIPs[name]; return ok }

// bind is the scheduler's job, done here because no kube-scheduler runs.
func (c *podController) bind(ctx context.Context, pod *corev1.Pod) error {
	if s := pod.Spec.SchedulerName; s != "" && s != corev1.DefaultSchedulerName {
		return nil // another scheduler's pod: leave it Pending, as a real cluster would
	}
	node, ok := pickNode(pod, c.nodes, c.podsOnNode)
	if !ok {
		return nil // no node fits; stays Pending
	}
	err := c.client.CoreV1().Pods(pod.Namespace).Bind(ctx, &corev1.Binding{
		ObjectMeta: metav1.ObjectMeta{Name: pod.Name, Namespace: pod.Namespace, UID: pod.UID},
		Target:     corev1.ObjectReference{Kind: "Node", Name: node},
	}, metav1.CreateOptions{})
	if apierrors.IsConflict(err) || apierrors.IsNotFound(err) {
		return nil // already bound or gone; the next event tells
	}
	if err != nil {
		return fmt.Errorf("bind to %s: %w", node, err)
	}
	return nil
}

func (c *podController) podsOnNode(node string) int {
	objs, _ := c.indexer.ByIndex(nodeNameIndex, node)
	return len(objs)
}

// runPod gives the pod an IP, starts it through its runtime and reports its status.
func (c *podController) runPod(ctx context.Context, key string, pod *corev1.Pod) (time.Duration, error) {
	ip, err := c.podIP(pod)
	if err != nil {
		return 0, err
	}
	rt := runtimeFor(c.runtimes, pod)
	if !c.isStarted(pod.UID) {
		if err := rt.Start(ctx, withAddresses(pod, ip, c.nodeIPs[pod.Spec.NodeName])); err != nil {
			c.ips.Release(ip)
			return 0, fmt.Errorf("start: %w", err)
		}
		c.markStarted(pod.UID, key, ip)
	}
	ready := rt.Ready(ctx, pod)
	want := desiredStatus(pod, c.nodeIPs[pod.Spec.NodeName], ip, ready, metav1.Now())
	if !equality.Semantic.DeepEqual(want, pod.Status) {
		updated := pod.DeepCopy()
		updated.Status = want
		if _, err := c.client.CoreV1().Pods(pod.Namespace).UpdateStatus(ctx, updated, metav1.UpdateOptions{}); err != nil {
			if apierrors.IsConflict(err) || apierrors.IsNotFound(err) {
				return time.Second, nil
			}
			return 0, fmt.Errorf("update status: %w", err)
		}
	}
	if !ready {
		return notReadyRecheck, nil
	}
	return 0, nil
}

// podIP keeps the IP a pod already has (after a stand-in restart) or allocates one.
func (c *podController) podIP(pod *corev1.Pod) (netip.Addr, error) {
	c.mu.Lock()
	sp, ok := c.started[pod.UID]
	c.mu.Unlock()
	if ok {
		return sp.ip, nil
	}
	if ip, err := netip.ParseAddr(pod.Status.PodIP); err == nil && !pod.Spec.HostNetwork {
		c.ips.MarkUsed(ip)
		return ip, nil
	}
	ip, err := c.ips.Allocate()
	if err != nil {
		return netip.Addr{}, fmt.Errorf("allocate pod IP: %w", err)
	}
	return ip, nil
}

// finalize plays the kubelet's part of pod deletion: stop the containers, then
// delete the pod with grace period 0 so it leaves the API (namespace deletion and
// ReplicaSet scale-down wait for this).
func (c *podController) finalize(ctx context.Context, key string, pod *corev1.Pod) error {
	c.forget(ctx, key, pod)
	err := c.client.CoreV1().Pods(pod.Namespace).Delete(ctx, pod.Name, metav1.DeleteOptions{
		GracePeriodSeconds: new(int64),
		Preconditions:      &metav1.Preconditions{UID: &pod.UID},
	})
	if err != nil && !apierrors.IsNotFound(err) && !apierrors.IsConflict(err) {
		return fmt.Errorf("delete: %w", err)
	}
	return nil
}

// forget stops the pod's runtime and frees its IP. pod is nil if it is already gone.
func (c *podController) forget(ctx context.Context, key string, pod *corev1.Pod) {
	c.mu.Lock()
	var uid types.UID
	var sp startedPod
	found := false
	for u, s := range c.started {
		if s.key == key && (pod == nil || u == pod.UID) {
			uid, sp, found = u, s, true
			break
		}
	}
	if found {
		delete(c.started, uid)
	}
	c.mu.Unlock()
	if !found {
		return
	}
	if pod != nil {
		if err := runtimeFor(c.runtimes, pod).Stop(ctx, pod); err != nil {
			log.Printf("pod %s: stop: %v", key, err)
		}
	}
	c.ips.Release(sp.ip)
}

func (c *podController) isStarted(uid types.UID) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.started[uid]
	return ok
}

func (c *podController) markStarted(uid types.UID, key string, ip netip.Addr) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.started[uid] = startedPod{key: key, ip: ip}
}
