package proc

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Exit is how one daemon process ended, as its supervisor saw it in the wait status.
// Only the parent of a process can read that status, and `fleet up` returns long
// before its daemons end, so every daemon runs under a small supervisor
// (fleet-supervise, see Supervise) that stays its parent and writes this record next
// to the daemon's log (<name>.exit).
type Exit struct {
	Pid  int       `json:"pid"`
	Time time.Time `json:"time"`
	// Code is the exit code when the process exited; nil when a signal ended it.
	Code *int `json:"code,omitempty"`
	// Signal names the signal that ended the process (e.g. "SIGKILL").
	Signal     string `json:"signal,omitempty"`
	CoreDumped bool   `json:"coreDumped,omitempty"`
	// StartError is set when the binary could not be started at all.
	StartError string `json:"startError,omitempty"`
}

// ExitFromWaitStatus turns a wait status into a record.
func ExitFromWaitStatus(pid int, ws syscall.WaitStatus, at time.Time) Exit {
	e := Exit{Pid: pid, Time: at.UTC().Truncate(time.Millisecond)}
	switch {
	case ws.Exited():
		code := ws.ExitStatus()
		e.Code = &code
	case ws.Signaled():
		e.Signal = signalName(ws.Signal())
		e.CoreDumped = ws.CoreDump()
	default:
		e.StartError = fmt.Sprintf("unexpected wait status %#x", uint32(ws))
	}
	return e
}

// String is the record for people: "pid 123 exited with code 1 at 19:30:01".
func (e Exit) String() string {
	at := e.Time.Local().Format("15:04:05")
	switch {
	case e.StartError != "":
		return fmt.Sprintf("could not start at %s: %s", at, e.StartError)
	case e.Code != nil:
		return fmt.Sprintf("pid %d exited with code %d at %s", e.Pid, *e.Code, at)
	case e.Signal != "":
		core := ""
		if e.CoreDumped {
			core = ", core dumped"
		}
		return fmt.Sprintf("pid %d killed by signal %s%s at %s", e.Pid, e.Signal, core, at)
	}
	return fmt.Sprintf("pid %d ended at %s", e.Pid, at)
}

// WriteExit stores a record atomically (temp file + rename), so a reader never sees
// half a record.
func WriteExit(path string, e Exit) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(b, '\n'))
}

// ReadExit reads the record a supervisor wrote.
func ReadExit(path string) (Exit, error) {
	var e Exit
	b, err := os.ReadFile(path)
	if err != nil {
		return e, err
	}
	if err := json.Unmarshal(b, &e); err != nil {
		return e, fmt.Errorf("exit record %s: %w", path, err)
	}
	return e, nil
}

func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// signalName is "SIGKILL" rather than Go's "killed", to match what people grep for.
func signalName(s syscall.Signal) string {
	if name, ok := signalNames[s]; ok {
		return name
	}
	return fmt.Sprintf("%d (%s)", int(s), strings.ToLower(s.String()))
}

var signalNames = map[syscall.Signal]string{
	syscall.SIGHUP: "SIGHUP", syscall.SIGINT: "SIGINT", syscall.SIGQUIT: "SIGQUIT",
	syscall.SIGILL: "SIGILL", syscall.SIGTRAP: "SIGTRAP", syscall.SIGABRT: "SIGABRT",
	syscall.SIGBUS: "SIGBUS", syscall.SIGFPE: "SIGFPE", syscall.SIGKILL: "SIGKILL",
	syscall.SIGUSR1: "SIGUSR1", syscall.SIGSEGV: "SIGSEGV", syscall.SIGUSR2: "SIGUSR2",
	syscall.SIGPIPE: "SIGPIPE", syscall.SIGALRM: "SIGALRM", syscall.SIGTERM: "SIGTERM",
	syscall.SIGXCPU: "SIGXCPU", syscall.SIGXFSZ: "SIGXFSZ", syscall.SIGSYS: "SIGSYS",
}
