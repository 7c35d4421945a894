package netutil

import "testing"

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{"localhost": true, "LOCALHOST": true, "127.0.0.1": true, "127.5.6.7": true, "[::1]": true, "::1": true,
		"example.com": false, "10.0.0.1": false, "localhost.example.com": false, "": false} {
		if IsLoopback(host) != want {
			t.Errorf("IsLoopback(%q) = %v", host, !want)
		}
	}
}
