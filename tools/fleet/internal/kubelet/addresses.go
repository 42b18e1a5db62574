package kubelet

import (
	"net/netip"

	corev1 "k8s.io/api/core/v1"
)

// withAddresses returns a copy of the pod with the IPs it is about to be reported
// with. A runtime's Start runs before the first status update, and real processes
// need their pod IP at start (downward API status.podIP, the address they listen on).
func withAddresses(pod *corev1.Pod, podIP, hostIP netip.Addr) *corev1.Pod {
	out := pod.DeepCopy()
	if pod.Spec.HostNetwork {
		podIP = hostIP
	}
	out.Status.PodIP = podIP.String()
	out.Status.PodIPs = []corev1.PodIP{{IP: podIP.String()}}
	out.Status.HostIP = hostIP.String()
	out.Status.HostIPs = []corev1.HostIP{{IP: hostIP.String()}}
	return out
}
