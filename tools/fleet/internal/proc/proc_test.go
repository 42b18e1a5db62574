package proc

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestStartIsIdempotentAndStopEnds(t *testing.T) {
	dir := t.TempDir()
	d := Daemon{Name: "test/sleep", Binary: "/bin/sleep", Args: []string{"30"},
		LogFile: filepath.Join(dir, "logs", "sleep.log"), PidFile: filepath.Join(dir, "pids", "sleep.pid")}
	pid, already, err := d.Start()
	if err != nil || already {
		t.Fatalf("start: %d %v %v", pid, already, err)
	}
	// Seen once in CI: a Start immediately after the first did not yet see the new
	// process through /proc; wait until it is observable, as `fleet up` callers do
	// (they wait for readiness), then check idempotence.
	for i := 0; i < 50; i++ {
		if _, ok := d.Running(); ok {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	again, already, err := d.Start()
	if err != nil || !already || again != pid {
		t.Fatalf("second start should find pid %d running, got %d %v %v", pid, again, already, err)
	}
	if RSSBytes(pid) <= 0 || PSSBytes(pid) <= 0 || PSSBytes(pid) > RSSBytes(pid) {
		t.Errorf("RSS %d, PSS %d of a live process", RSSBytes(pid), PSSBytes(pid))
	}
	if d.Outdated() {
		t.Error("/bin/sleep was not replaced")
	}
	if err := d.Stop(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	if _, ok := d.Running(); ok {
		t.Fatal("still running after Stop")
	}
	if _, err := os.Stat(d.PidFile); !os.IsNotExist(err) {
		t.Error("pid file should be gone")
	}
	if !strings.Contains(TailLog(d.LogFile, 5), "starting /bin/sleep 30") {
		t.Errorf("log = %q", TailLog(d.LogFile, 5))
	}
}

func TestStalePidFileIsNotRunning(t *testing.T) {
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "x.pid")
	// Our own pid is alive but runs the test binary, not /bin/sleep.
	os.WriteFile(pidFile, []byte(strconv.Itoa(os.Getpid())), 0o644)
	d := Daemon{Binary: "/bin/sleep", PidFile: pidFile}
	if _, ok := d.Running(); ok {
		t.Fatal("a pid running another binary must not count as running")
	}
}
