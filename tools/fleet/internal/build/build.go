// Package build compiles the real components from the Go module proxy into
// .fleet/bin/<component>-<version>/, once per pinned version. The pins live in the
// build-only modules under tools/fleet/third_party/, so bumping a version there is
// all it takes to get a fresh build; old caches stay until `fleet down --purge-bin`.
package build

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"meshfleet/tools/fleet/internal/state"
)

// Component is one pinned thing we compile.
type Component struct {
	Name      string   // folder under third_party/, and the cache prefix
	PinModule string   // module whose required version names the cache folder
	Packages  []string // main packages to build
	Binaries  []string // files the build must produce
	ldflags   func(version string) string
}

// Etcd is the shared etcd server.
var Etcd = Component{
	Name: "etcd", PinModule: "go.etcd.io/etcd/server/v3",
	Packages: []string{"go.etcd.io/etcd/server/v3"}, Binaries: []string{"etcd"},
	ldflags: func(string) string { return "-s -w" },
}

// Kubernetes is kube-apiserver and kube-controller-manager.
var Kubernetes = Component{
	Name: "kubernetes", PinModule: "k8s.io/kubernetes",
	Packages: []string{"k8s.io/kubernetes/cmd/kube-apiserver", "k8s.io/kubernetes/cmd/kube-controller-manager"},
	Binaries: []string{"kube-apiserver", "kube-controller-manager"},
	ldflags:  kubernetesLdflags,
}

// All is every component `fleet build` makes.
var All = []Component{Etcd, Kubernetes}

// kubernetesLdflags stamps the version the way Kubernetes' own release build does;
// without it the API server reports v0.0.0 and version checks (Helm chart
// kubeVersion, istiod's minimum Kubernetes version) fail.
func kubernetesLdflags(version string) string {
	major, minor := "1", ""
	if parts := strings.SplitN(strings.TrimPrefix(version, "v"), ".", 3); len(parts) >= 2 {
		major, minor = parts[0], parts[1]
	}
	var b strings.Builder
	b.WriteString("-s -w")
	for _, pkg := range []string{"k8s.io/component-base/version", "k8s.io/client-go/pkg/version"} {
		fmt.Fprintf(&b, " -X %s.gitVersion=%s -X %s.gitMajor=%s -X %s.gitMinor=%s -X %s.gitTreeState=clean -X %s.buildDate=1970-01-01T00:00:00Z",
			pkg, version, pkg, major, pkg, minor, pkg, pkg)
	}
	return b.String()
}

// Version reads the pinned version from the component's go.mod.
func (c Component) Version(p state.Paths) (string, error) {
	gomod := filepath.Join(p.ModuleDir(c.Name), "go.mod")
	f, err := os.Open(gomod)
	if err != nil {
		return "", fmt.Errorf("%s: %w", c.Name, err)
	}
	defer f.Close()
	return PinnedVersion(f, c.PinModule, gomod)
}

// PinnedVersion finds `<module> vX` in a go.mod's require lines (not its replaces).
func PinnedVersion(r interface{ Read([]byte) (int, error) }, module, name string) (string, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(sc.Text()), "require "))
		if len(f) >= 2 && f[0] == module && strings.HasPrefix(f[1], "v") {
			return f[1], nil
		}
	}
	return "", fmt.Errorf("%s: no require line for %s", name, module)
}

// Dir is the cache folder of this component's pinned version.
func (c Component) Dir(p state.Paths) (string, error) {
	v, err := c.Version(p)
	if err != nil {
		return "", err
	}
	return p.BinDir(c.Name, v), nil
}

// Binary returns the path of one built binary.
func (c Component) Binary(p state.Paths, name string) (string, error) {
	dir, err := c.Dir(p)
	return filepath.Join(dir, name), err
}

// Built reports whether every binary of the pinned version is in the cache.
func (c Component) Built(p state.Paths) bool {
	dir, err := c.Dir(p)
	if err != nil {
		return false
	}
	for _, b := range c.Binaries {
		if _, err := os.Stat(filepath.Join(dir, b)); err != nil {
			return false
		}
	}
	return true
}

// Ensure builds the component if its pinned version is not cached. It builds into a
// temporary folder and renames it, so an interrupted build never looks complete.
func (c Component) Ensure(p state.Paths, log func(string, ...any)) error {
	if c.Built(p) {
		return nil
	}
	version, err := c.Version(p)
	if err != nil {
		return err
	}
	final := p.BinDir(c.Name, version)
	tmp := final + ".building"
	_ = os.RemoveAll(tmp)
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return err
	}
	logFile := filepath.Join(p.Home, "bin", c.Name+"-"+version+".build.log")
	log("building %s %s (cold builds take minutes; log: %s)", c.Name, version, logFile)
	start := time.Now()
	args := append([]string{"build", "-trimpath", "-ldflags", c.ldflags(version), "-o", c.outputPath(tmp)}, c.Packages...)
	cmd := exec.Command("go", args...)
	cmd.Dir = p.ModuleDir(c.Name)
	// GOWORK=off: a go.work elsewhere in the repo must not change what we pin.
	// GOFLAGS=-mod=readonly: the committed go.sum is the contract.
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=readonly", "CGO_ENABLED=0")
	out, err := os.Create(logFile)
	if err != nil {
		return err
	}
	defer out.Close()
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Run(); err != nil {
		_ = os.RemoveAll(tmp)
		return fmt.Errorf("build %s %s failed (%v); see %s", c.Name, version, err, logFile)
	}
	if err := c.checkBinaries(tmp); err != nil {
		_ = os.RemoveAll(tmp)
		return fmt.Errorf("build %s %s: %w; see %s", c.Name, version, err, logFile)
	}
	_ = os.RemoveAll(final)
	if err := os.Rename(tmp, final); err != nil {
		return fmt.Errorf("install %s %s: %w", c.Name, version, err)
	}
	log("built %s %s in %s", c.Name, version, time.Since(start).Round(time.Second))
	return nil
}

// outputPath names the single binary explicitly: `go build -o dir/` names a
// binary after its package path's last element, which for a module root with a
// major-version suffix (go.etcd.io/etcd/server/v3) is "server", not "etcd".
func (c Component) outputPath(dir string) string {
	if len(c.Packages) == 1 && len(c.Binaries) == 1 {
		return filepath.Join(dir, c.Binaries[0])
	}
	return dir + "/"
}

// checkBinaries makes sure the build produced every file the fleet will exec, so
// a misnamed output fails here rather than at `fleet up`.
func (c Component) checkBinaries(dir string) error {
	for _, name := range c.Binaries {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("the build did not produce %s", name)
		}
	}
	return nil
}
