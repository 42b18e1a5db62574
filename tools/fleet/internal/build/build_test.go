package build

import (
	"strings"
	"testing"
)

func TestPinnedVersionReadsRequireNotReplace(t *testing.T) {
	gomod := `module x

require k8s.io/kubernetes v1.36.3

require (
	k8s.io/api v0.36.3 // indirect
)

replace k8s.io/api => k8s.io/api v0.36.3
`
	v, err := PinnedVersion(strings.NewReader(gomod), "k8s.io/kubernetes", "go.mod")
	if err != nil || v != "v1.36.3" {
		t.Fatalf("got %q %v", v, err)
	}
	v, err = PinnedVersion(strings.NewReader(gomod), "k8s.io/api", "go.mod")
	if err != nil || v != "v0.36.3" {
		t.Fatalf("got %q %v", v, err)
	}
	if _, err := PinnedVersion(strings.NewReader(gomod), "go.etcd.io/etcd/server/v3", "go.mod"); err == nil {
		t.Fatal("missing module must fail")
	}
}

func TestKubernetesLdflagsStampVersion(t *testing.T) {
	f := kubernetesLdflags("v1.36.3")
	for _, want := range []string{"k8s.io/component-base/version.gitVersion=v1.36.3", "k8s.io/component-base/version.gitMinor=36", "k8s.io/client-go/pkg/version.gitMajor=1"} {
		if !strings.Contains(f, want) {
			t.Errorf("ldflags lack %s: %s", want, f)
		}
	}
}

func TestOutputPathNamesASingleBinaryExplicitly(t *testing.T) {
	// go build -o dir/ would name etcd's binary "server" (after server/v3).
	if got := Etcd.outputPath("/x"); got != "/x/etcd" {
		t.Fatalf("etcd output = %q, want /x/etcd", got)
	}
	if got := Kubernetes.outputPath("/x"); got != "/x/" {
		t.Fatalf("kubernetes output = %q, want /x/ (one file per main package)", got)
	}
}

func TestCheckBinariesNamesTheMissingFile(t *testing.T) {
	dir := t.TempDir()
	err := Etcd.checkBinaries(dir)
	if err == nil || !strings.Contains(err.Error(), "did not produce etcd") {
		t.Fatalf("checkBinaries on an empty dir = %v, want an error naming etcd", err)
	}
}
