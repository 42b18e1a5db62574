package kubelet

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// ForwardAnnotation lets a pod stand for a process already running on this machine:
// "fleet.meshfleet.io/forward: 443=127.0.0.1:40001,15017=127.0.0.1:40002" sends the
// API server's connections to the pod's port 443 to 127.0.0.1:40001, and the pod is
// Ready only while every target accepts connections. Useful for a webhook under
// development, and the simplest form of "a real process behind a pod".
const ForwardAnnotation = "fleet.meshfleet.io/forward"

// ForwardRuntime implements ForwardAnnotation.
type ForwardRuntime struct{}

func (ForwardRuntime) Handles(pod *corev1.Pod) bool {
	_, ok := pod.Annotations[ForwardAnnotation]
	return ok
}

func (ForwardRuntime) Start(context.Context, *corev1.Pod) error { return nil }
func (ForwardRuntime) Stop(context.Context, *corev1.Pod) error  { return nil }

func (ForwardRuntime) Ready(ctx context.Context, pod *corev1.Pod) bool {
	targets, err := ParseForwards(pod.Annotations[ForwardAnnotation])
	if err != nil || len(targets) == 0 {
		return false
	}
	for _, addr := range targets {
		c, err := (&net.Dialer{Timeout: time.Second}).DialContext(ctx, "tcp", addr.String())
		if err != nil {
			return false
		}
		c.Close()
	}
	return true
}

func (ForwardRuntime) Dial(ctx context.Context, pod *corev1.Pod, port int) (net.Conn, error) {
	targets, err := ParseForwards(pod.Annotations[ForwardAnnotation])
	if err != nil {
		return nil, fmt.Errorf("pod %s/%s: %w", pod.Namespace, pod.Name, err)
	}
	addr, ok := targets[port]
	if !ok {
		return nil, fmt.Errorf("pod %s/%s forwards no connection for port %d", pod.Namespace, pod.Name, port)
	}
	return (&net.Dialer{Timeout: 5 * time.Second}).DialContext(ctx, "tcp", addr.String())
}

// ParseForwards parses "port=127.0.0.1:port,...". Targets must be loopback addresses:
// the fleet never sends traffic off this machine.
func ParseForwards(s string) (map[int]netip.AddrPort, error) {
	out := map[int]netip.AddrPort{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		portStr, target, ok := strings.Cut(part, "=")
		port, err := strconv.Atoi(strings.TrimSpace(portStr))
		if !ok || err != nil || port <= 0 || port > 65535 {
			return nil, fmt.Errorf("%s %q: want podPort=127.0.0.1:port", ForwardAnnotation, part)
		}
		addr, err := netip.ParseAddrPort(strings.TrimSpace(target))
		if err != nil {
			return nil, fmt.Errorf("%s %q: %w", ForwardAnnotation, part, err)
		}
		if !addr.Addr().IsLoopback() {
			return nil, fmt.Errorf("%s %q: target must be a loopback address", ForwardAnnotation, part)
		}
		out[port] = addr
	}
	return out, nil
}
