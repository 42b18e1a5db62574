package fleet

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"meshfleet/tools/fleet/internal/proc"
)

// buildIstio runs tools/istio/build.sh: the real pilot-discovery the istiod runtime
// starts, Helm, and the local charts. It does nothing when they are current (well
// under a second), so `fleet up` and `fleet build` always call it; a cold build
// takes minutes (see tools/istio/README.md).
func (f *Fleet) buildIstio() error {
	logFile := filepath.Join(f.Paths.Home, "bin", "istio-build.log")
	out, err := os.Create(logFile)
	if err != nil {
		return err
	}
	defer out.Close()
	start := time.Now()
	cmd := exec.Command(filepath.Join(f.toolsDir("istio"), "build.sh"))
	cmd.Env = append(os.Environ(), "FLEET_DIR="+f.Paths.Home, "GOWORK=off")
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("tools/istio/build.sh failed (%v); see %s:\n%s", err, logFile, proc.TailLog(logFile, 10))
	}
	if d := time.Since(start); d > 10*time.Second {
		f.Log("built Istio (pilot-discovery, helm, charts) in %s (log: %s)", d.Round(time.Second), logFile)
	}
	return nil
}

func (f *Fleet) trafficsimBinary() string {
	return filepath.Join(f.Paths.Home, "bin", "trafficsim", "trafficsim")
}

// buildTrafficsim compiles tools/trafficsim when its sources changed (a hash of its
// Go files, go.mod and go.sum is kept next to the binary).
func (f *Fleet) buildTrafficsim() error {
	src := f.toolsDir("trafficsim")
	stamp, err := sourceStamp(src)
	if err != nil {
		return fmt.Errorf("trafficsim sources %s: %w", src, err)
	}
	bin := f.trafficsimBinary()
	stampFile := bin + ".stamp"
	if old, err := os.ReadFile(stampFile); err == nil && string(old) == stamp {
		if _, err := os.Stat(bin); err == nil {
			return nil
		}
	}
	f.Log("building trafficsim (the simulated Envoy metrics)")
	cmd := exec.Command("go", "build", "-trimpath", "-o", bin+".new", ".")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "GOWORK=off", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build trafficsim in %s: %v\n%s", src, err, out)
	}
	if err := os.Rename(bin+".new", bin); err != nil {
		return err
	}
	return os.WriteFile(stampFile, []byte(stamp), 0o644)
}

func sourceStamp(dir string) (string, error) {
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := d.Name()
		if strings.HasSuffix(name, ".go") || name == "go.mod" || name == "go.sum" {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "%s %d\n", p, len(b))
			h.Write(b)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)), err
}
