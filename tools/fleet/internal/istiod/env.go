package istiod

import (
	"context"
	"fmt"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// resolveEnv computes a container's environment as the kubelet does: envFrom
// first, then env in order, with valueFrom (fieldRef, resourceFieldRef,
// configMapKeyRef, secretKeyRef) resolved and $(VAR) references expanded against
// the variables defined before.
func resolveEnv(ctx context.Context, o objects, pod *corev1.Pod, c *corev1.Container) ([]string, error) {
	vars := map[string]string{}
	var order []string
	set := func(k, v string) {
		if _, ok := vars[k]; !ok {
			order = append(order, k)
		}
		vars[k] = v
	}
	for _, from := range c.EnvFrom {
		data, err := envFromData(ctx, o, pod.Namespace, from)
		if err != nil {
			return nil, err
		}
		for k, v := range data {
			set(from.Prefix+k, string(v))
		}
	}
	for _, e := range c.Env {
		v, err := envValue(ctx, o, pod, c, e, vars)
		if err != nil {
			return nil, fmt.Errorf("env %s: %w", e.Name, err)
		}
		set(e.Name, v)
	}
	out := make([]string, 0, len(order))
	for _, k := range order {
		out = append(out, k+"="+vars[k])
	}
	return out, nil
}

func envFromData(ctx context.Context, o objects, ns string, from corev1.EnvFromSource) (map[string][]byte, error) {
	switch {
	case from.ConfigMapRef != nil:
		data, found, err := o.configMapData(ctx, ns, from.ConfigMapRef.Name)
		return data, missing(err, found, from.ConfigMapRef.Optional, "ConfigMap", from.ConfigMapRef.Name)
	case from.SecretRef != nil:
		data, found, err := o.secretData(ctx, ns, from.SecretRef.Name)
		return data, missing(err, found, from.SecretRef.Optional, "Secret", from.SecretRef.Name)
	}
	return nil, nil
}

// missing turns a NotFound of a non-optional reference into the error a kubelet
// reports (CreateContainerConfigError).
func missing(err error, found bool, optional *bool, kind, name string) error {
	if err != nil || found || (optional != nil && *optional) {
		return err
	}
	return fmt.Errorf("%s %q not found", kind, name)
}

func envValue(ctx context.Context, o objects, pod *corev1.Pod, c *corev1.Container, e corev1.EnvVar, vars map[string]string) (string, error) {
	from := e.ValueFrom
	switch {
	case from == nil:
		return expandVars(e.Value, vars), nil
	case from.FieldRef != nil:
		return fieldValue(pod, from.FieldRef.FieldPath)
	case from.ResourceFieldRef != nil:
		return resourceValue(ctx, o, pod, c, from.ResourceFieldRef)
	case from.ConfigMapKeyRef != nil:
		ref := from.ConfigMapKeyRef
		data, found, err := o.configMapData(ctx, pod.Namespace, ref.Name)
		return keyValue(data, ref.Key, missing(err, found, ref.Optional, "ConfigMap", ref.Name), ref.Optional)
	case from.SecretKeyRef != nil:
		ref := from.SecretKeyRef
		data, found, err := o.secretData(ctx, pod.Namespace, ref.Name)
		return keyValue(data, ref.Key, missing(err, found, ref.Optional, "Secret", ref.Name), ref.Optional)
	}
	return "", fmt.Errorf("unsupported valueFrom")
}

func keyValue(data map[string][]byte, key string, err error, optional *bool) (string, error) {
	if err != nil {
		return "", err
	}
	v, ok := data[key]
	if !ok && data != nil && (optional == nil || !*optional) {
		return "", fmt.Errorf("key %q not found", key)
	}
	return string(v), nil
}

// fieldValue is the downward API for env (and downwardAPI volumes).
func fieldValue(pod *corev1.Pod, path string) (string, error) {
	switch path {
	case "metadata.name":
		return pod.Name, nil
	case "metadata.namespace":
		return pod.Namespace, nil
	case "metadata.uid":
		return string(pod.UID), nil
	case "metadata.labels":
		return formatMap(pod.Labels), nil
	case "metadata.annotations":
		return formatMap(pod.Annotations), nil
	case "spec.nodeName":
		return pod.Spec.NodeName, nil
	case "spec.serviceAccountName":
		return pod.Spec.ServiceAccountName, nil
	case "status.hostIP", "status.hostIPs":
		return pod.Status.HostIP, nil
	case "status.podIP", "status.podIPs":
		return pod.Status.PodIP, nil
	}
	if key, ok := subscript(path, "metadata.labels"); ok {
		return pod.Labels[key], nil
	}
	if key, ok := subscript(path, "metadata.annotations"); ok {
		return pod.Annotations[key], nil
	}
	return "", fmt.Errorf("unsupported fieldRef %q", path)
}

// subscript parses "metadata.labels['app']".
func subscript(path, prefix string) (string, bool) {
	rest, ok := strings.CutPrefix(path, prefix+"['")
	if !ok {
		return "", false
	}
	return strings.CutSuffix(rest, "']")
}

// formatMap renders labels/annotations as the kubelet's downward API files do.
func formatMap(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	lines := make([]string, 0, len(keys))
	for _, k := range keys {
		lines = append(lines, fmt.Sprintf("%s=%q", k, m[k]))
	}
	return strings.Join(lines, "\n")
}

// resourceValue resolves limits/requests; an unset limit is the node's allocatable,
// as on a real kubelet (so GOMAXPROCS from limits.cpu is the node's CPU count).
func resourceValue(ctx context.Context, o objects, pod *corev1.Pod, c *corev1.Container, ref *corev1.ResourceFieldSelector) (string, error) {
	kind, name, ok := strings.Cut(ref.Resource, ".")
	if !ok {
		return "", fmt.Errorf("unsupported resourceFieldRef %q", ref.Resource)
	}
	list := c.Resources.Limits
	if kind == "requests" {
		list = c.Resources.Requests
	}
	q, ok := list[corev1.ResourceName(name)]
	if !ok && kind == "limits" {
		node, err := o.node(ctx, pod.Spec.NodeName)
		if err != nil {
			return "", err
		}
		q, ok = node.Status.Allocatable[corev1.ResourceName(name)]
	}
	if !ok {
		return "0", nil
	}
	return divideRoundUp(q, ref.Divisor), nil
}

func divideRoundUp(q, divisor resource.Quantity) string {
	if divisor.IsZero() {
		divisor = resource.MustParse("1")
	}
	n := (q.MilliValue() + divisor.MilliValue() - 1) / divisor.MilliValue()
	return fmt.Sprint(n)
}

// expandVars expands $(NAME) with defined variables, leaves unknown references as
// they are and turns $$ into $, like the kubelet's expansion.
func expandVars(s string, vars map[string]string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch next := s[i+1]; {
		case next == '$':
			b.WriteByte('$')
			i++
		case next == '(':
			end := strings.IndexByte(s[i+2:], ')')
			if end < 0 {
				b.WriteByte('$')
				continue
			}
			name := s[i+2 : i+2+end]
			if v, ok := vars[name]; ok {
				b.WriteString(v)
			} else {
				b.WriteString(s[i : i+3+end])
			}
			i += 2 + end
		default:
			b.WriteByte('$')
		}
	}
	return b.String()
}
