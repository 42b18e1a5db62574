package kubelet

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// egressProxy is the fleet's "pod network" as the API server sees it: the API server
// sends its cluster-bound connections (webhooks, aggregated APIs) as HTTP CONNECT to
// this unix socket, and the proxy hands them to the runtime of the pod that owns the
// target IP. Nothing is ever dialled at a pod IP, so no packet leaves the machine.
type egressProxy struct {
	socket     string
	podByIP    func(ip string) (*corev1.Pod, bool)
	runtimeFor func(*corev1.Pod) PodRuntime
}

func (p *egressProxy) serve(ctx context.Context) error {
	_ = os.Remove(p.socket) // a stale socket from a killed stand-in
	l, err := net.Listen("unix", p.socket)
	if err != nil {
		return fmt.Errorf("egress proxy: listen on %s: %w", p.socket, err)
	}
	srv := &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	go func() { <-ctx.Done(); _ = srv.Close() }()
	if err := srv.Serve(l); err != nil && err != http.ErrServerClosed {
		return fmt.Errorf("egress proxy: %w", err)
	}
	return nil
}

func (p *egressProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodConnect {
		http.Error(w, "only CONNECT is supported", http.StatusMethodNotAllowed)
		return
	}
	upstream, err := p.dial(r.Context(), r.Host)
	if err != nil {
		log.Printf("egress: CONNECT %s: %v", r.Host, err)
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		upstream.Close()
		http.Error(w, "cannot hijack", http.StatusInternalServerError)
		return
	}
	client, buf, err := hj.Hijack()
	if err != nil {
		upstream.Close()
		return
	}
	_, _ = client.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n"))
	pipe(client, buf, upstream)
}

func (p *egressProxy) dial(ctx context.Context, hostPort string) (net.Conn, error) {
	host, portStr, err := net.SplitHostPort(hostPort)
	if err != nil {
		return nil, fmt.Errorf("bad target %q: %w", hostPort, err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil {
		return nil, fmt.Errorf("bad port in %q", hostPort)
	}
	pod, ok := p.podByIP(host)
	if !ok {
		return nil, fmt.Errorf("no running pod has IP %s", host)
	}
	return p.runtimeFor(pod).Dial(ctx, pod, port)
}

// pipe copies both ways until either side closes; buffered bytes the HTTP server
// already read from the client go first.
func pipe(client net.Conn, buf io.Reader, upstream net.Conn) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); _, _ = io.Copy(upstream, buf); closeWrite(upstream) }()
	go func() { defer wg.Done(); _, _ = io.Copy(client, upstream); closeWrite(client) }()
	wg.Wait()
	client.Close()
	upstream.Close()
}

func closeWrite(c net.Conn) {
	if cw, ok := c.(interface{ CloseWrite() error }); ok {
		_ = cw.CloseWrite()
	} else {
		_ = c.Close()
	}
}
