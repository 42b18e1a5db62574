// Package sim runs the simulation: a graph store the admin API edits, and a
// loop that advances traffic in real time into the metrics recorder.
package sim

import (
	"errors"
	"fmt"
	"sync"

	"meshfleet.local/tools/trafficsim/graph"
)

// ErrNotFound marks a request for an edge that does not exist.
var ErrNotFound = errors.New("not found")

// Store holds the current graph. Every change is validated as a whole graph
// before it replaces the old one, so the loop never sees a broken graph.
type Store struct {
	// edit serializes read-modify-write changes so none is lost.
	edit sync.Mutex
	mu   sync.RWMutex
	g    graph.Graph
}

// NewStore starts from a valid graph.
func NewStore(g graph.Graph) *Store { return &Store{g: g} }

// Graph returns the current graph (callers must not modify its slices).
func (s *Store) Graph() graph.Graph {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.g
}

// Replace swaps in a new graph after normalizing and validating it.
func (s *Store) Replace(g graph.Graph) error {
	s.edit.Lock()
	defer s.edit.Unlock()
	return s.replace(g)
}

func (s *Store) replace(g graph.Graph) error {
	g = graph.Normalize(g)
	if err := graph.Validate(g); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.g = g
	return nil
}

// Edge returns one edge by id.
func (s *Store) Edge(id string) (graph.Edge, error) {
	g := s.Graph()
	for _, e := range g.Edges {
		if e.ID == id {
			return e, nil
		}
	}
	return graph.Edge{}, fmt.Errorf("edge %q: %w", id, ErrNotFound)
}

// UpdateEdge applies change to edge id and validates the result.
func (s *Store) UpdateEdge(id string, change func(graph.Edge) (graph.Edge, error)) (graph.Edge, error) {
	s.edit.Lock()
	defer s.edit.Unlock()
	g := s.Graph()
	for i, e := range g.Edges {
		if e.ID != id {
			continue
		}
		changed, err := change(e)
		if err != nil {
			return graph.Edge{}, err
		}
		g.Edges = append([]graph.Edge{}, g.Edges...)
		g.Edges[i] = changed
		return changed, s.replace(g)
	}
	return graph.Edge{}, fmt.Errorf("edge %q: %w", id, ErrNotFound)
}

// PutEdge adds or replaces an edge.
func (s *Store) PutEdge(e graph.Edge) error {
	s.edit.Lock()
	defer s.edit.Unlock()
	g := s.Graph()
	edges := make([]graph.Edge, 0, len(g.Edges)+1)
	replaced := false
	for _, old := range g.Edges {
		if old.ID == e.ID {
			old, replaced = e, true
		}
		edges = append(edges, old)
	}
	if !replaced {
		edges = append(edges, e)
	}
	g.Edges = edges
	return s.replace(g)
}

// DeleteEdge removes an edge. Its series stay in /metrics with their last
// values, as Envoy keeps stats until the sidecar restarts.
func (s *Store) DeleteEdge(id string) error {
	s.edit.Lock()
	defer s.edit.Unlock()
	g := s.Graph()
	var edges []graph.Edge
	for _, e := range g.Edges {
		if e.ID != id {
			edges = append(edges, e)
		}
	}
	if len(edges) == len(g.Edges) {
		return fmt.Errorf("edge %q: %w", id, ErrNotFound)
	}
	g.Edges = edges
	return s.replace(g)
}
