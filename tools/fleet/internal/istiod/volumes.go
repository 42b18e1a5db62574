package istiod

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// podFS is the pod's file system: the process runs with root as its working
// directory, and every volume a container mounts at /some/path is written to
// root/some/path. istiod reads its well-known files through relative paths
// (./etc/cacerts, ./var/lib/istio/inject, ./etc/istio/config/mesh,
// ./var/run/secrets/...), exactly so it can run outside a container like this;
// absolute paths in args and env are rewritten with rewritePath.
type podFS struct {
	root   string
	mounts []corev1.VolumeMount
}

// path maps an absolute path inside the container to the host.
func (fs podFS) path(p string) string { return filepath.Join(fs.root, filepath.Clean("/"+p)) }

// rewritePath maps a value that is an absolute path under one of the container's
// mounts (or a --flag=/path) to the host; anything else is returned as is.
func (fs podFS) rewritePath(v string) string {
	if flag, p, ok := strings.Cut(v, "="); ok && strings.HasPrefix(flag, "-") {
		return flag + "=" + fs.rewritePath(p)
	}
	for _, m := range fs.mounts {
		if v == m.MountPath || strings.HasPrefix(v, strings.TrimSuffix(m.MountPath, "/")+"/") {
			return fs.path(v)
		}
	}
	return v
}

// tokenFile is a projected service account token that must be renewed, as the
// kubelet renews them before they expire.
type tokenFile struct {
	path     string
	audience string
	ttl      time.Duration
	written  time.Time
}

// materializeVolumes writes every volume the container mounts into the pod's file
// system and returns the tokens to keep fresh. A missing non-optional ConfigMap or
// Secret is an error (the pod does not start, as with a real kubelet).
func materializeVolumes(ctx context.Context, o objects, tokens tokenIssuer, pod *corev1.Pod, c *corev1.Container, fs podFS) ([]*tokenFile, error) {
	volumes := map[string]corev1.Volume{}
	for _, v := range pod.Spec.Volumes {
		volumes[v.Name] = v
	}
	var all []*tokenFile
	for _, m := range c.VolumeMounts {
		v, ok := volumes[m.Name]
		if !ok {
			return nil, fmt.Errorf("volumeMount %s: no volume of that name", m.Name)
		}
		if m.SubPath != "" {
			log.Printf("pod %s/%s: volumeMount %s uses subPath, not supported by the fleet; mounting the whole volume", pod.Namespace, pod.Name, m.Name)
		}
		dir := fs.path(m.MountPath)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("volume %s: %w", v.Name, err)
		}
		ts, err := writeVolume(ctx, o, tokens, pod, v, dir)
		if err != nil {
			return nil, fmt.Errorf("volume %s at %s: %w", v.Name, m.MountPath, err)
		}
		all = append(all, ts...)
	}
	return all, nil
}

func writeVolume(ctx context.Context, o objects, tokens tokenIssuer, pod *corev1.Pod, v corev1.Volume, dir string) ([]*tokenFile, error) {
	switch {
	case v.ConfigMap != nil:
		return nil, writeConfigMap(ctx, o, pod.Namespace, v.ConfigMap.Name, v.ConfigMap.Items, v.ConfigMap.Optional, dir)
	case v.Secret != nil:
		return nil, writeSecret(ctx, o, pod.Namespace, v.Secret.SecretName, v.Secret.Items, v.Secret.Optional, dir)
	case v.DownwardAPI != nil:
		return nil, writeDownwardAPI(pod, v.DownwardAPI.Items, dir)
	case v.Projected != nil:
		return writeProjected(ctx, o, tokens, pod, v.Projected.Sources, dir)
	}
	// emptyDir: the directory itself. Other kinds (hostPath, PVCs) have no meaning
	// here; an empty directory keeps the process from failing on a missing path.
	return nil, nil
}

func writeConfigMap(ctx context.Context, o objects, ns, name string, items []corev1.KeyToPath, optional *bool, dir string) error {
	data, found, err := o.configMapData(ctx, ns, name)
	if err := missing(err, found, optional, "ConfigMap", name); err != nil {
		return err
	}
	return writeKeys(data, items, dir)
}

func writeSecret(ctx context.Context, o objects, ns, name string, items []corev1.KeyToPath, optional *bool, dir string) error {
	data, found, err := o.secretData(ctx, ns, name)
	if err := missing(err, found, optional, "Secret", name); err != nil {
		return err
	}
	return writeKeys(data, items, dir)
}

// writeKeys writes all keys, or only the listed items under their paths.
func writeKeys(data map[string][]byte, items []corev1.KeyToPath, dir string) error {
	if len(items) == 0 {
		for k, v := range data {
			if err := writeFile(dir, k, v); err != nil {
				return err
			}
		}
		return nil
	}
	for _, it := range items {
		v, ok := data[it.Key]
		if !ok {
			continue // absent keys of optional sources stay absent
		}
		if err := writeFile(dir, it.Path, v); err != nil {
			return err
		}
	}
	return nil
}

func writeDownwardAPI(pod *corev1.Pod, items []corev1.DownwardAPIVolumeFile, dir string) error {
	for _, it := range items {
		if it.FieldRef == nil {
			continue // resourceFieldRef files are not needed by anything the fleet runs
		}
		v, err := fieldValue(pod, it.FieldRef.FieldPath)
		if err != nil {
			return err
		}
		if err := writeFile(dir, it.Path, []byte(v)); err != nil {
			return err
		}
	}
	return nil
}

func writeProjected(ctx context.Context, o objects, tokens tokenIssuer, pod *corev1.Pod, sources []corev1.VolumeProjection, dir string) ([]*tokenFile, error) {
	var out []*tokenFile
	for _, s := range sources {
		var err error
		switch {
		case s.ConfigMap != nil:
			err = writeConfigMap(ctx, o, pod.Namespace, s.ConfigMap.Name, s.ConfigMap.Items, s.ConfigMap.Optional, dir)
		case s.Secret != nil:
			err = writeSecret(ctx, o, pod.Namespace, s.Secret.Name, s.Secret.Items, s.Secret.Optional, dir)
		case s.DownwardAPI != nil:
			err = writeDownwardAPI(pod, s.DownwardAPI.Items, dir)
		case s.ServiceAccountToken != nil:
			t := projectedToken(s.ServiceAccountToken, dir)
			err = tokens.write(ctx, pod, t)
			out = append(out, t)
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func projectedToken(p *corev1.ServiceAccountTokenProjection, dir string) *tokenFile {
	ttl := time.Hour // the API's default expirationSeconds
	if p.ExpirationSeconds != nil {
		ttl = time.Duration(*p.ExpirationSeconds) * time.Second
	}
	return &tokenFile{path: filepath.Join(dir, p.Path), audience: p.Audience, ttl: ttl}
}

func writeFile(dir, name string, data []byte) error {
	p := filepath.Join(dir, filepath.Clean("/"+name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p+".tmp", data, 0o600); err != nil {
		return err
	}
	return os.Rename(p+".tmp", p) // readers never see half a file
}
