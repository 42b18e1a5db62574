// Package proc runs the fleet's components as detached daemons: each in its own
// session (setsid) so `fleet up` can return and a Ctrl-C in the shell does not reach
// them, with output in a log file and its pid in a pid file.
package proc

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Daemon describes one long-running component.
type Daemon struct {
	Name    string // for messages, e.g. "east/kube-apiserver"
	Binary  string
	Args    []string
	Env     []string // added to the current environment
	LogFile string
	PidFile string
	Dir     string // working directory; "" keeps the caller's
}

// Start launches the daemon unless its pid file names a live process running the
// same binary. It returns the pid and whether it was already running.
func (d Daemon) Start() (pid int, already bool, err error) {
	if pid, ok := d.Running(); ok {
		return pid, true, nil
	}
	for _, dir := range []string{filepath.Dir(d.LogFile), filepath.Dir(d.PidFile)} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return 0, false, fmt.Errorf("%s: %w", d.Name, err)
		}
	}
	logf, err := os.OpenFile(d.LogFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return 0, false, fmt.Errorf("%s: open log: %w", d.Name, err)
	}
	defer logf.Close()
	fmt.Fprintf(logf, "\n==== %s fleet: starting %s %s\n", time.Now().Format(time.RFC3339), d.Binary, strings.Join(d.Args, " "))
	cmd := exec.Command(d.Binary, d.Args...)
	cmd.Env = append(os.Environ(), d.Env...)
	cmd.Dir = d.Dir
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return 0, false, fmt.Errorf("%s: start %s: %w", d.Name, d.Binary, err)
	}
	pid = cmd.Process.Pid
	// Release, not Wait: the daemon outlives us; init reaps it.
	_ = cmd.Process.Release()
	if err := os.WriteFile(d.PidFile, []byte(strconv.Itoa(pid)+"\n"), 0o644); err != nil {
		return pid, false, fmt.Errorf("%s: write pid file: %w", d.Name, err)
	}
	return pid, false, nil
}

// Running reports the pid from the pid file if that process is alive and is still
// this daemon's binary (pids get reused after reboots).
func (d Daemon) Running() (int, bool) {
	return runningPid(d.PidFile, d.Binary)
}

// Outdated reports whether the running daemon's executable was replaced on disk since
// it started (the fleet CLI, which runs the kubelet stand-ins, was rebuilt): Linux
// then shows its /proc/<pid>/exe as "... (deleted)".
func (d Daemon) Outdated() bool {
	pid, ok := d.Running()
	if !ok {
		return false
	}
	exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
	return err == nil && strings.HasSuffix(exe, " (deleted)")
}

// Stop sends SIGTERM to the daemon's process group, waits up to grace, then SIGKILL.
func (d Daemon) Stop(grace time.Duration) error {
	pid, ok := d.Running()
	if !ok {
		_ = os.Remove(d.PidFile)
		return nil
	}
	_ = syscall.Kill(-pid, syscall.SIGTERM) // setsid made pid the group leader
	deadline := time.Now().Add(grace)
	for time.Now().Before(deadline) {
		if !alive(pid) {
			return os.Remove(d.PidFile)
		}
		time.Sleep(100 * time.Millisecond)
	}
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	for i := 0; i < 50 && alive(pid); i++ {
		time.Sleep(100 * time.Millisecond)
	}
	if alive(pid) {
		return fmt.Errorf("%s: pid %d survived SIGKILL", d.Name, pid)
	}
	return os.Remove(d.PidFile)
}

func runningPid(pidFile, binary string) (int, bool) {
	b, err := os.ReadFile(pidFile)
	if err != nil {
		return 0, false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 || !alive(pid) {
		return 0, false
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return 0, false
	}
	argv0, _, _ := bytes.Cut(cmdline, []byte{0})
	if filepath.Base(string(argv0)) != filepath.Base(binary) {
		return 0, false
	}
	return pid, true
}

func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	// A zombie is not alive for our purposes.
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	if i := bytes.LastIndexByte(stat, ')'); i > 0 && i+2 < len(stat) {
		return stat[i+2] != 'Z'
	}
	return true
}

// RSSBytes returns the resident set size of a process, 0 if it is gone. RSS counts
// the pages of the executable in every process that maps it, so the API servers of
// a fleet (one binary) each count the same ~95 MiB of code.
func RSSBytes(pid int) int64 { return procKB(fmt.Sprintf("/proc/%d/status", pid), "VmRSS:") }

// PSSBytes returns the proportional set size: shared pages divided among the
// processes that share them, so a sum over the fleet is its real memory use.
func PSSBytes(pid int) int64 { return procKB(fmt.Sprintf("/proc/%d/smaps_rollup", pid), "Pss:") }

func procKB(file, key string) int64 {
	b, err := os.ReadFile(file)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, key) {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, _ := strconv.ParseInt(f[1], 10, 64)
				return kb * 1024
			}
		}
	}
	return 0
}

// TailLog returns the last n lines of a log file, for error messages.
func TailLog(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
