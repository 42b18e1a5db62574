package fleet

import (
	"context"
	"fmt"
	"os"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"meshfleet/tools/fleet/internal/kube"
	"meshfleet/tools/fleet/internal/topology"
)

// Meshfleet's identity in each cluster, created the way a user gives Backstage
// access: a ServiceAccount with a long-lived token Secret.
const (
	MeshfleetNamespace = "meshfleet-system"
	MeshfleetAccount   = "meshfleet"
	meshfleetSecret    = "meshfleet-token"
	// Meshfleet installs istiod with Helm (CRDs, webhooks, ClusterRoles, namespaces),
	// and Helm needs every permission it grants, so the role is effectively
	// cluster-admin; binding cluster-admin says so plainly instead of hiding it in a
	// long list of rules.
	meshfleetBinding = "meshfleet-cluster-admin"
)

// ensureMeshfleetAccess creates the namespace, ServiceAccount, binding and token
// Secret, waits for the controller-manager's token controller to fill the Secret,
// and stores the token in .fleet/clusters/<name>/meshfleet.token.
func (f *Fleet) ensureMeshfleetAccess(ctx context.Context, c topology.Cluster) error {
	cfg, err := kube.RESTConfig(f.Paths.Cluster(c.Name).AdminKubeconfig())
	if err != nil {
		return err
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	steps := []func(context.Context, kubernetes.Interface) error{createNamespace, createAccount, createBinding, createTokenSecret}
	for _, step := range steps {
		if err := step(ctx, client); err != nil {
			return fmt.Errorf("%s: meshfleet access: %w", c.Name, err)
		}
	}
	token, err := waitForToken(ctx, client)
	if err != nil {
		return fmt.Errorf("%s: %w (log: %s)", c.Name, err, f.Paths.Cluster(c.Name).Log(ControllerManager))
	}
	return os.WriteFile(f.Paths.Cluster(c.Name).Token(), []byte(token), 0o600)
}

func ignoreExists(err error) error {
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	return err
}

func createNamespace(ctx context.Context, c kubernetes.Interface) error {
	_, err := c.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: MeshfleetNamespace}}, metav1.CreateOptions{})
	return ignoreExists(err)
}

func createAccount(ctx context.Context, c kubernetes.Interface) error {
	_, err := c.CoreV1().ServiceAccounts(MeshfleetNamespace).Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: MeshfleetAccount}}, metav1.CreateOptions{})
	return ignoreExists(err)
}

func createBinding(ctx context.Context, c kubernetes.Interface) error {
	_, err := c.RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: meshfleetBinding},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "cluster-admin"},
		Subjects:   []rbacv1.Subject{{Kind: rbacv1.ServiceAccountKind, Namespace: MeshfleetNamespace, Name: MeshfleetAccount}},
	}, metav1.CreateOptions{})
	return ignoreExists(err)
}

func createTokenSecret(ctx context.Context, c kubernetes.Interface) error {
	_, err := c.CoreV1().Secrets(MeshfleetNamespace).Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: meshfleetSecret, Annotations: map[string]string{corev1.ServiceAccountNameKey: MeshfleetAccount}},
		Type:       corev1.SecretTypeServiceAccountToken,
	}, metav1.CreateOptions{})
	return ignoreExists(err)
}

func waitForToken(ctx context.Context, c kubernetes.Interface) (string, error) {
	var token string
	err := waitFor(ctx, 90*time.Second, func() error {
		s, err := c.CoreV1().Secrets(MeshfleetNamespace).Get(ctx, meshfleetSecret, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if t := s.Data[corev1.ServiceAccountTokenKey]; len(t) > 0 {
			token = string(t)
			return nil
		}
		return fmt.Errorf("secret %s/%s has no token yet", MeshfleetNamespace, meshfleetSecret)
	}, "the token controller to fill the meshfleet token Secret")
	return token, err
}
