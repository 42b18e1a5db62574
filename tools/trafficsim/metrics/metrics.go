// Package metrics holds the simulated Envoy statistics as Prometheus
// collectors, with Istio's standard metric names, labels and buckets.
package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"meshfleet.local/tools/trafficsim/model"
)

// EnvoyDefaultBuckets are Envoy's default histogram buckets, which Istio's
// standard histograms use unless a pod overrides them with the
// sidecar.istio.io/statsHistogramBuckets annotation.
var EnvoyDefaultBuckets = []float64{0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000,
	10000, 30000, 60000, 300000, 600000, 1800000, 3600000}

// Recorder owns the collectors and applies model steps to them.
type Recorder struct {
	Registry      *prometheus.Registry
	requests      *prometheus.CounterVec
	duration      *prometheus.HistogramVec
	requestBytes  *prometheus.HistogramVec
	responseBytes *prometheus.HistogramVec
	tcpSent       *prometheus.CounterVec
	tcpReceived   *prometheus.CounterVec
	tcpOpened     *prometheus.CounterVec
	tcpClosed     *prometheus.CounterVec
}

// NewRecorder registers Istio's standard metrics on a fresh registry (no Go
// runtime metrics: a scrape should look like an Envoy's).
func NewRecorder() *Recorder {
	r := &Recorder{Registry: prometheus.NewRegistry()}
	r.requests = counter("istio_requests_total", "Simulated: requests, as Envoy sidecars count them.", model.RequestLabels)
	r.duration = histogram("istio_request_duration_milliseconds", "Simulated: request duration in ms.")
	r.requestBytes = histogram("istio_request_bytes", "Simulated: request body sizes in bytes.")
	r.responseBytes = histogram("istio_response_bytes", "Simulated: response body sizes in bytes.")
	r.tcpSent = counter("istio_tcp_sent_bytes_total", "Simulated: bytes sent in the response direction of TCP connections.", model.CommonLabels)
	r.tcpReceived = counter("istio_tcp_received_bytes_total", "Simulated: bytes received in the request direction of TCP connections.", model.CommonLabels)
	r.tcpOpened = counter("istio_tcp_connections_opened_total", "Simulated: TCP connections opened.", model.CommonLabels)
	r.tcpClosed = counter("istio_tcp_connections_closed_total", "Simulated: TCP connections closed.", model.CommonLabels)
	r.Registry.MustRegister(r.requests, r.duration, r.requestBytes, r.responseBytes,
		r.tcpSent, r.tcpReceived, r.tcpOpened, r.tcpClosed)
	return r
}

func counter(name, help string, labels []string) *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
}

func histogram(name, help string) *prometheus.HistogramVec {
	return prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help,
		Buckets: EnvoyDefaultBuckets}, model.RequestLabels)
}

// Apply adds one step's samples to the collectors.
func (r *Recorder) Apply(step model.Step) {
	for _, s := range step.Requests {
		labels := prometheus.Labels(s.Labels)
		r.requests.With(labels).Add(float64(len(s.DurationsMs)))
		observeAll(r.duration.With(labels), s.DurationsMs)
		observeAll(r.requestBytes.With(labels), s.RequestBytes)
		observeAll(r.responseBytes.With(labels), s.ResponseBytes)
	}
	for _, s := range step.TCP {
		labels := prometheus.Labels(s.Labels)
		// Simulated connections are short-lived: each closes in its step.
		r.tcpOpened.With(labels).Add(float64(s.Opened))
		r.tcpClosed.With(labels).Add(float64(s.Opened))
		r.tcpSent.With(labels).Add(s.SentBytes)
		r.tcpReceived.With(labels).Add(s.ReceivedBytes)
	}
}

func observeAll(o prometheus.Observer, values []float64) {
	for _, v := range values {
		o.Observe(v)
	}
}
