// Package lazyre compiles a regular expression on first use, so that start-up
// pays nothing for a pattern that a run may never need (issue 16: nothing is
// compiled at init).
package lazyre

import (
	"regexp"
	"sync"
)

// New returns a function that compiles pattern the first time it is called and
// returns the same *regexp.Regexp ever after. A bad pattern panics on first
// use, as regexp.MustCompile would at init; every pattern is a constant in the
// source and the tests call each one.
func New(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}
