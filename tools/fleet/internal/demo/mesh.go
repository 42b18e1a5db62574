package demo

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"

	"meshfleet/tools/fleet/internal/render"
)

// The demo mesh: Istio's primary-remote install with an external istiod. mesh-cp runs
// istiod (global.externalIstiod=true) and holds the remote secrets; east and west are
// remote clusters (remote profile, network label, controlPlaneClusters annotation)
// whose shop and payments namespaces are injected by mesh-cp's istiod.
const (
	MeshID            = "demo"
	ControlPlane      = "mesh-cp"
	IstioNamespace    = "istio-system"
	controlPlaneLabel = "topology.istio.io/controlPlaneClusters"
	networkLabel      = "topology.istio.io/network"
	// Release names are those of tools/fleet/integration, so a fleet where those
	// tests left Istio behind is upgraded in place, never installed twice.
	baseRelease    = "istio-base"
	istiodRelease  = "istiod"
	remoteRelease  = "istiod-remote"
	readerSA       = "istio-reader-service-account"
	readerSecret   = "istio-reader-service-account-istio-remote-secret-token"
	RouteName      = "istiod-route-" + ControlPlane
	forwardAnnot   = "fleet.meshfleet.io/forward"
	injectionLabel = "istio-injection"
)

// Network is the Istio network of a cluster in the demo mesh: one per cluster, as
// when every cluster has its own pod network.
func Network(cluster string) string { return "net-" + cluster }

// RemoteSecretName is the name `istioctl create-remote-secret` gives it.
func RemoteSecretName(cluster string) string { return "istio-remote-secret-" + cluster }

// InjectionPath is what Istio's docs set as istiodRemote.injectionPath for a remote.
func InjectionPath(cluster string) string {
	return "/inject/cluster/" + cluster + "/net/" + Network(cluster)
}

// IstioTools is what tools/istio/build.sh prints: HELM, ISTIO_CHARTS,
// ISTIO_GLOBAL_HUB, ISTIO_GLOBAL_TAG (a no-op run when they are built).
type IstioTools struct{ Helm, Charts, Hub, Tag string }

// ReadIstioTools runs build.sh and parses its KEY=value lines.
func ReadIstioTools(buildScript string, env []string) (IstioTools, error) {
	cmd := exec.Command(buildScript)
	cmd.Env = env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return IstioTools{}, fmt.Errorf("%s: %v\n%s", buildScript, err, lastLines(errOut.String(), 10))
	}
	vars := map[string]string{}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			vars[k] = v
		}
	}
	t := IstioTools{Helm: vars["HELM"], Charts: vars["ISTIO_CHARTS"], Hub: vars["ISTIO_GLOBAL_HUB"], Tag: vars["ISTIO_GLOBAL_TAG"]}
	if t.Helm == "" || t.Charts == "" || t.Hub == "" || t.Tag == "" {
		return t, fmt.Errorf("%s printed no HELM, ISTIO_CHARTS, ISTIO_GLOBAL_HUB or ISTIO_GLOBAL_TAG", buildScript)
	}
	return t, nil
}

// ControlPlaneValues are the istiod chart values of the demo's control plane.
func ControlPlaneValues(t IstioTools) []string {
	return setFlags(map[string]string{
		"global.hub": t.Hub, "global.tag": t.Tag,
		"global.meshID":                   MeshID,
		"global.multiCluster.clusterName": ControlPlane,
		"global.network":                  Network(ControlPlane),
		"global.externalIstiod":           "true",
	})
}

// RemoteValues are the istiod chart values (remote profile) of a member cluster:
// its injector webhook calls the control plane's istiod through the Service istiod
// whose endpoint is pilotAddress.
func RemoteValues(t IstioTools, cluster, pilotAddress string) []string {
	return setFlags(map[string]string{
		"global.hub": t.Hub, "global.tag": t.Tag,
		"profile":                         "remote",
		"global.meshID":                   MeshID,
		"global.multiCluster.clusterName": cluster,
		"global.network":                  Network(cluster),
		"global.remotePilotAddress":       pilotAddress,
		"istiodRemote.injectionPath":      InjectionPath(cluster),
	})
}

func setFlags(values map[string]string) []string {
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		out = append(out, "--set", k+"="+values[k])
	}
	return out
}

// MeshCluster is one cluster of the demo mesh, as `fleet env` describes it.
type MeshCluster struct {
	render.ClusterEnv
	Client kubernetes.Interface
}

// MeshInstall installs or converges the demo mesh.
type MeshInstall struct {
	Tools        IstioTools
	ControlPlane MeshCluster
	Members      []MeshCluster
	Log          func(format string, args ...any)
}

// InstallControlPlane: Helm base + istiod in mesh-cp, waits until istiod is
// Available (the real pilot-discovery answers /ready), and returns its pod.
func (m MeshInstall) InstallControlPlane(ctx context.Context) (*corev1.Pod, error) {
	cp := m.ControlPlane
	// --take-ownership: CRDs applied without Helm's labels (other tests) are adopted.
	if err := m.helm(ctx, cp, "upgrade", "--install", baseRelease, m.chart("base"), "-n", IstioNamespace,
		"--create-namespace", "--take-ownership", "--wait"); err != nil {
		return nil, err
	}
	if err := labelIstioNamespace(ctx, cp.Client, Network(cp.Name), ""); err != nil {
		return nil, err
	}
	args := append([]string{"upgrade", "--install", istiodRelease, m.chart("istiod"), "-n", IstioNamespace,
		"--wait", "--timeout", "5m"}, ControlPlaneValues(m.Tools)...)
	if err := m.helm(ctx, cp, args...); err != nil {
		return nil, err
	}
	if err := WaitDeploymentAvailable(ctx, cp.Client, IstioNamespace, "istiod"); err != nil {
		return nil, fmt.Errorf("%s: istiod not Available (see .fleet/clusters/%s/logs/istiod-*.log): %w", cp.Name, cp.Name, err)
	}
	var pod *corev1.Pod
	err := poll(ctx, 2*time.Minute, func() error {
		pods, err := cp.Client.CoreV1().Pods(IstioNamespace).List(ctx, metav1.ListOptions{LabelSelector: "app=istiod"})
		if err != nil {
			return err
		}
		for i := range pods.Items {
			p := &pods.Items[i]
			if p.DeletionTimestamp == nil && p.Status.PodIP != "" && podReady(p) {
				pod = p
				return nil
			}
		}
		return fmt.Errorf("no ready istiod pod")
	})
	return pod, err
}

// JoinMember makes one cluster a remote of the control plane, as Istio's
// primary-remote guide does (multi-network): base and istiod with the remote
// profile in the member, its istio-system labelled with its network and annotated
// with the control plane's cluster, and a remote secret in the control plane.
//
// remotePilotAddress: in a real multi-network install it is the address of the
// east-west gateway that exposes istiod (ports 15012, 15017). The fleet's API
// servers reach pods only through their own cluster's egress proxy, so the member
// gets a pod of its own, istiod-route-mesh-cp, whose connections the kubelet
// stand-in forwards (fleet.meshfleet.io/forward) to mesh-cp's istiod process; its
// pod IP is the remotePilotAddress.
func (m MeshInstall) JoinMember(ctx context.Context, member MeshCluster, istiod *corev1.Pod) error {
	if err := m.helm(ctx, member, "upgrade", "--install", baseRelease, m.chart("base"), "-n", IstioNamespace,
		"--create-namespace", "--take-ownership", "--set", "profile=remote", "--wait"); err != nil {
		return err
	}
	if err := labelIstioNamespace(ctx, member.Client, Network(member.Name), m.ControlPlane.Name); err != nil {
		return err
	}
	routeIP, err := ensureRoute(ctx, member.Client, istiod)
	if err != nil {
		return fmt.Errorf("%s: route to %s's istiod: %w", member.Name, m.ControlPlane.Name, err)
	}
	args := append([]string{"upgrade", "--install", remoteRelease, m.chart("istiod"), "-n", IstioNamespace,
		"--wait"}, RemoteValues(m.Tools, member.Name, routeIP)...)
	if err := m.helm(ctx, member, args...); err != nil {
		return err
	}
	token, err := ensureReaderToken(ctx, member.Client)
	if err != nil {
		return fmt.Errorf("%s: %w", member.Name, err)
	}
	kubeconfig, err := RemoteKubeconfig(member.ClusterEnv, token)
	if err != nil {
		return err
	}
	if err := ensureRemoteSecret(ctx, m.ControlPlane.Client, member.Name, kubeconfig); err != nil {
		return fmt.Errorf("%s: remote secret for %s: %w", m.ControlPlane.Name, member.Name, err)
	}
	// istiod leads the member's webhook patcher once it has read the remote secret and
	// found its cluster in controlPlaneClusters: it writes its CA into the injector.
	err = poll(ctx, 2*time.Minute, func() error {
		wh, err := member.Client.AdmissionregistrationV1().MutatingWebhookConfigurations().Get(ctx, "istio-sidecar-injector", metav1.GetOptions{})
		if err != nil {
			return err
		}
		for _, h := range wh.Webhooks {
			if len(h.ClientConfig.CABundle) == 0 {
				return fmt.Errorf("webhook %s has no caBundle yet", h.Name)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %s's istiod did not patch the sidecar injector's caBundle (see .fleet/clusters/%s/logs/istiod-*.log): %w",
			member.Name, m.ControlPlane.Name, m.ControlPlane.Name, err)
	}
	return nil
}

func (m MeshInstall) chart(name string) string { return m.Tools.Charts + "/" + name }

func (m MeshInstall) helm(ctx context.Context, c MeshCluster, args ...string) error {
	cmd := exec.CommandContext(ctx, m.Tools.Helm, args...)
	cmd.Env = append(os.Environ(), "KUBECONFIG="+c.AdminKubeconfig)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: helm %s: %v\n%s", c.Name, strings.Join(args[:min(3, len(args))], " "), err, lastLines(string(out), 15))
	}
	return nil
}

// labelIstioNamespace: the network label, and for a remote the control plane that
// leads it (topology.istio.io/controlPlaneClusters).
func labelIstioNamespace(ctx context.Context, c kubernetes.Interface, network, controlPlane string) error {
	annotations := "{}"
	if controlPlane != "" {
		annotations = fmt.Sprintf(`{%q:%q}`, controlPlaneLabel, controlPlane)
	}
	patch := fmt.Sprintf(`{"metadata":{"labels":{%q:%q},"annotations":%s}}`, networkLabel, network, annotations)
	_, err := c.CoreV1().Namespaces().Patch(ctx, IstioNamespace, types.MergePatchType, []byte(patch), metav1.PatchOptions{})
	return err
}

// PodLoopback is where the fleet's istiod runtime runs a pod's process:
// 10.a.b.c -> 127.a.b.c.
func PodLoopback(podIP string) (string, error) {
	ip, err := netip.ParseAddr(podIP)
	if err != nil || !ip.Is4() {
		return "", fmt.Errorf("pod IP %q is not IPv4", podIP)
	}
	b := ip.As4()
	b[0] = 127
	return netip.AddrFrom4(b).String(), nil
}

// RouteForwards is the forward annotation of the route pod: istiod's xDS (15012)
// and webhook (15017) ports of the control plane's istiod process.
func RouteForwards(istiodPodIP string) (string, error) {
	lo, err := PodLoopback(istiodPodIP)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("15012=%s:15012,15017=%s:15017", lo, lo), nil
}

// ensureRoute keeps one bare pod (a stable IP across istiod restarts: only its
// annotation is updated) and returns its IP once it is Ready, i.e. once the
// control plane's istiod accepts connections behind it.
func ensureRoute(ctx context.Context, c kubernetes.Interface, istiod *corev1.Pod) (string, error) {
	forwards, err := RouteForwards(istiod.Status.PodIP)
	if err != nil {
		return "", err
	}
	pods := c.CoreV1().Pods(IstioNamespace)
	existing, err := pods.Get(ctx, RouteName, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		pod := &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{
				Name: RouteName, Namespace: IstioNamespace,
				Labels: map[string]string{"app": RouteName, "meshfleet.io/demo": "true"},
				Annotations: map[string]string{
					forwardAnnot: forwards,
					"meshfleet.io/description": "fleet stand-in for the east-west gateway exposing " + ControlPlane +
						"'s istiod (15012 xDS, 15017 webhooks); its IP is global.remotePilotAddress",
				},
			},
			Spec: corev1.PodSpec{Containers: []corev1.Container{{
				Name: "route", Image: "registry.k8s.io/pause:3.10",
				Ports: []corev1.ContainerPort{{Name: "tcp-istiod", ContainerPort: 15012}, {Name: "tcp-webhook", ContainerPort: 15017}},
			}}},
		}
		if _, err := pods.Create(ctx, pod, metav1.CreateOptions{}); err != nil {
			return "", err
		}
	case err != nil:
		return "", err
	case existing.Annotations[forwardAnnot] != forwards:
		patch := fmt.Sprintf(`{"metadata":{"annotations":{%q:%q}}}`, forwardAnnot, forwards)
		if _, err := pods.Patch(ctx, RouteName, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
			return "", err
		}
	}
	var ip string
	err = poll(ctx, 2*time.Minute, func() error {
		p, err := pods.Get(ctx, RouteName, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if p.Status.PodIP == "" || !podReady(p) {
			return fmt.Errorf("pod %s not Ready (ip %q)", RouteName, p.Status.PodIP)
		}
		ip = p.Status.PodIP
		return nil
	})
	return ip, err
}

func ensureReaderToken(ctx context.Context, c kubernetes.Interface) (string, error) {
	s := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: readerSecret, Namespace: IstioNamespace,
			Annotations: map[string]string{corev1.ServiceAccountNameKey: readerSA}},
		Type: corev1.SecretTypeServiceAccountToken,
	}
	if _, err := c.CoreV1().Secrets(IstioNamespace).Create(ctx, s, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return "", err
	}
	var token string
	err := poll(ctx, time.Minute, func() error {
		got, err := c.CoreV1().Secrets(IstioNamespace).Get(ctx, readerSecret, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if token = string(got.Data[corev1.ServiceAccountTokenKey]); token == "" {
			return fmt.Errorf("the token controller has not filled %s/%s", IstioNamespace, readerSecret)
		}
		return nil
	})
	return token, err
}

// RemoteKubeconfig is what `istioctl create-remote-secret` writes: the member's URL
// and CA and the reader's token.
func RemoteKubeconfig(c render.ClusterEnv, token string) (string, error) {
	// caData is already base64, as kubeconfigs want it; only check it is.
	if _, err := base64.StdEncoding.DecodeString(c.CAData); err != nil {
		return "", fmt.Errorf("cluster %s: caData is not base64: %w", c.Name, err)
	}
	n := c.Name
	return fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: %s
    server: %s
  name: %s
contexts:
- context: {cluster: %s, user: %s}
  name: %s
current-context: %s
users:
- name: %s
  user:
    token: %s
`, c.CAData, c.URL, n, n, n, n, n, n, token), nil
}

// ensureRemoteSecret creates or updates the secret; an unchanged one is left alone
// so that a rerun does not make istiod drop and re-add the cluster.
func ensureRemoteSecret(ctx context.Context, cp kubernetes.Interface, name, kubeconfig string) error {
	want := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{
			Name: RemoteSecretName(name), Namespace: IstioNamespace,
			Labels:      map[string]string{"istio/multiCluster": "true"},
			Annotations: map[string]string{"networking.istio.io/cluster": name},
		},
		Data: map[string][]byte{name: []byte(kubeconfig)},
	}
	secrets := cp.CoreV1().Secrets(IstioNamespace)
	got, err := secrets.Get(ctx, want.Name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		_, err = secrets.Create(ctx, want, metav1.CreateOptions{})
		return err
	}
	if err != nil {
		return err
	}
	if string(got.Data[name]) == kubeconfig && got.Labels["istio/multiCluster"] == "true" &&
		got.Annotations["networking.istio.io/cluster"] == name && len(got.Data) == 1 {
		return nil
	}
	got.Labels, got.Annotations, got.Data, got.StringData = want.Labels, want.Annotations, want.Data, nil
	_, err = secrets.Update(ctx, got, metav1.UpdateOptions{})
	return err
}

// RestartUninjected restarts (as `kubectl rollout restart` does) every demo
// Deployment whose pods lack the istio-proxy sidecar, so that new pods are created
// in the now injected namespaces. Returns the restarted Deployments.
func RestartUninjected(ctx context.Context, c kubernetes.Interface) ([]string, error) {
	var restarted []string
	for _, w := range Workloads {
		name := w.App + "-" + w.Version
		pods, err := c.CoreV1().Pods(w.Namespace).List(ctx, metav1.ListOptions{
			LabelSelector: fmt.Sprintf("app=%s,version=%s", w.App, w.Version)})
		if err != nil {
			return restarted, err
		}
		uninjected := false
		for i := range pods.Items {
			if pods.Items[i].DeletionTimestamp == nil && !HasSidecar(&pods.Items[i]) {
				uninjected = true
			}
		}
		if !uninjected {
			continue
		}
		patch := fmt.Sprintf(`{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":%q}}}}}`,
			time.Now().UTC().Format(time.RFC3339))
		if _, err := c.AppsV1().Deployments(w.Namespace).Patch(ctx, name, types.StrategicMergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
			return restarted, err
		}
		restarted = append(restarted, w.Namespace+"/"+name)
	}
	return restarted, nil
}

// WaitInjected waits until every demo Deployment is rolled out and all its pods
// are Ready and carry the sidecar.
func WaitInjected(ctx context.Context, c kubernetes.Interface) error {
	for _, w := range Workloads {
		name := w.App + "-" + w.Version
		if err := WaitDeploymentAvailable(ctx, c, w.Namespace, name); err != nil {
			return err
		}
		err := poll(ctx, 3*time.Minute, func() error {
			pods, err := c.CoreV1().Pods(w.Namespace).List(ctx, metav1.ListOptions{
				LabelSelector: fmt.Sprintf("app=%s,version=%s", w.App, w.Version)})
			if err != nil {
				return err
			}
			n := 0
			for i := range pods.Items {
				p := &pods.Items[i]
				if p.DeletionTimestamp != nil {
					return fmt.Errorf("pod %s/%s still terminating", p.Namespace, p.Name)
				}
				if !HasSidecar(p) {
					return fmt.Errorf("pod %s/%s has no istio-proxy sidecar", p.Namespace, p.Name)
				}
				if !podReady(p) {
					return fmt.Errorf("pod %s/%s not Ready", p.Namespace, p.Name)
				}
				n++
			}
			if n != w.Replicas {
				return fmt.Errorf("%s/%s: %d of %d pods", w.Namespace, name, n, w.Replicas)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// HasSidecar: istio-proxy as a container, or as a native sidecar (init container
// with restartPolicy Always), as trafficsim counts it.
func HasSidecar(p *corev1.Pod) bool {
	for _, c := range p.Spec.Containers {
		if c.Name == "istio-proxy" {
			return true
		}
	}
	for _, c := range p.Spec.InitContainers {
		if c.Name == "istio-proxy" && c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			return true
		}
	}
	return false
}

func podReady(p *corev1.Pod) bool {
	if p.Status.Phase != corev1.PodRunning {
		return false
	}
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// WaitDeploymentAvailable waits until the Deployment's current generation is rolled
// out and all its replicas are available.
func WaitDeploymentAvailable(ctx context.Context, c kubernetes.Interface, ns, name string) error {
	return poll(ctx, 0, func() error {
		d, err := c.AppsV1().Deployments(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		want := int32(1)
		if d.Spec.Replicas != nil {
			want = *d.Spec.Replicas
		}
		if d.Status.ObservedGeneration >= d.Generation && d.Status.UpdatedReplicas >= want &&
			d.Status.AvailableReplicas >= want && d.Status.Replicas == want {
			return nil
		}
		return fmt.Errorf("deployment %s/%s: %d/%d updated, %d available", ns, name, d.Status.UpdatedReplicas, want, d.Status.AvailableReplicas)
	})
}

func poll(ctx context.Context, timeout time.Duration, check func() error) error {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	for {
		err := check()
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("timed out: %w", err)
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
