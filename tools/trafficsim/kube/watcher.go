package kube

import (
	"context"
	"log/slog"
	"sync"
	"time"

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

	mu          sync.Mutex
	peerAuthns  []mesh.PeerAuthentication
	paListError string
}

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
		synced: podInformer.Informer().HasSynced, dynamic: dyn}
	cw.start = func(ctx context.Context) { factory.Start(ctx.Done()) }
	return cw, nil
}

// Start runs the informers and PeerAuthentication polling until ctx ends.
func (w *Watcher) Start(ctx context.Context) {
	for _, c := range w.clusters {
		c.start(ctx)
		go c.pollPeerAuthentications(ctx)
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

func (c *clusterWatch) pollPeerAuthentications(ctx context.Context) {
	for {
		c.listPeerAuthentications(ctx)
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
