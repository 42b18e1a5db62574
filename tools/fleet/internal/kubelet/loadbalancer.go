package kubelet

import (
	"context"
	"fmt"
	"log"
	"net/netip"
	"sort"
	"sync"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/utils/ptr"

	"meshfleet/tools/fleet/internal/topology"
)

// lbController is the fleet's MetalLB: no cloud provider runs, so without it every
// Service of type LoadBalancer stays <pending> and Istio gateways get no address.
// It gives each such Service (loadBalancerClass unset: a class names another
// implementation) one address of the cluster's pool in status.loadBalancer.ingress,
// releases it when the Service is deleted or changes type, and forwards the
// address's ports to the Service's ready endpoints (lbForwarder).
type lbController struct {
	cluster   string
	client    kubernetes.Interface
	services  corelisters.ServiceLister
	synced    cache.InformerSynced
	pool      *topology.LBPool
	queue     workqueue.TypedRateLimitingInterface[string]
	events    record.EventRecorder
	forwarder *lbForwarder

	mu      sync.Mutex
	lastErr map[string]string // per Service, so a resync does not repeat the same log line
}

func newLBController(cluster topology.Cluster, client kubernetes.Interface, factory informers.SharedInformerFactory, fwd *lbForwarder) *lbController {
	svcInformer := factory.Core().V1().Services()
	c := &lbController{
		cluster:   cluster.Name,
		client:    client,
		services:  svcInformer.Lister(),
		synced:    svcInformer.Informer().HasSynced,
		pool:      topology.NewLBPool(cluster.LoadBalancerPool()),
		queue:     workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]()),
		events:    serviceEventRecorder(client, cluster.Name),
		forwarder: fwd,
		lastErr:   map[string]string{},
	}
	_, _ = svcInformer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: c.enqueue, UpdateFunc: func(_, o any) { c.enqueue(o) }, DeleteFunc: c.enqueue,
	})
	return c
}

// serviceEventRecorder records events on Services as MetalLB's controller does
// ("kubectl describe service" then says which address it got or why none).
func serviceEventRecorder(client kubernetes.Interface, cluster string) record.EventRecorder {
	b := record.NewBroadcaster()
	b.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: client.CoreV1().Events("")})
	return b.NewRecorder(scheme.Scheme, corev1.EventSource{Component: "fleet-loadbalancer", Host: cluster})
}

func (c *lbController) enqueue(obj any) {
	if key, err := cache.DeletionHandlingMetaNamespaceKeyFunc(obj); err == nil {
		c.queue.Add(key)
	}
}

// run waits for the Service cache, re-claims the addresses Services already carry
// (so a restarted stand-in changes none), then reconciles until ctx ends.
func (c *lbController) run(ctx context.Context) {
	defer c.queue.ShutDown()
	if !cache.WaitForCacheSync(ctx.Done(), c.synced) {
		return
	}
	c.restore()
	log.Printf("%s: load-balancer addresses from %s (%d in use)", c.cluster, c.pool.Prefix(), len(c.pool.Assigned()))
	go func() {
		for c.processNext(ctx) {
		}
	}()
	<-ctx.Done()
	c.forwarder.stopAll()
}

// restore claims status addresses oldest Service first, before any new Service can
// be given the lowest free address that an older one still holds in its status.
func (c *lbController) restore() {
	svcs, _ := c.services.List(labels.Everything())
	sort.Slice(svcs, func(i, j int) bool {
		a, b := svcs[i], svcs[j]
		if !a.CreationTimestamp.Equal(&b.CreationTimestamp) {
			return a.CreationTimestamp.Before(&b.CreationTimestamp)
		}
		return a.Namespace+"/"+a.Name < b.Namespace+"/"+b.Name
	})
	for _, svc := range svcs {
		if req, err := lbRequest(svc); err == nil && managedLoadBalancer(svc) && req.Current.IsValid() {
			_, _ = c.pool.Assign(svc.Namespace+"/"+svc.Name, req)
		}
	}
}

func (c *lbController) processNext(ctx context.Context) bool {
	key, quit := c.queue.Get()
	if quit {
		return false
	}
	defer c.queue.Done(key)
	if err := c.reconcile(ctx, key); err != nil {
		log.Printf("service %s: %v", key, err)
		c.queue.AddRateLimited(key)
		return true
	}
	c.queue.Forget(key)
	return true
}

// managedLoadBalancer: type LoadBalancer without a loadBalancerClass.
func managedLoadBalancer(svc *corev1.Service) bool {
	return svc.Spec.Type == corev1.ServiceTypeLoadBalancer && svc.Spec.LoadBalancerClass == nil
}

// lbRequest reads what the Service asks for (spec.loadBalancerIP) and what its status
// already has.
func lbRequest(svc *corev1.Service) (topology.LBRequest, error) {
	var req topology.LBRequest
	if s := svc.Spec.LoadBalancerIP; s != "" {
		ip, err := netip.ParseAddr(s)
		if err != nil {
			return req, fmt.Errorf("spec.loadBalancerIP %q is not an IP address", s)
		}
		req.Requested = ip
	}
	for _, ing := range svc.Status.LoadBalancer.Ingress {
		if ip, err := netip.ParseAddr(ing.IP); err == nil {
			req.Current = ip
			break
		}
	}
	return req, nil
}

func (c *lbController) reconcile(ctx context.Context, key string) error {
	ns, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return nil
	}
	svc, err := c.services.Services(ns).Get(name)
	if apierrors.IsNotFound(err) {
		c.release(key, "deleted")
		return nil
	}
	if err != nil {
		return err
	}
	if !managedLoadBalancer(svc) {
		// The API server clears status.loadBalancer when the type changes.
		c.release(key, "no longer of type LoadBalancer")
		return nil
	}
	req, err := lbRequest(svc)
	var ip netip.Addr
	if err == nil {
		ip, err = c.pool.Assign(key, req)
	}
	if err != nil {
		c.forwarder.stop(key)
		c.reportFailure(svc, key, err)
		return c.setIngress(ctx, svc, netip.Addr{})
	}
	c.clearFailure(key)
	if err := c.setIngress(ctx, svc, ip); err != nil {
		return err
	}
	c.forwarder.ensure(svc, ip)
	return nil
}

// setIngress writes the address (none: an empty ingress list) unless the status
// already says so.
func (c *lbController) setIngress(ctx context.Context, svc *corev1.Service, ip netip.Addr) error {
	var want []corev1.LoadBalancerIngress
	if ip.IsValid() {
		want = []corev1.LoadBalancerIngress{{IP: ip.String(), IPMode: ptr.To(corev1.LoadBalancerIPModeVIP)}}
	}
	have := svc.Status.LoadBalancer.Ingress
	if len(have) == len(want) && (len(want) == 0 || (have[0].IP == want[0].IP && have[0].IPMode != nil)) {
		return nil
	}
	updated := svc.DeepCopy()
	updated.Status.LoadBalancer.Ingress = want
	if _, err := c.client.CoreV1().Services(svc.Namespace).UpdateStatus(ctx, updated, metav1.UpdateOptions{}); err != nil {
		if apierrors.IsNotFound(err) {
			return nil // deleted meanwhile; the delete event releases the address
		}
		return fmt.Errorf("write status.loadBalancer: %w", err)
	}
	if ip.IsValid() {
		log.Printf("%s: service %s/%s: load-balancer address %s", c.cluster, svc.Namespace, svc.Name, ip)
		c.events.Eventf(svc, corev1.EventTypeNormal, "IPAllocated", "Assigned IP [%q] from the fleet pool %s", ip.String(), c.pool.Prefix())
	}
	return nil
}

// release frees a Service's address, stops its forwarding and wakes the Services
// still waiting for one (the pool was exhausted or their loadBalancerIP was taken).
func (c *lbController) release(key, why string) {
	c.clearFailure(key)
	c.forwarder.stop(key)
	ip, held := c.pool.Release(key)
	if !held {
		return
	}
	log.Printf("%s: service %s %s: load-balancer address %s released", c.cluster, key, why, ip)
	svcs, _ := c.services.List(labels.Everything())
	for _, svc := range svcs {
		k := svc.Namespace + "/" + svc.Name
		if _, holds := c.pool.Holds(k); managedLoadBalancer(svc) && !holds {
			c.queue.Add(k)
		}
	}
}

// reportFailure records a Warning event and a log line, once per distinct error of
// a Service (resyncs reconcile it again every 30 s).
func (c *lbController) reportFailure(svc *corev1.Service, key string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lastErr[key] == err.Error() {
		return
	}
	c.lastErr[key] = err.Error()
	log.Printf("%s: service %s: no load-balancer address: %v", c.cluster, key, err)
	c.events.Eventf(svc, corev1.EventTypeWarning, "AllocationFailed", "Failed to allocate IP for %q: %v", key, err)
}

func (c *lbController) clearFailure(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.lastErr, key)
}
