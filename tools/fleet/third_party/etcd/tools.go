//go:build tools

// Package tools records the command this build-only module compiles (etcd's main
// package sits at the root of go.etcd.io/etcd/server/v3), so `go mod tidy` keeps it.
package tools

import _ "go.etcd.io/etcd/server/v3"
