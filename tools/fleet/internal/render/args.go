package render

import (
	"fmt"
	"strings"

	"meshfleet/tools/fleet/internal/state"
	"meshfleet/tools/fleet/internal/topology"
)

// EtcdArgs is the command line of the one etcd that serves every cluster.
// Plain HTTP is acceptable because it listens on 127.0.0.1 only and holds throwaway
// dev data; --unsafe-no-fsync because the data is disposable and fsync on a shared
// disk is what makes a 20-cluster start slow.
func EtcdArgs(dataDir string) []string {
	client := fmt.Sprintf("http://127.0.0.1:%d", topology.EtcdClientPort)
	peer := fmt.Sprintf("http://127.0.0.1:%d", topology.EtcdPeerPort)
	return []string{
		"--name=fleet",
		"--data-dir=" + dataDir,
		"--listen-client-urls=" + client,
		"--advertise-client-urls=" + client,
		"--listen-peer-urls=" + peer,
		"--initial-advertise-peer-urls=" + peer,
		"--initial-cluster=fleet=" + peer,
		"--unsafe-no-fsync=true",
		"--quota-backend-bytes=8589934592",
		"--snapshot-count=5000", // fewer raft entries kept in memory
		"--log-level=warn",
	}
}

// EtcdURL is what the API servers dial.
func EtcdURL() string { return fmt.Sprintf("http://127.0.0.1:%d", topology.EtcdClientPort) }

// APIServerArgs is the command line of one cluster's kube-apiserver.
func APIServerArgs(c topology.Cluster, p state.ClusterPaths) []string {
	return []string{
		"--etcd-servers=" + EtcdURL(),
		"--etcd-prefix=" + c.EtcdPrefix(),
		"--bind-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", c.APIServerPort),
		// Loopback is not a valid Endpoints address, so the API server must not
		// publish itself as the `kubernetes` Service's endpoint (reconciler off).
		"--advertise-address=127.0.0.1",
		"--endpoint-reconciler-type=none",
		"--tls-cert-file=" + p.PKI("apiserver.crt"),
		"--tls-private-key-file=" + p.PKI("apiserver.key"),
		"--client-ca-file=" + p.PKI("ca.crt"),
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--api-audiences=https://kubernetes.default.svc.cluster.local,istio-ca",
		"--service-account-key-file=" + p.PKI("sa.pub"),
		"--service-account-signing-key-file=" + p.PKI("sa.key"),
		"--authorization-mode=Node,RBAC",
		"--enable-admission-plugins=" + strings.Join(admissionPlugins, ","),
		"--service-cluster-ip-range=" + c.ServiceCIDR.String(),
		// Webhooks and aggregated APIs are reached at their endpoints (pod IPs), not
		// ClusterIPs (no kube-proxy runs) ...
		"--enable-aggregator-routing=true",
		// ... and every such connection goes through the kubelet stand-in's proxy,
		// which maps pod IP:port to a local process; no packet leaves the machine.
		"--egress-selector-config-file=" + p.EgressConfig(),
		"--allow-privileged=true",
		"--profiling=false",
		"--event-ttl=30m",
		"--v=1",
	}
}

// AuditPolicy logs every request at Metadata level (who, user agent, verb, URI,
// status; no bodies), once per request: the RequestReceived stage is omitted, so a
// request has one ResponseComplete entry (a watch also a ResponseStarted one).
const AuditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: Metadata
`

// AuditArgs turn on the API server's audit log (opt-in: FLEET_AUDIT=1 at `fleet up`):
// JSON lines in logPath, written synchronously (blocking mode, so an entry is in the
// file when the response is), rotated at 100 MB with one backup.
func AuditArgs(policyFile, logPath string) []string {
	return []string{
		"--audit-policy-file=" + policyFile,
		"--audit-log-path=" + logPath,
		"--audit-log-format=json",
		"--audit-log-mode=blocking",
		"--audit-log-maxsize=100",
		"--audit-log-maxbackup=1",
	}
}

// admissionPlugins are added to the API server's default set (which already has
// NamespaceLifecycle, ServiceAccount, ...); the webhooks are named so that it is
// visible that Istio's sidecar injector and validation webhook will be called.
var admissionPlugins = []string{"NodeRestriction", "MutatingAdmissionWebhook", "ValidatingAdmissionWebhook"}

// ControllerManagerArgs is the command line of one cluster's kube-controller-manager.
func ControllerManagerArgs(c topology.Cluster, p state.ClusterPaths) []string {
	return []string{
		"--kubeconfig=" + p.Kubeconfig("controller-manager"),
		"--bind-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", c.ControllerManagerPort),
		// One instance per cluster: leader election would only add etcd writes.
		"--leader-elect=false",
		"--use-service-account-credentials=true",
		// The token controller fills kubernetes.io/service-account-token Secrets
		// (the meshfleet SA's long-lived token) and needs the signing key and CA.
		"--service-account-private-key-file=" + p.PKI("sa.key"),
		"--root-ca-file=" + p.PKI("ca.crt"),
		"--controllers=" + strings.Join(Controllers, ","),
		"--profiling=false",
		"--v=1",
	}
}

// Controllers keeps every default controller except those for things that cannot
// exist here (volumes, cloud load balancers and routes, node CIDRs, CSRs, device claims) — each
// costs memory and watches in every cluster.
var Controllers = []string{
	"*",
	"-persistentvolume-binder-controller", "-persistentvolume-attach-detach-controller",
	"-persistentvolume-expander-controller", "-persistentvolume-protection-controller",
	"-persistentvolumeclaim-protection-controller", "-ephemeral-volume-controller",
	"-service-lb-controller", "-node-route-controller", "-node-ipam-controller",
	"-certificatesigningrequest-signing-controller", "-certificatesigningrequest-approving-controller",
	"-certificatesigningrequest-cleaner-controller",
	"-resourceclaim-controller", "-device-taint-eviction-controller", "-volumeattributesclass-protection-controller",
}

// EgressSelectorConfig sends the API server's "cluster" traffic (webhooks, aggregated
// APIs, pod logs/exec) as HTTP CONNECT over a unix socket to the kubelet stand-in.
func EgressSelectorConfig(socket string) string {
	return fmt.Sprintf(`apiVersion: apiserver.k8s.io/v1beta1
kind: EgressSelectorConfiguration
egressSelections:
- name: cluster
  connection:
    proxyProtocol: HTTPConnect
    transport:
      uds:
        udsName: %s
`, socket)
}
