// Package demo renders the demo application `fleet demo` installs in the workload
// clusters: a small shop in the style of Istio's bookinfo sample (app/version labels,
// one Service per app, a second version of catalog for traffic-shifting demos).
package demo

import (
	"fmt"
	"strings"
)

// Workload is one Deployment; every app also gets a Service on port 8080 (named
// "http" so Istio detects the protocol).
type Workload struct {
	Namespace string
	App       string
	Version   string
	Replicas  int
}

// Workloads of the demo. Pods are simulated (the kubelet stand-in marks them Ready);
// the images are never pulled.
var Workloads = []Workload{
	{"shop", "frontend", "v1", 2},
	{"shop", "catalog", "v1", 2},
	{"shop", "catalog", "v2", 1},
	{"shop", "cart", "v1", 1},
	{"shop", "checkout", "v1", 1},
	{"payments", "payments", "v1", 2},
	{"payments", "ledger", "v1", 1},
}

// WorkloadClusters are the clusters that get the demo: the mesh's members, not the
// control-plane cluster.
var WorkloadClusters = []string{"east", "west"}

// Manifests renders namespaces, ServiceAccounts, Services and Deployments for one
// cluster; the cluster name goes into a label so the UI can show where a pod runs.
func Manifests(cluster string) string {
	var b strings.Builder
	seenNS, seenApp := map[string]bool{}, map[string]bool{}
	for _, w := range Workloads {
		if !seenNS[w.Namespace] {
			seenNS[w.Namespace] = true
			fmt.Fprintf(&b, nsTmpl, w.Namespace)
		}
		if key := w.Namespace + "/" + w.App; !seenApp[key] {
			seenApp[key] = true
			fmt.Fprintf(&b, serviceTmpl, w.App, w.Namespace)
		}
		fmt.Fprintf(&b, deploymentTmpl, w.App, w.Version, w.Namespace, w.Replicas, cluster)
	}
	return b.String()
}

const nsTmpl = `---
apiVersion: v1
kind: Namespace
metadata:
  name: %s
  labels:
    meshfleet.io/demo: "true"
    istio-injection: enabled
`

const serviceTmpl = `---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: %[1]s
  namespace: %[2]s
---
apiVersion: v1
kind: Service
metadata:
  name: %[1]s
  namespace: %[2]s
  labels:
    app: %[1]s
    service: %[1]s
spec:
  selector:
    app: %[1]s
  ports:
  - name: http
    port: 8080
    targetPort: 8080
`

const deploymentTmpl = `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: %[1]s-%[2]s
  namespace: %[3]s
  labels:
    app: %[1]s
    version: %[2]s
spec:
  replicas: %[4]d
  selector:
    matchLabels:
      app: %[1]s
      version: %[2]s
  template:
    metadata:
      labels:
        app: %[1]s
        version: %[2]s
        meshfleet.io/cluster: %[5]s
    spec:
      serviceAccountName: %[1]s
      containers:
      - name: %[1]s
        image: docker.io/meshfleet/demo-%[1]s:%[2]s
        ports:
        - containerPort: 8080
          name: http
`
