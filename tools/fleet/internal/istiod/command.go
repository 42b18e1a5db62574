package istiod

import (
	"fmt"
	"net/netip"
	"os"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// listenFlags are pilot-discovery's flags for the addresses it listens on, with
// Istio's default ports. Each is re-bound to the pod's loopback address.
var listenFlags = []struct{ flag, defaultPort string }{
	{"--httpAddr", "8080"},        // /ready, /debug/*
	{"--httpsAddr", "15017"},      // injection and validation webhooks
	{"--grpcAddr", "15010"},       // plaintext xDS
	{"--secureGRPCAddr", "15012"}, // xDS over mTLS, CA
	{"--monitoringAddr", "15014"}, // /metrics
}

// ctrlzPort is istiod's introspection port; its address defaults to 127.0.0.1,
// where two istiods would collide.
const ctrlzPort = "9876"

// processArgs is the pod's command line for pilot-discovery: the container's
// command (minus the image's binary path) and args with $(VAR) expanded and mounted
// paths rewritten, then the fleet's flags. pflag keeps the last value of a repeated
// flag, so appending overrides the chart's "--monitoringAddr=:15014".
func processArgs(c *corev1.Container, env []string, ip netip.Addr, fs podFS, kubeconfig string) []string {
	vars := envMap(env)
	var args []string
	if len(c.Command) > 1 {
		args = append(args, c.Command[1:]...) // Command[0] is the image's binary
	}
	args = append(args, c.Args...)
	for i, a := range args {
		args[i] = fs.rewritePath(expandVars(a, vars))
	}
	for _, l := range listenFlags {
		port := portOf(flagValue(args, l.flag), l.defaultPort)
		args = append(args, fmt.Sprintf("%s=%s", l.flag, ip.String()+":"+port))
	}
	return append(args, "--ctrlz_address="+ip.String(), "--ctrlz_port="+ctrlzPort, "--kubeconfig="+kubeconfig)
}

// processEnv is the environment on top of the stand-in's own: Go's defaults first
// (the stand-in runs with a small GOMEMLIMIT that istiod must not inherit), then the
// pod's resolved env with mounted paths rewritten, then KUBECONFIG.
func processEnv(podEnv []string, fs podFS, kubeconfig string) []string {
	out := []string{"GOGC=100", "GOMEMLIMIT=off"}
	for _, kv := range podEnv {
		k, v, _ := strings.Cut(kv, "=")
		out = append(out, k+"="+fs.rewritePath(v))
	}
	return append(out, "KUBECONFIG="+kubeconfig)
}

// chooseKubeconfig prefers a kubeconfig the pod brings (the chart's KUBECONFIG
// env, filled from the istio-kubeconfig Secret for an external istiod) when that
// file exists, as istiod would; otherwise the fleet's in-cluster substitute.
func chooseKubeconfig(podEnv []string, fs podFS, inCluster string) string {
	if p, ok := envMap(podEnv)["KUBECONFIG"]; ok && p != "" {
		if st, err := os.Stat(fs.rewritePath(p)); err == nil && !st.IsDir() {
			return fs.rewritePath(p)
		}
	}
	return inCluster
}

func envMap(env []string) map[string]string {
	m := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return m
}

// flagValue finds the last value of a flag given as "--f=v", "--f v" or "-f=v".
func flagValue(args []string, flag string) string {
	name := strings.TrimLeft(flag, "-")
	val := ""
	for i, a := range args {
		n := strings.TrimLeft(a, "-")
		if n == a {
			continue // not a flag
		}
		if k, v, ok := strings.Cut(n, "="); ok && k == name {
			val = v
		} else if n == name && i+1 < len(args) {
			val = args[i+1]
		}
	}
	return val
}

// portOf takes the port of "host:port" or ":port", else the default.
func portOf(addr, def string) string {
	if i := strings.LastIndex(addr, ":"); i >= 0 && i+1 < len(addr) {
		return addr[i+1:]
	}
	return def
}
