//go:build integration

package integration

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/utils/ptr"

	"meshfleet/tools/fleet/internal/fleet"
	"meshfleet/tools/fleet/internal/kubelet"
	"meshfleet/tools/fleet/internal/pki"
)

// The chain a real istiod will use: a webhook whose Service resolves (aggregator
// routing) to a pod IP, which the API server reaches through the kubelet stand-in's
// egress proxy, which forwards to a process on 127.0.0.1 — here, this test.
func TestWebhookServedByLocalProcessBehindPod(t *testing.T) {
	ctx := testContext(t, 3*time.Minute)
	_, client := adminClient(t, "mesh-cp")
	ns := fmt.Sprintf("it-webhook-%d", time.Now().UnixNano()%100000)
	caPEM, addr := startDenyWebhook(t, "hook."+ns+".svc")

	mustCreate(t, func() error {
		_, err := client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{})
		return err
	})
	t.Cleanup(func() { _ = client.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{}) })
	createForwardingService(ctx, t, client, ns, addr)
	if err := fleet.WaitDeploymentAvailable(ctx, client, ns, "hook"); err != nil {
		t.Fatalf("webhook pod never became Ready (it is Ready only when the local target answers): %v", err)
	}
	if err := waitReadyEndpoints(ctx, client, ns, "hook", 1); err != nil {
		t.Fatal(err)
	}
	vwc := registerWebhook(ctx, t, client, ns, caPEM)
	t.Cleanup(func() {
		_ = client.AdmissionregistrationV1().ValidatingWebhookConfigurations().Delete(context.Background(), vwc, metav1.DeleteOptions{})
	})

	denied := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{GenerateName: "denied-", Labels: map[string]string{"deny": "yes"}}}
	var lastErr error
	err := wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		_, lastErr = client.CoreV1().ConfigMaps(ns).Create(ctx, denied, metav1.CreateOptions{})
		return lastErr != nil && strings.Contains(lastErr.Error(), "denied by the fleet test webhook"), nil
	})
	if err != nil {
		t.Fatalf("webhook never denied the ConfigMap; last result: %v", lastErr)
	}
	allowed := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{GenerateName: "allowed-"}}
	if _, err := client.CoreV1().ConfigMaps(ns).Create(ctx, allowed, metav1.CreateOptions{}); err != nil {
		t.Fatalf("webhook should allow unlabelled ConfigMaps: %v", err)
	}
}

// startDenyWebhook serves a validating webhook on 127.0.0.1 that denies objects
// labelled deny=yes. It returns the CA that signed its certificate and its address.
func startDenyWebhook(t *testing.T, host string) ([]byte, string) {
	t.Helper()
	ca, err := pki.NewCA("webhook-test-ca")
	if err != nil {
		t.Fatal(err)
	}
	serving, err := ca.ServingCert(host, []string{host}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pair, err := tls.X509KeyPair(serving.CertPEM, serving.KeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{pair}})
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(denyLabelled)}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return ca.CertPEM, l.Addr().(*net.TCPAddr).String()
}

func denyLabelled(w http.ResponseWriter, r *http.Request) {
	var review admissionv1.AdmissionReview
	if err := json.NewDecoder(r.Body).Decode(&review); err != nil || review.Request == nil {
		http.Error(w, "bad review", http.StatusBadRequest)
		return
	}
	var obj metav1.PartialObjectMetadata
	_ = json.Unmarshal(review.Request.Object.Raw, &obj)
	resp := &admissionv1.AdmissionResponse{UID: review.Request.UID, Allowed: obj.Labels["deny"] != "yes"}
	if !resp.Allowed {
		resp.Result = &metav1.Status{Message: "denied by the fleet test webhook"}
	}
	review.Response, review.Request = resp, nil
	_ = json.NewEncoder(w).Encode(review)
}

// createForwardingService makes Service "hook" (443 -> 8443) and a Deployment whose
// pod forwards its port 8443 to the local webhook.
func createForwardingService(ctx context.Context, t *testing.T, client kubernetesInterface, ns, addr string) {
	t.Helper()
	labels := map[string]string{"app": "hook"}
	mustCreate(t, func() error {
		_, err := client.CoreV1().Services(ns).Create(ctx, &corev1.Service{
			ObjectMeta: metav1.ObjectMeta{Name: "hook"},
			Spec: corev1.ServiceSpec{Selector: labels, Ports: []corev1.ServicePort{
				{Name: "https", Port: 443, TargetPort: intOrString(8443)}}},
		}, metav1.CreateOptions{})
		return err
	})
	mustCreate(t, func() error {
		_, err := client.AppsV1().Deployments(ns).Create(ctx, deployment("hook", labels, 1,
			map[string]string{kubelet.ForwardAnnotation: "8443=" + addr}), metav1.CreateOptions{})
		return err
	})
}

func registerWebhook(ctx context.Context, t *testing.T, client kubernetesInterface, ns string, caPEM []byte) string {
	t.Helper()
	none := admissionregistrationv1.SideEffectClassNone
	fail := admissionregistrationv1.Fail
	vwc := &admissionregistrationv1.ValidatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: ns},
		Webhooks: []admissionregistrationv1.ValidatingWebhook{{
			Name: "deny.fleet.meshfleet.io",
			ClientConfig: admissionregistrationv1.WebhookClientConfig{
				Service:  &admissionregistrationv1.ServiceReference{Namespace: ns, Name: "hook", Path: ptr.To("/validate"), Port: ptr.To[int32](443)},
				CABundle: caPEM,
			},
			Rules: []admissionregistrationv1.RuleWithOperations{{
				Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create},
				Rule:       admissionregistrationv1.Rule{APIGroups: []string{""}, APIVersions: []string{"v1"}, Resources: []string{"configmaps"}},
			}},
			NamespaceSelector:       &metav1.LabelSelector{MatchLabels: map[string]string{"kubernetes.io/metadata.name": ns}},
			SideEffects:             &none,
			FailurePolicy:           &fail,
			AdmissionReviewVersions: []string{"v1"},
			TimeoutSeconds:          ptr.To[int32](10),
		}},
	}
	if _, err := client.AdmissionregistrationV1().ValidatingWebhookConfigurations().Create(ctx, vwc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	return vwc.Name
}
