//go:build unix

package safeio

import "syscall"

// readFlags never block on opening (a FIFO without a writer) and never make
// a terminal the controlling one.
const readFlags = syscall.O_NONBLOCK | syscall.O_NOCTTY
