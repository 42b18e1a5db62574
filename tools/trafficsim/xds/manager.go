package xds

import (
	"context"
	"encoding/json"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sort"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/credentials/insecure"
)

// Reconnect back-off of one stream, as Envoy's ADS retry: exponential with
// jitter, reset once a stream has delivered a response.
const (
	retryBase = 500 * time.Millisecond
	retryMax  = 15 * time.Second
)

// maxResponseBytes: istiod's pushes to a sidecar (all clusters of the mesh in
// one CDS response) can exceed gRPC's default 4 MiB receive limit.
const maxResponseBytes = 64 << 20

// Manager keeps exactly one stream per planned sidecar: Reconcile opens
// streams for new pods, closes those of pods that went away, and moves a
// stream when its pod's istiod changed address. Streams to one istiod share
// one gRPC connection (HTTP/2 streams), so a thousand sidecars cost one socket.
type Manager struct {
	ctx     context.Context
	mu      sync.Mutex
	streams map[string]*podStream
	conns   map[string]*grpc.ClientConn
}

type podStream struct {
	target Target
	cancel context.CancelFunc
	done   chan struct{}

	mu     sync.Mutex
	status StreamStatus
}

// StreamStatus is what GET /xds shows for one simulated sidecar.
type StreamStatus struct {
	Pod       string         `json:"pod"`
	Istiod    string         `json:"istiod"`
	Address   string         `json:"address"`
	Connected bool           `json:"connected"` // istiod answered on the current stream
	Since     time.Time      `json:"since,omitzero"`
	Streams   int            `json:"streams"`   // streams opened, reconnects included
	Responses map[string]int `json:"responses"` // by type URL, over all streams
	LastError string         `json:"lastError,omitempty"`
}

// NewManager: streams end when ctx ends.
func NewManager(ctx context.Context) *Manager {
	return &Manager{ctx: ctx, streams: map[string]*podStream{}, conns: map[string]*grpc.ClientConn{}}
}

// Reconcile makes the open streams match targets.
func (m *Manager) Reconcile(targets []Target) {
	m.mu.Lock()
	defer m.mu.Unlock()
	want := map[string]Target{}
	for _, t := range targets {
		want[t.Key] = t
	}
	for key, s := range m.streams {
		if t, ok := want[key]; !ok || t.Address != s.target.Address {
			s.stop()
			delete(m.streams, key)
		}
	}
	for key, t := range want {
		if _, ok := m.streams[key]; ok {
			continue
		}
		conn, err := m.conn(t.Address)
		if err != nil {
			slog.Warn("xds: no gRPC client for istiod", "istiod", t.Istiod, "address", t.Address, "err", err)
			continue
		}
		m.streams[key] = m.start(t, conn)
	}
	m.closeUnusedConns()
}

// Close ends every stream (the context passed to NewManager does too).
func (m *Manager) Close() {
	m.Reconcile(nil)
}

// Status lists every stream, by pod.
func (m *Manager) Status() []StreamStatus {
	m.mu.Lock()
	out := make([]StreamStatus, 0, len(m.streams))
	for _, s := range m.streams {
		out = append(out, s.snapshot())
	}
	m.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Pod < out[j].Pod })
	return out
}

// ServeHTTP answers GET /xds: {"connected": n, "streams": [...]}.
func (m *Manager) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	streams := m.Status()
	connected := 0
	for _, s := range streams {
		if s.Connected {
			connected++
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"simulated": true, "connected": connected, "streams": streams})
}

func (m *Manager) conn(address string) (*grpc.ClientConn, error) {
	if c, ok := m.conns[address]; ok {
		return c, nil
	}
	c, err := grpc.NewClient(address,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(maxResponseBytes)),
		// gRPC's own reconnect back-off grows to two minutes; an istiod that
		// restarts at the same address should see its sidecars back sooner.
		grpc.WithConnectParams(grpc.ConnectParams{Backoff: backoff.Config{
			BaseDelay: retryBase, Multiplier: 1.6, Jitter: 0.2, MaxDelay: retryMax}, MinConnectTimeout: 5 * time.Second}))
	if err != nil {
		return nil, err
	}
	m.conns[address] = c
	return c, nil
}

func (m *Manager) closeUnusedConns() {
	used := map[string]bool{}
	for _, s := range m.streams {
		used[s.target.Address] = true
	}
	for address, c := range m.conns {
		if !used[address] {
			_ = c.Close()
			delete(m.conns, address)
		}
	}
}

func (m *Manager) start(t Target, conn *grpc.ClientConn) *podStream {
	ctx, cancel := context.WithCancel(m.ctx)
	s := &podStream{target: t, cancel: cancel, done: make(chan struct{}),
		status: StreamStatus{Pod: t.Pod, Istiod: t.Istiod, Address: t.Address, Responses: map[string]int{}}}
	go s.run(ctx, conn)
	return s
}

// stop ends the stream and waits for it, so that a replaced stream never
// overlaps its successor in istiod's count.
func (s *podStream) stop() {
	s.cancel()
	<-s.done
}

// run reconnects with back-off until ctx ends, like Envoy's ADS client.
func (s *podStream) run(ctx context.Context, conn *grpc.ClientConn) {
	defer close(s.done)
	node, err := s.target.Node()
	if err != nil {
		s.setError(err)
		slog.Warn("xds: cannot build the sidecar's node", "pod", s.target.Pod, "err", err)
		return
	}
	delay := retryBase
	for ctx.Err() == nil {
		s.update(func(st *StreamStatus) { st.Streams++ })
		answered := false
		err := runStream(ctx, conn, node, func(typeURL string) {
			answered = true
			s.update(func(st *StreamStatus) {
				if !st.Connected {
					st.Connected, st.Since = true, time.Now()
				}
				st.Responses[typeURL]++
			})
		})
		if ctx.Err() != nil {
			return
		}
		s.setError(err)
		if answered {
			delay = retryBase
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(delay + rand.N(delay/2)):
		}
		delay = min(2*delay, retryMax)
	}
}

func (s *podStream) setError(err error) {
	s.update(func(st *StreamStatus) { st.Connected, st.Since, st.LastError = false, time.Time{}, err.Error() })
}

func (s *podStream) update(fn func(*StreamStatus)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(&s.status)
}

func (s *podStream) snapshot() StreamStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.status
	st.Responses = map[string]int{}
	for k, v := range s.status.Responses {
		st.Responses[k] = v
	}
	return st
}
