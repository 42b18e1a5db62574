package kubelet

import (
	"context"
	"fmt"
	"log"
	"net/netip"
	"runtime"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"

	"meshfleet/tools/fleet/internal/topology"
)

const (
	nodeNameIndex = "spec.nodeName"
	podIPIndex    = "status.podIP"
	resync        = 30 * time.Second
)

// Config is one cluster's stand-in.
type Config struct {
	Cluster        topology.Cluster
	REST           *rest.Config
	KubeletVersion string
	EgressSocket   string
	// Runtimes are tried in order before IdealRuntime; the hook for real processes.
	Runtimes []PodRuntime
}

// Run registers the nodes and runs heartbeats, the pod controller and the egress
// proxy until ctx ends. API server outages (fleet stop-cluster) are waited out.
func Run(ctx context.Context, cfg Config) error {
	client, err := kubernetes.NewForConfig(cfg.REST)
	if err != nil {
		return fmt.Errorf("%s: client: %w", cfg.Cluster.Name, err)
	}
	fakeNodes := FakeNodes(cfg.Cluster)
	nodes, err := registerAll(ctx, client, fakeNodes, cfg.KubeletVersion)
	if err != nil {
		return err
	}
	factory := informers.NewSharedInformerFactory(client, resync)
	podInformer := factory.Core().V1().Pods()
	if err := podInformer.Informer().AddIndexers(cache.Indexers{nodeNameIndex: byNodeName, podIPIndex: byPodIP}); err != nil {
		return err
	}
	ctrl := &podController{
		client:   client,
		lister:   podInformer.Lister(),
		indexer:  podInformer.Informer().GetIndexer(),
		queue:    workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]()),
		nodes:    nodes,
		nodeIPs:  map[string]netip.Addr{},
		ips:      topology.NewIPAllocator(cfg.Cluster.PodCIDR),
		runtimes: cfg.Runtimes,
		started:  map[types.UID]startedPod{},
	}
	for _, n := range fakeNodes {
		ctrl.nodeIPs[n.Name] = n.IP
	}
	_, _ = podInformer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: ctrl.enqueue, UpdateFunc: func(_, o any) { ctrl.enqueue(o) }, DeleteFunc: ctrl.enqueue,
	})
	runtimeOf := func(p *corev1.Pod) PodRuntime { return runtimeFor(cfg.Runtimes, p) }
	lb := newLBController(cfg.Cluster, client, factory,
		newLBForwarder(factory.Discovery().V1().EndpointSlices().Lister(), ctrl.runningPodByIP, runtimeOf))
	factory.Start(ctx.Done())
	if !cache.WaitForCacheSync(ctx.Done(), podInformer.Informer().HasSynced) {
		return fmt.Errorf("%s: pod cache never synced", cfg.Cluster.Name)
	}
	markExistingIPs(ctrl)
	proxy := &egressProxy{
		socket:     cfg.EgressSocket,
		podByIP:    ctrl.runningPodByIP,
		runtimeFor: runtimeOf,
	}
	errs := make(chan error, 1)
	go func() { errs <- proxy.serve(ctx) }()
	go heartbeat(ctx, client, fakeNodes, nodes, cfg.KubeletVersion)
	go ctrl.run(ctx, 4)
	go lb.run(ctx)
	log.Printf("%s: kubelet stand-in running %d nodes, pod CIDR %s, egress proxy %s", cfg.Cluster.Name, len(nodes), cfg.Cluster.PodCIDR, cfg.EgressSocket)
	select {
	case <-ctx.Done():
		return nil
	case err := <-errs:
		return err
	}
}

// NodeArch is the simulated nodes' architecture (Go's names: amd64, arm64).
const NodeArch = runtime.GOARCH

// FakeNodes returns the nodes of a cluster, labelled like cloud nodes so Istio's
// locality-aware features have something to read.
//
// The architecture is the machine's: the processes behind pods (istiod) run here,
// and charts that pin pods to architectures (node affinity on kubernetes.io/arch)
// must schedule them as they would on a real node of this kind.
func FakeNodes(c topology.Cluster) []FakeNode {
	out := make([]FakeNode, topology.NodesPerCluster)
	for i := range out {
		name := c.NodeName(i)
		out[i] = FakeNode{Name: name, IP: c.NodeIP(i), Labels: map[string]string{
			"kubernetes.io/hostname":           name,
			"kubernetes.io/os":                 "linux",
			"kubernetes.io/arch":               NodeArch,
			"node.kubernetes.io/instance-type": "fleet-simulated",
			"topology.kubernetes.io/region":    "fleet",
			"topology.kubernetes.io/zone":      fmt.Sprintf("%s-%c", c.Name, 'a'+i),
		}}
	}
	return out
}

// registerAll registers every node, retrying while the API server comes up.
func registerAll(ctx context.Context, client kubernetes.Interface, fake []FakeNode, version string) ([]*corev1.Node, error) {
	var nodes []*corev1.Node
	for _, n := range fake {
		for attempt := 0; ; attempt++ {
			node, err := registerNode(ctx, client, n, version)
			if err == nil {
				nodes = append(nodes, node)
				break
			}
			if attempt%10 == 0 {
				log.Printf("node %s: %v (retrying)", n.Name, err)
			}
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(time.Second):
			}
		}
	}
	return nodes, nil
}

// heartbeat renews the Leases and, less often, the NodeStatus. Errors (the API server
// is stopped) are logged once per outage and retried on the next tick.
func heartbeat(ctx context.Context, client kubernetes.Interface, fake []FakeNode, nodes []*corev1.Node, version string) {
	leaseTick := time.NewTicker(leaseInterval)
	statusTick := time.NewTicker(nodeStatusInterval)
	defer leaseTick.Stop()
	defer statusTick.Stop()
	failing := false
	report := func(err error) {
		if err != nil && !failing {
			log.Printf("heartbeat failing (API server down?): %v", err)
		} else if err == nil && failing {
			log.Printf("heartbeat recovered")
		}
		failing = err != nil
	}
	renewAll := func() {
		var last error
		for _, n := range nodes {
			if err := renewLease(ctx, client, n); err != nil {
				last = err
			}
		}
		report(last)
	}
	renewAll()
	for {
		select {
		case <-ctx.Done():
			return
		case <-leaseTick.C:
			renewAll()
		case <-statusTick.C:
			for _, n := range fake {
				report(heartbeatNodeStatus(ctx, client, n, version))
			}
		}
	}
}

func byNodeName(obj any) ([]string, error) {
	if p, ok := obj.(*corev1.Pod); ok && p.Spec.NodeName != "" {
		return []string{p.Spec.NodeName}, nil
	}
	return nil, nil
}

func byPodIP(obj any) ([]string, error) {
	if p, ok := obj.(*corev1.Pod); ok && p.Status.PodIP != "" && !p.Spec.HostNetwork {
		return []string{p.Status.PodIP}, nil
	}
	return nil, nil
}

// markExistingIPs tells the allocator about pods that kept their IPs across a restart.
func markExistingIPs(c *podController) {
	for _, obj := range c.indexer.List() {
		if p, ok := obj.(*corev1.Pod); ok {
			if ip, err := netip.ParseAddr(p.Status.PodIP); err == nil {
				c.ips.MarkUsed(ip)
			}
		}
	}
}

// runningPodByIP finds the live pod that owns an IP, for the egress proxy.
func (c *podController) runningPodByIP(ip string) (*corev1.Pod, bool) {
	objs, _ := c.indexer.ByIndex(podIPIndex, ip)
	for _, obj := range objs {
		if p, ok := obj.(*corev1.Pod); ok && p.DeletionTimestamp == nil && p.Status.Phase == corev1.PodRunning {
			return p, true
		}
	}
	return nil, false
}
