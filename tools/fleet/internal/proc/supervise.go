package proc

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

// SupervisorName is the supervisor's executable, built next to the fleet CLI by
// tools/fleet/fleet (from ./cmd/fleet-supervise).
const SupervisorName = "fleet-supervise"

// Supervise is the supervisor's main:
//
//	fleet-supervise --pid-file P --exit-file E -- BINARY ARGS...
//
// It starts BINARY as its child, writes the child's pid to P once the child is
// observable as BINARY (see awaitExec), waits for it and writes how it ended to E
// (an Exit record). It returns the code the supervisor exits with.
//
// It stays small on purpose (stdlib only, ~2 MiB RSS) because one runs per daemon.
func Supervise(args []string) int {
	fs := flag.NewFlagSet(SupervisorName, flag.ContinueOnError)
	pidFile := fs.String("pid-file", "", "where to write the child's pid")
	exitFile := fs.String("exit-file", "", "where to write how the child ended")
	if err := fs.Parse(args); err != nil || fs.NArg() == 0 || *pidFile == "" || *exitFile == "" {
		fmt.Fprintf(os.Stderr, "usage: %s --pid-file P --exit-file E -- BINARY ARGS...\n", SupervisorName)
		return 2
	}
	ignoreStopSignals()
	argv := fs.Args()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr // the daemon's log, opened by the starter
	if err := cmd.Start(); err != nil {
		e := Exit{Time: time.Now().UTC(), StartError: err.Error()}
		report(*exitFile, argv[0], e)
		return 127
	}
	pid := cmd.Process.Pid
	awaitExec(pid, 30*time.Second)
	if err := writeFileAtomic(*pidFile, []byte(strconv.Itoa(pid)+"\n")); err != nil {
		fmt.Fprintf(os.Stderr, "%s: write pid file %s: %v\n", SupervisorName, *pidFile, err)
	}
	_ = cmd.Wait() // the status is in ProcessState; an exit code is not our error
	ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
	report(*exitFile, argv[0], ExitFromWaitStatus(pid, ws, time.Now()))
	return 0
}

// ignoreStopSignals: the fleet stops a daemon by signalling its process group,
// which is the supervisor's group, so the signal reaches the supervisor too. It
// must outlive the daemon to record its end, so it catches these signals (a
// handler, not SIG_IGN: ignored signals would stay ignored in the child across
// exec) and lets the child act on them.
func ignoreStopSignals() {
	ch := make(chan os.Signal, 4)
	signal.Notify(ch, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP, syscall.SIGQUIT)
	go func() {
		for range ch {
		}
	}()
}

// awaitExec waits until /proc/<pid>/cmdline shows the new program. The kernel
// lets the parent run on (vfork release, close-on-exec pipe) before it has set up
// the new program's arguments, so for a short while /proc/<pid>/cmdline is empty;
// a reader that checks the pid against the binary's name then believes the
// daemon is gone. Writing the pid file only after this point means every reader of
// the pid file sees the real command line.
func awaitExec(pid int, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		if err != nil || len(bytes.TrimRight(b, "\x00")) > 0 || !alive(pid) {
			return // gone, or exec finished: Wait reports which
		}
		time.Sleep(time.Millisecond)
	}
}

// report writes the record and appends it to the daemon's log, where people look.
func report(exitFile, binary string, e Exit) {
	fmt.Fprintf(os.Stderr, "==== %s fleet: %s %s\n", time.Now().Format(time.RFC3339), binary, e)
	if err := WriteExit(exitFile, e); err != nil {
		fmt.Fprintf(os.Stderr, "%s: write exit record %s: %v\n", SupervisorName, exitFile, err)
	}
}
