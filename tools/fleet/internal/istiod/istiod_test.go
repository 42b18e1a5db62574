package istiod

import (
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/ptr"
)

func TestDiscoveryContainerFindsPilotImagesOfAnyRegistryAndVariant(t *testing.T) {
	cases := map[string]string{
		"docker.io/istio/pilot:1.31.0-rc.0-eed52ebb66ad":              "1.31.0-rc.0-eed52ebb66ad",
		"gcr.io/istio-release/pilot:1.30.1-distroless":                "1.30.1",
		"pilot:1.2.3@sha256:0000000000000000000000000000000000000000": "1.2.3",
		"docker.io/istio/pilot@sha256:00":                             "",
	}
	for image, want := range cases {
		pod := &corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "x", Image: "busybox"}, {Name: "discovery", Image: image}}}}
		c, tag, ok := discoveryContainer(pod)
		if !ok || c.Name != "discovery" || tag != want {
			t.Errorf("%s: got %v %q %v, want discovery %q", image, c, tag, ok, want)
		}
	}
	for _, image := range []string{"docker.io/istio/proxyv2:1.31.0", "example.com/pilot-light:1", "nginx"} {
		pod := &corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{{Image: image}}}}
		if _, _, ok := discoveryContainer(pod); ok {
			t.Errorf("%s must not be taken for istiod", image)
		}
	}
}

func TestLoopbackForKeepsTheLowBytesOfThePodIP(t *testing.T) {
	got, err := loopbackFor("10.101.1.7")
	if err != nil || got != netip.MustParseAddr("127.101.1.7") {
		t.Fatalf("got %v %v", got, err)
	}
	for _, bad := range []string{"", "192.168.0.1", "fd00::1"} {
		if _, err := loopbackFor(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestExpandVars(t *testing.T) {
	vars := map[string]string{"A": "x", "B": "y"}
	for in, want := range map[string]string{
		"$(A)-$(B)": "x-y", "$(C)": "$(C)", "$$(A)": "$(A)", "a$": "a$", "$(A": "$(A",
	} {
		if got := expandVars(in, vars); got != want {
			t.Errorf("expandVars(%q) = %q, want %q", in, got, want)
		}
	}
}

func istiodPod() *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "istiod-abc", Namespace: "istio-system", UID: "u1", Labels: map[string]string{"app": "istiod"}},
		Spec: corev1.PodSpec{
			NodeName: "n1", ServiceAccountName: "istiod",
			Containers: []corev1.Container{{
				Name: "discovery", Image: "docker.io/istio/pilot:1.31.0",
				Args: []string{"discovery", "--monitoringAddr=:15014", "--meshConfig", "/etc/istio/config/mesh"},
				Env: []corev1.EnvVar{
					{Name: "REVISION", Value: "canary"},
					{Name: "POD_NAME", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.name"}}},
					{Name: "APP", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.labels['app']"}}},
					{Name: "GOMAXPROCS", ValueFrom: &corev1.EnvVarSource{ResourceFieldRef: &corev1.ResourceFieldSelector{Resource: "limits.cpu", Divisor: resource.MustParse("1")}}},
					{Name: "MESH", ValueFrom: &corev1.EnvVarSource{ConfigMapKeyRef: &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "istio-canary"}, Key: "mesh"}}},
					{Name: "TAGGED", Value: "$(POD_NAME)/$(REVISION)"},
					{Name: "KUBECONFIG", Value: "/var/run/secrets/remote/config"},
				},
				VolumeMounts: []corev1.VolumeMount{
					{Name: "config", MountPath: "/etc/istio/config"},
					{Name: "cacerts", MountPath: "/etc/cacerts"},
					{Name: "remote", MountPath: "/var/run/secrets/remote"},
					{Name: "dns", MountPath: "/var/run/secrets/istio-dns"},
				},
			}},
			Volumes: []corev1.Volume{
				{Name: "config", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "istio-canary"}}}},
				{Name: "cacerts", VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "cacerts", Optional: ptr.To(true)}}},
				{Name: "remote", VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "istio-kubeconfig", Optional: ptr.To(true)}}},
				{Name: "dns", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
			},
		},
		Status: corev1.PodStatus{PodIP: "10.100.1.4"},
	}
}

func fakeObjects() objects {
	return objects{fake.NewClientset(
		&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "istio-canary", Namespace: "istio-system"}, Data: map[string]string{"mesh": "trustDomain: x.local\n"}},
		&corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n1"}, Status: corev1.NodeStatus{Allocatable: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("16")}}},
	)}
}

func TestResolveEnvLikeAKubelet(t *testing.T) {
	pod := istiodPod()
	env, err := resolveEnv(context.Background(), fakeObjects(), pod, &pod.Spec.Containers[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"REVISION=canary", "POD_NAME=istiod-abc", "APP=istiod", "GOMAXPROCS=16", "MESH=trustDomain: x.local\n", "TAGGED=istiod-abc/canary"} {
		if !slices.Contains(env, want) {
			t.Errorf("env lacks %q: %q", want, env)
		}
	}
}

func TestResolveEnvFailsOnAMissingRequiredConfigMap(t *testing.T) {
	pod := istiodPod()
	node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n1"}}
	_, err := resolveEnv(context.Background(), objects{fake.NewClientset(node)}, pod, &pod.Spec.Containers[0])
	if err == nil || !strings.Contains(err.Error(), `ConfigMap "istio-canary" not found`) {
		t.Fatalf("err = %v", err)
	}
}

func TestVolumesAreWrittenUnderThePodRoot(t *testing.T) {
	pod := istiodPod()
	fs := podFS{root: t.TempDir(), mounts: pod.Spec.Containers[0].VolumeMounts}
	if _, err := materializeVolumes(context.Background(), fakeObjects(), tokenIssuer{}, pod, &pod.Spec.Containers[0], fs); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(fs.root, "etc/istio/config/mesh"))
	if err != nil || string(b) != "trustDomain: x.local\n" {
		t.Errorf("mesh config: %q %v", b, err)
	}
	for _, dir := range []string{"etc/cacerts", "var/run/secrets/istio-dns"} {
		if st, err := os.Stat(filepath.Join(fs.root, dir)); err != nil || !st.IsDir() {
			t.Errorf("%s: optional/emptyDir volume must be an empty directory: %v", dir, err)
		}
	}
}

func TestProcessArgsBindEveryListenerToThePodLoopback(t *testing.T) {
	pod := istiodPod()
	c := &pod.Spec.Containers[0]
	fs := podFS{root: "/pods/p/root", mounts: c.VolumeMounts}
	args := processArgs(c, nil, netip.MustParseAddr("127.100.1.4"), fs, "/pods/p/kube/kubeconfig")
	for _, want := range []string{
		"/pods/p/root/etc/istio/config/mesh", // mounted path rewritten
		"--monitoringAddr=127.100.1.4:15014", "--httpAddr=127.100.1.4:8080", "--httpsAddr=127.100.1.4:15017",
		"--grpcAddr=127.100.1.4:15010", "--secureGRPCAddr=127.100.1.4:15012",
		"--ctrlz_address=127.100.1.4", "--kubeconfig=/pods/p/kube/kubeconfig",
	} {
		if !slices.Contains(args, want) {
			t.Errorf("args lack %q: %q", want, args)
		}
	}
	if args[0] != "discovery" {
		t.Errorf("args[0] = %q", args[0])
	}
}

func TestKubeconfigFromThePodWinsOnlyWhenItsFileExists(t *testing.T) {
	root := t.TempDir()
	pod := istiodPod()
	fs := podFS{root: root, mounts: pod.Spec.Containers[0].VolumeMounts}
	env := []string{"KUBECONFIG=/var/run/secrets/remote/config"}
	if got := chooseKubeconfig(env, fs, "/fleet"); got != "/fleet" {
		t.Errorf("without the secret: %s", got)
	}
	if err := writeFile(filepath.Join(root, "var/run/secrets/remote"), "config", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if got := chooseKubeconfig(env, fs, "/fleet"); got != filepath.Join(root, "var/run/secrets/remote/config") {
		t.Errorf("with the secret: %s", got)
	}
	penv := processEnv([]string{"GOGC=25", "KUBECONFIG=/var/run/secrets/remote/config"}, fs, "/k")
	if penv[len(penv)-1] != "KUBECONFIG=/k" || !slices.Contains(penv, "GOGC=25") || penv[0] != "GOGC=100" {
		t.Errorf("processEnv: %q", penv)
	}
}
