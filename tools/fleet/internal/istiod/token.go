package istiod

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// tokenIssuer gets pod-bound service account tokens through the TokenRequest API,
// as the kubelet does for projected volumes: the token names the pod, so it stops
// working when the pod is deleted.
type tokenIssuer struct {
	client kubernetes.Interface
}

// write requests a token for the pod's service account and writes it to t.path.
func (ti tokenIssuer) write(ctx context.Context, pod *corev1.Pod, t *tokenFile) error {
	sa := pod.Spec.ServiceAccountName
	if sa == "" {
		sa = "default"
	}
	seconds := int64(t.ttl / time.Second)
	req := &authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{
		ExpirationSeconds: &seconds,
		BoundObjectRef:    &authenticationv1.BoundObjectReference{Kind: "Pod", APIVersion: "v1", Name: pod.Name, UID: pod.UID},
	}}
	if t.audience != "" {
		req.Spec.Audiences = []string{t.audience}
	}
	resp, err := ti.client.CoreV1().ServiceAccounts(pod.Namespace).CreateToken(ctx, sa, req, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("TokenRequest for ServiceAccount %s/%s (audience %q): %w", pod.Namespace, sa, t.audience, err)
	}
	if err := writeFile(filepath.Dir(t.path), filepath.Base(t.path), []byte(resp.Status.Token)); err != nil {
		return fmt.Errorf("write token %s: %w", t.path, err)
	}
	t.written = time.Now()
	return nil
}

// due reports whether a token is past half its lifetime; the kubelet renews at 80 %,
// earlier is safer when the stand-in only looks every resync.
func (t *tokenFile) due(now time.Time) bool {
	return t.written.IsZero() || now.Sub(t.written) > t.ttl/2
}

// kubeconfigTTL is the lifetime of the token in istiod's kubeconfig; it is renewed
// at half of it while the pod runs.
const kubeconfigTTL = 24 * time.Hour

// writeKubeconfig gives the process its cluster access as the pod's service account.
// In a pod, client-go would use in-cluster config (KUBERNETES_SERVICE_HOST and the
// mounted token); that points at a ClusterIP nothing listens on here, so istiod gets
// --kubeconfig with the API server's loopback URL and a tokenFile that client-go
// re-reads, so renewed tokens take effect without a restart.
func writeKubeconfig(path, server string, caPEM []byte, tokenPath string) error {
	const tmpl = `apiVersion: v1
kind: Config
clusters:
- name: fleet
  cluster:
    server: %s
    certificate-authority: %s
users:
- name: pod
  user:
    tokenFile: %s
contexts:
- name: pod
  context: {cluster: fleet, user: pod}
current-context: pod
`
	ca := filepath.Join(filepath.Dir(path), "ca.crt")
	if err := os.WriteFile(ca, caPEM, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", ca, err)
	}
	return os.WriteFile(path, fmt.Appendf(nil, tmpl, server, ca, tokenPath), 0o600)
}
