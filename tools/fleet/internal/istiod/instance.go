package istiod

import (
	"context"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"meshfleet/tools/fleet/internal/proc"
)

var netDialer = net.Dialer{Timeout: 2 * time.Second}

// instance is one running istiod pod.
type instance struct {
	pod       *corev1.Pod
	container *corev1.Container
	tag       string
	ip        netip.Addr
	dir       string // .fleet/clusters/<c>/pods/<ns>_<pod>/
	fs        podFS
	daemon    proc.Daemon
	tokens    []*tokenFile
	started   time.Time
	restarts  int
}

func (i *instance) uidFile() string { return filepath.Join(i.dir, "pod-uid") }

// resetDirIfOtherPod clears files left by an earlier pod of the same name, and
// stops its process if one still runs.
func (i *instance) resetDirIfOtherPod() error {
	if b, err := os.ReadFile(i.uidFile()); err == nil && string(b) != uidString(i.pod) {
		_ = i.daemon.Stop(stopGrace)
		if err := os.RemoveAll(i.dir); err != nil {
			return fmt.Errorf("clear %s: %w", i.dir, err)
		}
	}
	if err := os.MkdirAll(i.fs.root, 0o755); err != nil {
		return err
	}
	return os.WriteFile(i.uidFile(), []byte(uidString(i.pod)), 0o644)
}

// ownsProcess: the running process was started for this pod (same UID file).
func (i *instance) ownsProcess() bool {
	b, err := os.ReadFile(i.uidFile())
	return err == nil && string(b) == uidString(i.pod)
}

func (i *instance) start() error {
	i.started = time.Now()
	if _, _, err := i.daemon.Start(); err != nil {
		return fmt.Errorf("pod %s/%s: %w", i.pod.Namespace, i.pod.Name, err)
	}
	return nil
}

// backoff doubles from 10 s up to 5 min, as the kubelet's CrashLoopBackOff.
func (i *instance) backoff() time.Duration {
	d := 10 * time.Second
	for n := 1; n < i.restarts && d < 5*time.Minute; n++ {
		d *= 2
	}
	return min(d, 5*time.Minute)
}

func (i *instance) renewTokens(ctx context.Context, ti tokenIssuer) {
	now := time.Now()
	for _, t := range i.tokens {
		if t.due(now) {
			if err := ti.write(ctx, i.pod, t); err != nil {
				log.Printf("pod %s/%s: renew token %s: %v", i.pod.Namespace, i.pod.Name, t.path, err)
			}
		}
	}
}

// probe runs the container's readiness probe (httpGet or tcpSocket) against the
// pod's loopback address; without a probe, the first container port must accept.
func (i *instance) probe(ctx context.Context) error {
	p := i.container.ReadinessProbe
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	switch {
	case p != nil && p.HTTPGet != nil:
		return i.httpProbe(ctx, p.HTTPGet)
	case p != nil && p.TCPSocket != nil:
		return i.tcpProbe(ctx, i.port(p.TCPSocket.Port))
	case len(i.container.Ports) > 0:
		return i.tcpProbe(ctx, int(i.container.Ports[0].ContainerPort))
	}
	return nil
}

func (i *instance) httpProbe(ctx context.Context, g *corev1.HTTPGetAction) error {
	scheme := strings.ToLower(string(g.Scheme))
	if scheme == "" {
		scheme = "http"
	}
	url := fmt.Sprintf("%s://%s%s", scheme, netip.AddrPortFrom(i.ip, uint16(i.port(g.Port))), g.Path)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode >= 400 {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	return nil
}

func (i *instance) tcpProbe(ctx context.Context, port int) error {
	c, err := (&netDialer).DialContext(ctx, "tcp", netip.AddrPortFrom(i.ip, uint16(port)).String())
	if err == nil {
		c.Close()
	}
	return err
}

// port resolves a probe port given by number or by container port name.
func (i *instance) port(p intstr.IntOrString) int {
	if p.Type == intstr.Int {
		return p.IntValue()
	}
	for _, cp := range i.container.Ports {
		if cp.Name == p.StrVal {
			return int(cp.ContainerPort)
		}
	}
	n, _ := strconv.Atoi(p.StrVal)
	return n
}
