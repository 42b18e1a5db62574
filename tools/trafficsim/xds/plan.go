package xds

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"sort"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	corev1 "k8s.io/api/core/v1"

	"meshfleet.local/tools/trafficsim/kube"
)

// PlaintextPort is istiod's xDS port without TLS (--grpcAddr), which
// authenticates no one: the simulated sidecars have no workload certificate.
const PlaintextPort = 15010

// Target is one stream to open: the pod's sidecar, and where its istiod listens.
type Target struct {
	// Key names the pod uniquely across clusters and restarts: cluster/namespace/name/uid.
	Key string
	// Pod is cluster/namespace/name, for status and logs.
	Pod string
	// Istiod is cluster/namespace/name of the istiod pod, Address its xDS address.
	Istiod, Address string
	// Node builds the sidecar's node when a stream opens (not at every plan:
	// it copies every label and annotation).
	Node func() (*corev3.Node, error)
}

// Plan lists a stream for every running pod with an istio-proxy container, to
// the istiod that governs it: a ready istiod pod (label app=istiod) of the
// pod's revision in the pod's own cluster, else in the clusters named by the
// cluster's topology.istio.io/controlPlaneClusters annotation on Istio's
// namespace (Istio's marker for a remote cluster's external control plane).
// Pods without such an istiod are returned as problems: a real sidecar would
// keep failing to connect.
func Plan(clusters []kube.ClusterPods) (targets []Target, problems []string) {
	istiods := readyIstiods(clusters)
	for _, c := range clusters {
		for _, pod := range c.Pods {
			if !kube.HasSidecar(pod) || !running(pod) {
				continue
			}
			rev := Revision(pod)
			istiod, ok := governingIstiod(istiods, c, rev)
			podRef := c.Name + "/" + pod.Namespace + "/" + pod.Name
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: no ready istiod of revision %q in %s", podRef, rev,
					append([]string{c.Name}, c.ControlPlaneClusters...)))
				continue
			}
			cluster, p := c.Name, pod
			targets = append(targets, Target{Key: podRef + "/" + string(pod.UID), Pod: podRef,
				Istiod: istiod.ref, Address: istiod.address,
				Node: func() (*corev3.Node, error) { return Node(cluster, p) }})
		}
	}
	sort.Slice(targets, func(i, j int) bool { return targets[i].Key < targets[j].Key })
	return targets, problems
}

type istiodPod struct{ ref, address string }

// readyIstiods: cluster -> revision -> the first ready istiod by name (a
// sidecar reaches one replica through the istiod Service; any will do).
func readyIstiods(clusters []kube.ClusterPods) map[string]map[string]istiodPod {
	out := map[string]map[string]istiodPod{}
	for _, c := range clusters {
		pods := append([]*corev1.Pod(nil), c.Pods...)
		sort.Slice(pods, func(i, j int) bool { return pods[i].Namespace+"/"+pods[i].Name < pods[j].Namespace+"/"+pods[j].Name })
		for _, pod := range pods {
			if pod.Labels["app"] != "istiod" || !kube.IsReady(pod) {
				continue
			}
			addr, err := IstiodAddress(pod.Status.PodIP)
			if err != nil {
				continue
			}
			rev := pod.Labels["istio.io/rev"]
			if rev == "" {
				rev = "default"
			}
			if out[c.Name] == nil {
				out[c.Name] = map[string]istiodPod{}
			}
			if _, seen := out[c.Name][rev]; !seen {
				out[c.Name][rev] = istiodPod{ref: c.Name + "/" + pod.Namespace + "/" + pod.Name, address: addr}
			}
		}
	}
	return out
}

func governingIstiod(istiods map[string]map[string]istiodPod, c kube.ClusterPods, rev string) (istiodPod, bool) {
	for _, cluster := range append([]string{c.Name}, c.ControlPlaneClusters...) {
		if p, ok := istiods[cluster][rev]; ok {
			return p, true
		}
	}
	return istiodPod{}, false
}

// IstiodAddress is where the fleet's istiod runtime runs an istiod pod's
// pilot-discovery (tools/fleet internal/istiod): pod IP 10.a.b.c listens on
// loopback 127.a.b.c, with Istio's own ports.
func IstiodAddress(podIP string) (string, error) {
	ip, err := netip.ParseAddr(podIP)
	if err != nil || !ip.Is4() || ip.As4()[0] != 10 {
		return "", fmt.Errorf("istiod pod IP %q: want an IPv4 address in 10.0.0.0/8, the fleet's pod networks", podIP)
	}
	b := ip.As4()
	b[0] = 127
	return netip.AddrPortFrom(netip.AddrFrom4(b), PlaintextPort).String(), nil
}

// Revision is the istiod revision that injected the pod: its istio.io/rev
// label or annotation, else the revision the injector recorded in
// sidecar.istio.io/status, else "default".
func Revision(pod *corev1.Pod) string {
	if rev := pod.Labels["istio.io/rev"]; rev != "" {
		return rev
	}
	if rev := pod.Annotations["istio.io/rev"]; rev != "" {
		return rev
	}
	var status struct {
		Revision string `json:"revision"`
	}
	if json.Unmarshal([]byte(pod.Annotations["sidecar.istio.io/status"]), &status) == nil && status.Revision != "" {
		return status.Revision
	}
	return "default"
}

// running: Envoy connects as soon as its container runs, before the pod is
// Ready (readiness waits for the config istiod sends).
func running(pod *corev1.Pod) bool {
	return pod.Status.Phase == corev1.PodRunning && pod.DeletionTimestamp == nil && pod.Status.PodIP != ""
}
