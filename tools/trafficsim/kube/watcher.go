package kube

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"

	"meshfleet.local/tools/trafficsim/mesh"
)

// peerAuthnPollInterval: PeerAuthentications are listed periodically rather
// than watched, because the CRD may not exist (yet) in a cluster, and an
// informer on a missing resource logs an error every second.
const peerAuthnPollInterval = 5 * time.Second

// Watcher keeps pod caches (informers) of several clusters and lists their
// PeerAuthentications, and snapshots both as a mesh.State.
type Watcher struct {
	rootNamespace string
	clusters      []*clusterWatch
}

type clusterWatch struct {
	name    string
	pods    corelisters.PodLister
	synced  func() bool
	start   func(ctx context.Context)
	dynamic dynamic.Interface

	client kubernetes.Interface

	mu                   sync.Mutex
	peerAuthns           []mesh.PeerAuthentication
	paListError          string
	controlPlaneClusters []string
}

// ClusterPods is one synced cluster's pods and the clusters whose control
// plane governs it (topology.istio.io/controlPlaneClusters on Istio's
// namespace), for the simulated sidecars' xDS streams.
type ClusterPods struct {
	Name                 string
	Pods                 []*corev1.Pod
	ControlPlaneClusters []string
}

// controlPlaneClustersAnnotation is Istio's: on a remote cluster's Istio
// namespace, the cluster(s) running its external istiod.
const controlPlaneClustersAnnotation = "topology.istio.io/controlPlaneClusters"

// NewWatcher prepares watches; Start begins them.
func NewWatcher(clusters []Cluster, rootNamespace string) (*Watcher, error) {
	w := &Watcher{rootNamespace: rootNamespace}
	for _, c := range clusters {
		cw, err := newClusterWatch(c)
		if err != nil {
			return nil, err
		}
		w.clusters = append(w.clusters, cw)
	}
	return w, nil
}

func newClusterWatch(c Cluster) (*clusterWatch, error) {
	client, err := kubernetes.NewForConfig(c.Config)
	if err != nil {
		return nil, err
	}
	dyn, err := dynamic.NewForConfig(c.Config)
	if err != nil {
		return nil, err
	}
	factory := informers.NewSharedInformerFactory(client, 0)
	podInformer := factory.Core().V1().Pods()
	cw := &clusterWatch{name: c.Name, pods: podInformer.Lister(),
		synced: podInformer.Informer().HasSynced, dynamic: dyn, client: client}
	cw.start = func(ctx context.Context) { factory.Start(ctx.Done()) }
	return cw, nil
}

// Start runs the informers and PeerAuthentication polling until ctx ends.
func (w *Watcher) Start(ctx context.Context) {
	for _, c := range w.clusters {
		c.start(ctx)
		go c.pollMeshConfig(ctx, w.rootNamespace)
	}
}

// Snapshot is the current mesh state; clusters whose pod list has not
// arrived yet are left out of SyncedClusters.
func (w *Watcher) Snapshot() mesh.State {
	st := mesh.State{RootNamespace: w.rootNamespace, SyncedClusters: map[string]bool{},
		Workloads: map[mesh.WorkloadKey]mesh.WorkloadState{}}
	for _, c := range w.clusters {
		if !c.synced() {
			continue
		}
		pods, err := c.pods.List(labels.Everything())
		if err != nil {
			continue
		}
		st.SyncedClusters[c.name] = true
		for k, v := range WorkloadsFromPods(c.name, pods) {
			st.Workloads[k] = v
		}
		c.mu.Lock()
		st.PeerAuthentications = append(st.PeerAuthentications, c.peerAuthns...)
		c.mu.Unlock()
	}
	return st
}

// ClusterPods lists the pods of every synced cluster.
func (w *Watcher) ClusterPods() []ClusterPods {
	var out []ClusterPods
	for _, c := range w.clusters {
		if !c.synced() {
			continue
		}
		pods, err := c.pods.List(labels.Everything())
		if err != nil {
			continue
		}
		c.mu.Lock()
		cp := c.controlPlaneClusters
		c.mu.Unlock()
		out = append(out, ClusterPods{Name: c.name, Pods: pods, ControlPlaneClusters: cp})
	}
	return out
}

// pollMeshConfig lists PeerAuthentications and reads Istio's namespace (for
// its control plane annotation) every peerAuthnPollInterval.
func (c *clusterWatch) pollMeshConfig(ctx context.Context, istioNamespace string) {
	for {
		c.listPeerAuthentications(ctx)
		c.readControlPlaneClusters(ctx, istioNamespace)
		select {
		case <-ctx.Done():
			return
		case <-time.After(peerAuthnPollInterval):
		}
	}
}

func (c *clusterWatch) listPeerAuthentications(ctx context.Context) {
	list, err := c.dynamic.Resource(PeerAuthenticationResource).List(ctx, metav1.ListOptions{})
	var pas []mesh.PeerAuthentication
	errText := ""
	switch {
	case apierrors.IsNotFound(err):
		// Istio's CRDs are not installed: no policy applies.
	case err != nil:
		errText = err.Error()
	default:
		for i := range list.Items {
			pas = append(pas, PeerAuthenticationFrom(c.name, &list.Items[i]))
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if errText != "" && errText != c.paListError {
		slog.Warn("list PeerAuthentications failed; keeping the last list", "cluster", c.name, "err", errText)
	}
	c.paListError = errText
	if errText == "" {
		c.peerAuthns = pas
	}
}

// readControlPlaneClusters keeps the last value when the read fails; a
// missing namespace or annotation means no external control plane.
func (c *clusterWatch) readControlPlaneClusters(ctx context.Context, istioNamespace string) {
	ns, err := c.client.CoreV1().Namespaces().Get(ctx, istioNamespace, metav1.GetOptions{})
	if err != nil && !apierrors.IsNotFound(err) {
		return
	}
	var clusters []string
	if err == nil {
		for _, name := range strings.Split(ns.Annotations[controlPlaneClustersAnnotation], ",") {
			if name = strings.TrimSpace(name); name != "" {
				clusters = append(clusters, name)
			}
		}
	}
	c.mu.Lock()
	c.controlPlaneClusters = clusters
	c.mu.Unlock()
}
