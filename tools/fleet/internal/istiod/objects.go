package istiod

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// objects reads what a kubelet reads to start a pod: ConfigMaps and Secrets for
// env and volumes, the Node for resource defaults. found=false means NotFound, which
// is fine for optional references.
type objects struct {
	client kubernetes.Interface
}

func (o objects) configMapData(ctx context.Context, ns, name string) (map[string][]byte, bool, error) {
	cm, err := o.client.CoreV1().ConfigMaps(ns).Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("get ConfigMap %s/%s: %w", ns, name, err)
	}
	out := map[string][]byte{}
	for k, v := range cm.Data {
		out[k] = []byte(v)
	}
	for k, v := range cm.BinaryData {
		out[k] = v
	}
	return out, true, nil
}

func (o objects) secretData(ctx context.Context, ns, name string) (map[string][]byte, bool, error) {
	s, err := o.client.CoreV1().Secrets(ns).Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("get Secret %s/%s: %w", ns, name, err)
	}
	return s.Data, true, nil
}

func (o objects) node(ctx context.Context, name string) (*corev1.Node, error) {
	n, err := o.client.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, fmt.Errorf("get Node %s: %w", name, err)
	}
	return n, nil
}
