// Command fleet-supervise runs one fleet daemon as its child and records how it
// ended (see proc.Supervise). A separate small binary rather than a mode of the
// fleet CLI: one runs per daemon, and the CLI's Kubernetes client packages would
// make each several times larger in memory.
package main

import (
	"os"

	"meshfleet/tools/fleet/internal/proc"
)

func main() { os.Exit(proc.Supervise(os.Args[1:])) }
