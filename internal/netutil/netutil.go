// Package netutil holds the one definition of a loopback host, shared by the
// rules (http is acceptable only to loopback) and the probe (the secret never
// travels over plain http except to loopback).
package netutil

import (
	"net"
	"strings"
)

// IsLoopback reports whether host (a URL's Hostname(), brackets allowed) is
// localhost or a loopback address.
func IsLoopback(host string) bool {
	h := strings.ToLower(strings.Trim(host, "[]"))
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
