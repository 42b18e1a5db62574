package sim

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"meshfleet.local/tools/trafficsim/mesh"
	"meshfleet.local/tools/trafficsim/metrics"
	"meshfleet.local/tools/trafficsim/model"
)

// MeshSource supplies the current mesh state (the kube watcher, or a fixed
// state in demo mode).
type MeshSource func() mesh.State

// Runner advances simulated traffic in real time.
type Runner struct {
	Store    *Store
	Mesh     MeshSource
	Recorder *metrics.Recorder
	Tick     time.Duration

	mu     sync.Mutex
	engine *model.Engine
	last   mesh.State
}

// NewRunner wires a runner; seed makes latency draws reproducible.
func NewRunner(store *Store, source MeshSource, rec *metrics.Recorder, tick time.Duration, seed uint64) *Runner {
	return &Runner{Store: store, Mesh: source, Recorder: rec, Tick: tick,
		engine: model.NewEngine(rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)))}
}

// Run steps every Tick until ctx ends, using the real elapsed time so a slow
// step does not lower the simulated rates.
func (r *Runner) Run(ctx context.Context) {
	ticker := time.NewTicker(r.Tick)
	defer ticker.Stop()
	last := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-ticker.C:
			r.Step(now.Sub(last))
			last = now
		}
	}
}

// Step advances dt of traffic once.
func (r *Runner) Step(dt time.Duration) {
	state := r.Mesh()
	r.mu.Lock()
	r.last = state
	step := r.engine.Advance(r.Store.Graph(), state, dt)
	r.mu.Unlock()
	r.Recorder.Apply(step)
}

// LastMesh is the mesh state the last step used (for GET /mesh).
func (r *Runner) LastMesh() mesh.State {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}
