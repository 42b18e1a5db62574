package fleet

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"meshfleet/tools/fleet/internal/render"
)

type permanentError struct{ error }

// permanent marks an error that waiting will not fix (the process died).
func permanent(err error) error { return permanentError{err} }

// waitFor polls check every 250 ms until it succeeds, fails permanently, or the
// context (or the optional timeout) ends; the last error is reported with what.
func waitFor(ctx context.Context, timeout time.Duration, check func() error, what string) error {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	for {
		err := check()
		if err == nil {
			return nil
		}
		var p permanentError
		if errors.As(err, &p) {
			return p.error
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("timed out waiting for %s: %w", what, err)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

func etcdHealthy(ctx context.Context) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, render.EtcdURL()+"/health", nil)
	resp, err := (&http.Client{Timeout: 2 * time.Second}).Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("etcd /health: %s", resp.Status)
	}
	return nil
}
