package fleet

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"meshfleet/tools/fleet/internal/proc"
)

// The test binary doubles as fleet-supervise for the daemons these tests start.
func TestMain(m *testing.M) {
	if os.Getenv("FLEET_TEST_SUPERVISOR") == "1" {
		os.Exit(proc.Supervise(os.Args[1:]))
	}
	self, err := os.Executable()
	if err != nil {
		panic(err)
	}
	proc.SupervisorPath = self
	os.Setenv("FLEET_TEST_SUPERVISOR", "1")
	os.Exit(m.Run())
}

// A daemon that exits on its first start (as etcd seemed to on a fresh machine)
// is started once more; the first failure is logged with how the process ended.
func TestStartUntilReadyRetriesOnce(t *testing.T) {
	dir := t.TempDir()
	marker, readyFile := filepath.Join(dir, "started-once"), filepath.Join(dir, "ready")
	// First start: leave a marker and exit 3. Second start: get ready and run.
	script := fmt.Sprintf("if [ -e %[1]s ]; then touch %[2]s; sleep 30; else touch %[1]s; exit 3; fi", marker, readyFile)
	d := shDaemon(t, dir, script)
	f, logged := loggingFleet()
	if err := f.startUntilReady(context.Background(), d, 10*time.Second, fileExists(readyFile), "test daemon"); err != nil {
		t.Fatalf("second attempt should have succeeded: %v", err)
	}
	if _, ok := d.Running(); !ok {
		t.Fatal("daemon not running after a successful start")
	}
	log := logged()
	for _, want := range []string{"exited with code 3", "starting test/sh once more", "ready on the second attempt"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
}

// A daemon that fails twice is reported with both failures and how each ended.
func TestStartUntilReadyGivesUpAfterTwoFailures(t *testing.T) {
	dir := t.TempDir()
	d := shDaemon(t, dir, "echo broken config >&2; exit 2")
	f, _ := loggingFleet()
	err := f.startUntilReady(context.Background(), d, 10*time.Second, fileExists(filepath.Join(dir, "never")), "test daemon")
	if err == nil {
		t.Fatal("expected an error")
	}
	msg := err.Error()
	for _, want := range []string{"attempt 1", "attempt 2", "exited with code 2", "broken config"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q: %s", want, msg)
		}
	}
}

// A daemon that runs but never gets ready counts as a failed start too; the
// stuck process is stopped before the second attempt.
func TestStartUntilReadyRetriesWhenNeverReady(t *testing.T) {
	dir := t.TempDir()
	d := shDaemon(t, dir, "sleep 30")
	f, _ := loggingFleet()
	pids := map[int]bool{}
	ready := func() error {
		pid, _ := d.Running()
		pids[pid] = true
		return fmt.Errorf("not ready")
	}
	err := f.startUntilReady(context.Background(), d, 500*time.Millisecond, ready, "test daemon")
	if err == nil || !strings.Contains(err.Error(), "timed out waiting for test daemon") {
		t.Fatalf("error = %v", err)
	}
	if len(pids) != 2 {
		t.Errorf("want two processes (one per attempt), saw pids %v", pids)
	}
}

func fileExists(path string) func() error {
	return func() error { _, err := os.Stat(path); return err }
}

func shDaemon(t *testing.T, dir, script string) proc.Daemon {
	d := proc.Daemon{Name: "test/sh", Binary: "/bin/sh", Args: []string{"-c", script},
		LogFile: filepath.Join(dir, "logs", "sh.log"), PidFile: filepath.Join(dir, "pids", "sh.pid")}
	t.Cleanup(func() { _ = d.Stop(time.Second) })
	return d
}

func loggingFleet() (*Fleet, func() string) {
	var mu sync.Mutex
	var b strings.Builder
	f := &Fleet{Log: func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(&b, format+"\n", args...)
	}}
	return f, func() string { mu.Lock(); defer mu.Unlock(); return b.String() }
}
