package state

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// Lock takes the fleet-wide lock, so that concurrent `fleet up` calls (parallel jest
// workers each calling ensureFleet) run one after the other instead of starting
// duplicate daemons that fight over ports and pid files. The lock is released when
// the process exits, even if it crashes.
func (p Paths) Lock() (unlock func(), err error) {
	if err := os.MkdirAll(p.Home, 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(p.Home, "fleet.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open fleet lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("take fleet lock: %w", err)
	}
	return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}
