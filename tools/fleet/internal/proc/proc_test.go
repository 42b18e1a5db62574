package proc

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The test binary doubles as the supervisor (as fleet-supervise would run) and as
// a large daemon binary, selected by environment variables.
func TestMain(m *testing.M) {
	switch os.Getenv("PROC_TEST_ROLE") {
	case "supervisor":
		os.Setenv("PROC_TEST_ROLE", "daemon")
		os.Exit(Supervise(os.Args[1:]))
	case "daemon":
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	self, err := os.Executable()
	if err != nil {
		panic(err)
	}
	SupervisorPath = self
	os.Setenv("PROC_TEST_ROLE", "supervisor")
	os.Exit(m.Run())
}

func testDaemon(t *testing.T, binary string, args ...string) Daemon {
	dir := t.TempDir()
	d := Daemon{Name: "test/" + filepath.Base(binary), Binary: binary, Args: args,
		LogFile: filepath.Join(dir, "logs", "d.log"), PidFile: filepath.Join(dir, "pids", "d.pid")}
	t.Cleanup(func() { _ = d.Stop(time.Second) })
	return d
}

func TestStartIsIdempotentAndStopEnds(t *testing.T) {
	d := testDaemon(t, "/bin/sleep", "30")
	pid, already, err := d.Start()
	if err != nil || already {
		t.Fatalf("start: %d %v %v", pid, already, err)
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
	e := waitExit(t, d)
	if e.Pid != pid || e.Signal != "SIGTERM" {
		t.Errorf("exit record after Stop = %+v, want pid %d ended by SIGTERM", e, pid)
	}
}

// The regression behind "etcd exited" on a fresh machine: right after the kernel
// released the starter, /proc/<pid>/cmdline of a large binary could still be
// empty, and Running (which compares it to the binary's name) said "not running".
// Start must only return once Running sees the daemon.
func TestRunningRightAfterStart(t *testing.T) {
	self, _ := os.Executable() // tens of MB: exec takes long enough to show the race
	for i := 0; i < 20; i++ {
		d := testDaemon(t, self)
		pid, _, err := d.Start()
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := d.Running(); !ok || got != pid {
			t.Fatalf("start %d: Running() = %d %v right after Start returned pid %d", i, got, ok, pid)
		}
		if err := d.Stop(5 * time.Second); err != nil {
			t.Fatal(err)
		}
	}
}

func TestExitCodeIsRecorded(t *testing.T) {
	d := testDaemon(t, "/bin/sh", "-c", "sleep 0.3; echo bye; exit 3")
	pid, _, err := d.Start()
	if err != nil {
		t.Fatal(err)
	}
	e := waitExit(t, d)
	if e.Pid != pid || e.Code == nil || *e.Code != 3 || e.Signal != "" {
		t.Fatalf("exit record = %+v, want pid %d code 3", e, pid)
	}
	if got := d.LastExit(); !strings.Contains(got, "exited with code 3") {
		t.Errorf("LastExit() = %q", got)
	}
	if log := TailLog(d.LogFile, 3); !strings.Contains(log, "bye") || !strings.Contains(log, "exited with code 3") {
		t.Errorf("the log should hold the output and the end: %q", log)
	}
}

// A signal from elsewhere (the OOM killer, a stray kill) is recorded by name.
func TestKillingSignalIsRecorded(t *testing.T) {
	d := testDaemon(t, "/bin/sleep", "30")
	pid, _, err := d.Start()
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if e := waitExit(t, d); e.Pid != pid || e.Signal != "SIGKILL" || e.Code != nil {
		t.Fatalf("exit record = %+v, want pid %d killed by SIGKILL", e, pid)
	}
	if got := d.LastExit(); !strings.Contains(got, "killed by signal SIGKILL") {
		t.Errorf("LastExit() = %q", got)
	}
}

// A daemon that ignores SIGTERM is killed after the grace period, and the record
// says so (the supervisor survives the kill of the daemon alone).
func TestStopRecordsTheKillAfterGrace(t *testing.T) {
	d := testDaemon(t, "/bin/sh", "-c", `trap "" TERM; echo trapped; while :; do sleep 0.1; done`)
	pid, _, err := d.Start()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100 && !strings.Contains(TailLog(d.LogFile, 3), "trapped"); i++ {
		time.Sleep(20 * time.Millisecond) // until the shell ignores SIGTERM
	}
	if err := d.Stop(300 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if e := waitExit(t, d); e.Pid != pid || e.Signal != "SIGKILL" {
		t.Fatalf("exit record = %+v, want pid %d killed by SIGKILL", e, pid)
	}
}

func TestStartOfMissingBinaryFailsWithReason(t *testing.T) {
	d := testDaemon(t, "/nonexistent/etcd")
	_, _, err := d.Start()
	if err == nil || !strings.Contains(err.Error(), "could not start") || !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("Start() error = %v", err)
	}
}

// A restart must not show the previous process's end as its own.
func TestStartRemovesOldExitRecord(t *testing.T) {
	d := testDaemon(t, "/bin/sleep", "30")
	if _, _, err := d.Start(); err != nil {
		t.Fatal(err)
	}
	if err := d.Stop(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	waitExit(t, d)
	if _, _, err := d.Start(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(d.ExitFile()); !os.IsNotExist(err) {
		t.Errorf("exit record of the stopped process still there: %v", err)
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

func TestExitFromWaitStatus(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	exited := ExitFromWaitStatus(7, syscall.WaitStatus(2<<8), at) // exit(2)
	if exited.Code == nil || *exited.Code != 2 || exited.Signal != "" {
		t.Errorf("exit(2) -> %+v", exited)
	}
	killed := ExitFromWaitStatus(7, syscall.WaitStatus(syscall.SIGKILL), at)
	if killed.Code != nil || killed.Signal != "SIGKILL" {
		t.Errorf("SIGKILL -> %+v", killed)
	}
	path := filepath.Join(t.TempDir(), "x.exit")
	if err := WriteExit(path, killed); err != nil {
		t.Fatal(err)
	}
	back, err := ReadExit(path)
	if err != nil || back.Pid != 7 || back.Signal != "SIGKILL" || !back.Time.Equal(at) {
		t.Errorf("read back %+v %v", back, err)
	}
}

// waitExit waits for the supervisor's record.
func waitExit(t *testing.T, d Daemon) Exit {
	t.Helper()
	for i := 0; i < 200; i++ {
		if e, err := ReadExit(d.ExitFile()); err == nil {
			return e
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("no exit record at %s; log:\n%s", d.ExitFile(), TailLog(d.LogFile, 10))
	return Exit{}
}
