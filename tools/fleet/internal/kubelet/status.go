package kubelet

import (
	"net/netip"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// desiredStatus returns the status a kubelet would report for a running pod. It keeps
// timestamps of unchanged conditions so that an unchanged pod yields an equal status
// and the stand-in writes nothing.
func desiredStatus(pod *corev1.Pod, hostIP, podIP netip.Addr, ready bool, now metav1.Time) corev1.PodStatus {
	s := *pod.Status.DeepCopy()
	s.Phase = corev1.PodRunning
	s.HostIP = hostIP.String()
	s.HostIPs = []corev1.HostIP{{IP: hostIP.String()}}
	if pod.Spec.HostNetwork {
		podIP = hostIP
	}
	s.PodIP = podIP.String()
	s.PodIPs = []corev1.PodIP{{IP: podIP.String()}}
	if s.StartTime == nil {
		s.StartTime = &now
	}
	started := *s.StartTime
	s.Conditions = mergeConditions(s.Conditions, now, map[corev1.PodConditionType]bool{
		corev1.PodScheduled:              true,
		corev1.PodReadyToStartContainers: true,
		corev1.PodInitialized:            true,
		corev1.ContainersReady:           ready,
		corev1.PodReady:                  ready,
	})
	s.InitContainerStatuses = initContainerStatuses(pod, started, ready)
	s.ContainerStatuses = containerStatuses(pod.UID, pod.Spec.Containers, started, ready)
	return s
}

// conditionOrder keeps the slice order stable so equal statuses compare equal.
var conditionOrder = []corev1.PodConditionType{
	corev1.PodReadyToStartContainers, corev1.PodInitialized, corev1.PodReady,
	corev1.ContainersReady, corev1.PodScheduled,
}

func mergeConditions(existing []corev1.PodCondition, now metav1.Time, want map[corev1.PodConditionType]bool) []corev1.PodCondition {
	byType := map[corev1.PodConditionType]corev1.PodCondition{}
	var others []corev1.PodCondition
	for _, c := range existing {
		if _, ours := want[c.Type]; ours {
			byType[c.Type] = c
		} else {
			others = append(others, c) // e.g. readiness gates set by others
		}
	}
	out := make([]corev1.PodCondition, 0, len(want)+len(others))
	for _, t := range conditionOrder {
		status := corev1.ConditionFalse
		if want[t] {
			status = corev1.ConditionTrue
		}
		c, had := byType[t]
		if !had || c.Status != status {
			c = corev1.PodCondition{Type: t, Status: status, LastTransitionTime: now}
		}
		out = append(out, c)
	}
	return append(out, others...)
}

func containerStatuses(uid types.UID, containers []corev1.Container, started metav1.Time, ready bool) []corev1.ContainerStatus {
	out := make([]corev1.ContainerStatus, 0, len(containers))
	yes := true
	for _, c := range containers {
		out = append(out, corev1.ContainerStatus{
			Name:        c.Name,
			Image:       c.Image,
			ImageID:     "fleet.local/simulated@" + c.Image,
			ContainerID: "fleet://" + string(uid) + "/" + c.Name,
			Ready:       ready,
			Started:     &yes,
			State:       corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: started}},
		})
	}
	return out
}

// initContainerStatuses: ordinary init containers have completed; native sidecars
// (restartPolicy Always, as Istio's injector may add) keep running.
func initContainerStatuses(pod *corev1.Pod, started metav1.Time, ready bool) []corev1.ContainerStatus {
	if len(pod.Spec.InitContainers) == 0 {
		return nil
	}
	out := containerStatuses(pod.UID, pod.Spec.InitContainers, started, ready)
	for i, c := range pod.Spec.InitContainers {
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			continue
		}
		out[i].Ready = true
		out[i].State = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
			ExitCode: 0, Reason: "Completed", StartedAt: started, FinishedAt: started,
		}}
	}
	return out
}
