// Package xds is the SIMULATED sidecars' connection to istiod: for every running
// pod with an istio-proxy container, one ADS stream (StreamAggregatedResources)
// to the istiod that governs it, with the node identity pilot-agent would send
// for that pod, acknowledging what istiod pushes and subscribing as Envoy does.
// No Envoy runs in the local fleet; this makes the real istiod count the pods as
// connected proxies and push to them (pilot_xds, pilot_xds_pushes, ...).
package xds

import (
	"encoding/json"
	"fmt"
	"strings"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	"google.golang.org/protobuf/types/known/structpb"
	corev1 "k8s.io/api/core/v1"

	"meshfleet.local/tools/trafficsim/kube"
)

// Ports pilot-agent reports for its Envoy (Istio's defaults): the status port
// (readiness, /stats/prometheus merge) and Envoy's own Prometheus port.
const (
	envoyStatusPort     = 15021
	envoyPrometheusPort = 15090
)

// Node is the Envoy node a sidecar of the pod would present to istiod, as
// pilot-agent builds it (istio pkg/bootstrap GetNodeMetaData): the
// `ISTIO_META_*` environment of the istio-proxy container, then the pod's IPs,
// namespace, service account, labels and annotations (which pilot-agent reads
// from the downward API). cluster is the fleet cluster the pod runs in, the
// CLUSTER_ID when the injector did not set one.
//
// PROXY_CONFIG is left out on purpose: pilot-agent sends the mesh's default
// proxy config merged with the pod's; the pod's fragment alone would replace
// istiod's defaults. Without it istiod uses the mesh's default.
func Node(cluster string, pod *corev1.Pod) (*corev3.Node, error) {
	meta, err := nodeMetadata(cluster, pod)
	if err != nil {
		return nil, fmt.Errorf("pod %s/%s: node metadata: %w", pod.Namespace, pod.Name, err)
	}
	st, err := structpb.NewStruct(meta)
	if err != nil {
		return nil, fmt.Errorf("pod %s/%s: node metadata: %w", pod.Namespace, pod.Name, err)
	}
	return &corev3.Node{
		Id:       NodeID(pod),
		Cluster:  serviceCluster(pod),
		Metadata: st,
	}, nil
}

// NodeID is a sidecar's Envoy node id: type~ip~id~domain, which istiod parses
// (ParseServiceNodeWithMetadata) to find the proxy's pod.
func NodeID(pod *corev1.Pod) string {
	return fmt.Sprintf("sidecar~%s~%s.%s~%s.svc.cluster.local", pod.Status.PodIP, pod.Name, pod.Namespace, pod.Namespace)
}

func nodeMetadata(cluster string, pod *corev1.Pod) (map[string]any, error) {
	meta := map[string]any{}
	if err := addContainerMetadata(meta, pod); err != nil {
		return nil, err
	}
	setDefault(meta, "CLUSTER_ID", cluster)
	setDefault(meta, "WORKLOAD_NAME", kube.WorkloadName(pod))
	setDefault(meta, "NODE_NAME", pod.Spec.NodeName)
	meta["ISTIO_VERSION"] = proxyVersion(pod)
	meta["NAMESPACE"] = pod.Namespace
	meta["INSTANCE_IPS"] = strings.Join(podIPs(pod), ",")
	meta["SERVICE_ACCOUNT"] = serviceAccount(pod)
	meta["LABELS"] = stringMap(podLabels(pod))
	meta["ANNOTATIONS"] = stringMap(pod.Annotations)
	meta["ENVOY_STATUS_PORT"] = envoyStatusPort
	meta["ENVOY_PROMETHEUS_PORT"] = envoyPrometheusPort
	return meta, nil
}

// addContainerMetadata copies ISTIO_META_<KEY> env vars as KEY (string) and
// merges ISTIO_METAJSON_<KEY> values (JSON objects), as pilot-agent does.
func addContainerMetadata(meta map[string]any, pod *corev1.Pod) error {
	proxy := sidecar(pod)
	if proxy == nil {
		return fmt.Errorf("no %s container", kube.SidecarContainer)
	}
	for _, env := range proxy.Env {
		value, ok := envValue(pod, env)
		if !ok {
			continue
		}
		if strings.HasPrefix(env.Name, "ISTIO_METAJSON_") {
			if err := json.Unmarshal([]byte(value), &meta); err != nil {
				return fmt.Errorf("env %s: want a JSON object: %w", env.Name, err)
			}
			continue
		}
		if key, found := strings.CutPrefix(env.Name, "ISTIO_META_"); found {
			meta[key] = value
		}
	}
	return nil
}

// envValue resolves a literal value or the downward-API fields the injector
// uses; other sources (ConfigMaps, resources) are not needed for metadata.
func envValue(pod *corev1.Pod, env corev1.EnvVar) (string, bool) {
	if env.ValueFrom == nil {
		return env.Value, true
	}
	if env.ValueFrom.FieldRef == nil {
		return "", false
	}
	switch path := env.ValueFrom.FieldRef.FieldPath; path {
	case "metadata.name":
		return pod.Name, true
	case "metadata.namespace":
		return pod.Namespace, true
	case "spec.nodeName":
		return pod.Spec.NodeName, true
	case "spec.serviceAccountName":
		return serviceAccount(pod), true
	case "status.podIP":
		return pod.Status.PodIP, true
	case "status.hostIP":
		return pod.Status.HostIP, true
	default:
		return "", false
	}
}

func sidecar(pod *corev1.Pod) *corev1.Container {
	for _, list := range [][]corev1.Container{pod.Spec.InitContainers, pod.Spec.Containers} {
		for i := range list {
			if list[i].Name == kube.SidecarContainer {
				return &list[i]
			}
		}
	}
	return nil
}

// proxyVersion is the istio-proxy image's tag: Istio tags its proxy images
// with the release version, which is what pilot-agent reports.
func proxyVersion(pod *corev1.Pod) string {
	image := sidecar(pod).Image
	if at := strings.Index(image, "@"); at >= 0 {
		image = image[:at]
	}
	if colon := strings.LastIndex(image, ":"); colon > strings.LastIndex(image, "/") {
		return image[colon+1:]
	}
	return "unknown"
}

func podIPs(pod *corev1.Pod) []string {
	var ips []string
	for _, ip := range pod.Status.PodIPs {
		ips = append(ips, ip.IP)
	}
	if len(ips) == 0 && pod.Status.PodIP != "" {
		ips = []string{pod.Status.PodIP}
	}
	return ips
}

// podLabels: pilot-agent drops pod-template-hash, which changes with every
// rollout and would split the workload's config.
func podLabels(pod *corev1.Pod) map[string]string {
	out := map[string]string{}
	for k, v := range pod.Labels {
		if k != "pod-template-hash" {
			out[k] = v
		}
	}
	return out
}

// serviceCluster is pilot-agent's service cluster: <canonical name>.<namespace>.
func serviceCluster(pod *corev1.Pod) string {
	name := kube.WorkloadName(pod)
	for _, key := range []string{"service.istio.io/canonical-name", "app.kubernetes.io/name", "app"} {
		if v := pod.Labels[key]; v != "" {
			name = v
			break
		}
	}
	return name + "." + pod.Namespace
}

func serviceAccount(pod *corev1.Pod) string {
	if pod.Spec.ServiceAccountName != "" {
		return pod.Spec.ServiceAccountName
	}
	return "default"
}

func setDefault(meta map[string]any, key, value string) {
	if _, set := meta[key]; !set && value != "" {
		meta[key] = value
	}
}

// stringMap converts for structpb.NewStruct, which takes map[string]any.
func stringMap(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
