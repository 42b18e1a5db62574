package graph

import (
	"bytes"
	"encoding/json"
	"fmt"

	"sigs.k8s.io/yaml"
)

// Parse reads a graph from YAML or JSON, rejecting unknown fields (a typo in
// a test's graph should fail loudly, not silently use a default), and returns
// it normalized and validated.
func Parse(data []byte) (Graph, error) {
	var g Graph
	if err := yaml.UnmarshalStrict(data, &g); err != nil {
		return Graph{}, fmt.Errorf("parse graph: %w", err)
	}
	g = Normalize(g)
	if err := Validate(g); err != nil {
		return Graph{}, fmt.Errorf("invalid graph: %w", err)
	}
	return g, nil
}

// ParseEdge reads one edge (YAML or JSON) and normalizes it.
func ParseEdge(data []byte) (Edge, error) {
	var e Edge
	if err := yaml.UnmarshalStrict(data, &e); err != nil {
		return Edge{}, fmt.Errorf("parse edge: %w", err)
	}
	return NormalizeEdge(e), nil
}

// PatchEdge applies a JSON merge patch (RFC 7386 for this flat shape: the
// fields present replace the edge's, nested latency fields merge) to an
// edge. The id cannot change: it is how tests address the edge.
func PatchEdge(e Edge, patch []byte) (Edge, error) {
	jsonPatch, err := yaml.YAMLToJSON(patch)
	if err != nil {
		return Edge{}, fmt.Errorf("parse patch: %w", err)
	}
	patched := e
	dec := json.NewDecoder(bytes.NewReader(jsonPatch))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&patched); err != nil {
		return Edge{}, fmt.Errorf("apply patch to edge %q: %w", e.ID, err)
	}
	if patched.ID != e.ID {
		return Edge{}, fmt.Errorf("patch edge %q: id cannot change (got %q)", e.ID, patched.ID)
	}
	return NormalizeEdge(patched), nil
}
