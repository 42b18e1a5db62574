// Package admin is the simulator's HTTP API: /metrics for Prometheus, and
// endpoints for tests to read and change the simulated call graph.
package admin

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"meshfleet.local/tools/trafficsim/graph"
	"meshfleet.local/tools/trafficsim/mesh"
	"meshfleet.local/tools/trafficsim/model"
	"meshfleet.local/tools/trafficsim/sim"
)

const maxBody = 4 << 20

// Handler serves the API for a runner.
func Handler(r *sim.Runner) http.Handler {
	mux := http.NewServeMux()
	metrics := promhttp.HandlerFor(r.Recorder.Registry, promhttp.HandlerOpts{})
	mux.Handle("GET /metrics", metrics)
	// Envoy's own path for the same data, so scrape configs written for
	// sidecars (port 15090) also work.
	mux.Handle("GET /stats/prometheus", metrics)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok (simulated)") })
	mux.HandleFunc("GET /graph", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, r.Store.Graph()) })
	mux.HandleFunc("PUT /graph", putGraph(r.Store))
	mux.HandleFunc("GET /edges/{id}", getEdge(r.Store))
	mux.HandleFunc("PUT /edges/{id}", putEdge(r.Store))
	mux.HandleFunc("PATCH /edges/{id}", patchEdge(r.Store))
	mux.HandleFunc("DELETE /edges/{id}", deleteEdge(r.Store))
	mux.HandleFunc("GET /mesh", getMesh(r))
	return mux
}

func putGraph(store *sim.Store) http.HandlerFunc {
	return func(w http.ResponseWriter, req *http.Request) {
		body, ok := readBody(w, req)
		if !ok {
			return
		}
		g, err := graph.Parse(body)
		if err == nil {
			err = store.Replace(g)
		}
		respond(w, store.Graph(), err)
	}
}

func getEdge(store *sim.Store) http.HandlerFunc {
	return func(w http.ResponseWriter, req *http.Request) {
		e, err := store.Edge(req.PathValue("id"))
		respond(w, e, err)
	}
}

// putEdge creates or replaces an edge; the id in the path wins.
func putEdge(store *sim.Store) http.HandlerFunc {
	return func(w http.ResponseWriter, req *http.Request) {
		body, ok := readBody(w, req)
		if !ok {
			return
		}
		e, err := graph.ParseEdge(body)
		e.ID = req.PathValue("id")
		if err == nil {
			err = store.PutEdge(e)
		}
		respond(w, e, err)
	}
}

// patchEdge applies a JSON merge patch, e.g. {"rps": 50, "errorRatio": 0.2}.
func patchEdge(store *sim.Store) http.HandlerFunc {
	return func(w http.ResponseWriter, req *http.Request) {
		body, ok := readBody(w, req)
		if !ok {
			return
		}
		e, err := store.UpdateEdge(req.PathValue("id"), func(e graph.Edge) (graph.Edge, error) {
			return graph.PatchEdge(e, body)
		})
		respond(w, e, err)
	}
}

func deleteEdge(store *sim.Store) http.HandlerFunc {
	return func(w http.ResponseWriter, req *http.Request) {
		err := store.DeleteEdge(req.PathValue("id"))
		respond(w, map[string]string{"deleted": req.PathValue("id")}, err)
	}
}

// meshView is GET /mesh: what the simulator believes about each graph
// workload and each edge, to debug "why is there no series for X".
type meshView struct {
	State     mesh.State                    `json:"state"`
	Workloads map[string]mesh.WorkloadState `json:"workloads"`
	Edges     map[string][]model.Flow       `json:"edges"`
}

func getMesh(r *sim.Runner) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		g, st := r.Store.Graph(), r.LastMesh()
		view := meshView{State: st, Workloads: map[string]mesh.WorkloadState{}, Edges: map[string][]model.Flow{}}
		for _, wl := range g.Workloads {
			if ws, known := st.Lookup(wl); known {
				view.Workloads[wl.ID] = ws
			}
		}
		for _, e := range g.Edges {
			if flows, _, known := model.EdgeFlows(g, st, e); known {
				view.Edges[e.ID] = flows
			}
		}
		writeJSON(w, view)
	}
}

func readBody(w http.ResponseWriter, req *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, maxBody))
	if err != nil {
		http.Error(w, "read body: "+err.Error(), http.StatusBadRequest)
		return nil, false
	}
	return body, true
}

func respond(w http.ResponseWriter, v any, err error) {
	switch {
	case errors.Is(err, sim.ErrNotFound):
		http.Error(w, err.Error(), http.StatusNotFound)
	case err != nil:
		http.Error(w, err.Error(), http.StatusBadRequest)
	default:
		writeJSON(w, v)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
