// Package proc runs the fleet's components as detached daemons: each in its own
// session (setsid) so `fleet up` can return and a Ctrl-C in the shell does not reach
// them, with output in a log file, its pid in a pid file and, through a supervisor
// that stays its parent, how it ended in an exit record (<name>.exit).
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

// Start launches the daemon under its supervisor unless its pid file names a live
// process running the same binary. It returns the daemon's pid once the pid file
// names it, and whether it was already running. A daemon that ends before that is
// an error saying how it ended.
func (d Daemon) Start() (pid int, already bool, err error) {
	if pid, ok := d.Running(); ok {
		return pid, true, nil
	}
	if err := d.prepareFiles(); err != nil {
		return 0, false, fmt.Errorf("%s: %w", d.Name, err)
	}
	sup, err := supervisor()
	if err != nil {
		return 0, false, fmt.Errorf("%s: %w", d.Name, err)
	}
	logf, err := os.OpenFile(d.LogFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return 0, false, fmt.Errorf("%s: open log: %w", d.Name, err)
	}
	defer logf.Close()
	fmt.Fprintf(logf, "\n==== %s fleet: starting %s %s\n", time.Now().Format(time.RFC3339), d.Binary, strings.Join(d.Args, " "))
	args := append([]string{"--pid-file", d.PidFile, "--exit-file", d.ExitFile(), "--", d.Binary}, d.Args...)
	cmd := exec.Command(sup, args...)
	cmd.Env = append(os.Environ(), d.Env...)
	cmd.Dir = d.Dir
	cmd.Stdout, cmd.Stderr = logf, logf
	// Own session: `fleet up` returns while the daemon runs on, and neither a Ctrl-C
	// in the caller's terminal nor its hangup reaches the daemon.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return 0, false, fmt.Errorf("%s: start %s: %w", d.Name, sup, err)
	}
	pid, err = d.awaitPidFile(cmd.Process, startTimeout)
	if err != nil {
		return 0, false, err
	}
	// Reap the supervisor when it ends, so a long-lived starter (the kubelet
	// stand-in starting istiod processes) collects no zombies.
	go func() { _, _ = cmd.Process.Wait() }()
	return pid, false, nil
}

// startTimeout bounds how long the supervisor may take to exec the daemon: long,
// because a loaded 2-core machine paging in a 100 MB binary is slow.
const startTimeout = 60 * time.Second

// prepareFiles creates the folders and removes the previous pid file and exit
// record, so neither can be mistaken for the new process's.
func (d *Daemon) prepareFiles() error {
	var err error
	// The supervisor runs in d.Dir: its paths must not be relative.
	if d.PidFile, err = filepath.Abs(d.PidFile); err != nil {
		return err
	}
	if d.LogFile, err = filepath.Abs(d.LogFile); err != nil {
		return err
	}
	for _, dir := range []string{filepath.Dir(d.LogFile), filepath.Dir(d.PidFile)} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	for _, f := range []string{d.PidFile, d.ExitFile()} {
		if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}

// awaitPidFile waits until the supervisor has written the daemon's pid, or has
// ended (the daemon could not start or ended at once: its exit record says how).
func (d Daemon) awaitPidFile(sup *os.Process, limit time.Duration) (int, error) {
	deadline := time.Now().Add(limit)
	for {
		if pid, ok := d.Running(); ok {
			return pid, nil
		}
		var ws syscall.WaitStatus
		if wpid, _ := syscall.Wait4(sup.Pid, &ws, syscall.WNOHANG, nil); wpid == sup.Pid {
			return 0, fmt.Errorf("%s ended right after its start (%s); see %s:\n%s", d.Name, d.LastExit(), d.LogFile, TailLog(d.LogFile, 10))
		}
		if time.Now().After(deadline) {
			_ = syscall.Kill(-sup.Pid, syscall.SIGKILL)
			if b, err := os.ReadFile(d.PidFile); err == nil {
				return 0, fmt.Errorf("%s: pid %s from %s does not run %s (a daemon must not exec another program); see %s",
					d.Name, strings.TrimSpace(string(b)), d.PidFile, filepath.Base(d.Binary), d.LogFile)
			}
			return 0, fmt.Errorf("%s: its supervisor wrote no pid file (%s) within %s; see %s", d.Name, d.PidFile, limit, d.LogFile)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// ExitFile is the supervisor's record of how the daemon last ended, next to its log.
func (d Daemon) ExitFile() string { return strings.TrimSuffix(d.LogFile, ".log") + ".exit" }

// LastExit describes how the daemon last ended, from its supervisor's record. The
// supervisor writes it a moment after the daemon ends, so a caller that just saw
// the daemon gone waits for it briefly.
func (d Daemon) LastExit() string {
	var err error
	for i := 0; i < 40; i++ {
		var e Exit
		if e, err = ReadExit(d.ExitFile()); err == nil {
			return e.String()
		}
		time.Sleep(50 * time.Millisecond)
	}
	if os.IsNotExist(err) {
		return "no exit record in " + d.ExitFile() + ": its supervisor was killed too, or an older fleet started it"
	}
	return err.Error()
}

// SupervisorPath overrides where the supervisor is (tests); by default it is
// fleet-supervise next to the running executable.
var SupervisorPath = ""

func supervisor() (string, error) {
	path := SupervisorPath
	if path == "" {
		self, err := os.Executable()
		if err != nil {
			return "", err
		}
		path = filepath.Join(filepath.Dir(self), SupervisorName)
	}
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("the process supervisor is missing (%w); tools/fleet/fleet builds it next to the fleet CLI", err)
	}
	return path, nil
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

// Stop sends SIGTERM to the daemon's process group (its supervisor's: the
// supervisor records the end), waits up to grace, then sends SIGKILL: first to the
// daemon alone, so that its supervisor still records the kill, then, if anything
// of the group is left, to the group.
func (d Daemon) Stop(grace time.Duration) error {
	pid, ok := d.Running()
	if !ok {
		_ = os.Remove(d.PidFile)
		return nil
	}
	group := processGroup(pid)
	_ = syscall.Kill(group, syscall.SIGTERM)
	if waitGone(pid, group, grace) {
		return os.Remove(d.PidFile)
	}
	_ = syscall.Kill(pid, syscall.SIGKILL)
	if waitGone(pid, group, 2*time.Second) {
		return os.Remove(d.PidFile)
	}
	_ = syscall.Kill(group, syscall.SIGKILL)
	if !waitGone(pid, group, 5*time.Second) {
		return fmt.Errorf("%s: pid %d survived SIGKILL", d.Name, pid)
	}
	return os.Remove(d.PidFile)
}

// processGroup is what to signal to reach the daemon and its supervisor: the
// negative id of the group the supervisor leads (setsid). Daemons started by an
// older fleet lead their own group, which comes out the same. Never our own group.
func processGroup(pid int) int {
	pgid, err := syscall.Getpgid(pid)
	if err != nil || pgid <= 1 || pgid == syscall.Getpgrp() {
		return pid
	}
	return -pgid
}

// waitGone waits until the daemon and, when signalled as a group, the supervisor
// leading it have ended: a Start right after must not race the old supervisor's
// exit record.
func waitGone(pid, group int, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for {
		if !alive(pid) && (group > 0 || !alive(-group)) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
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
