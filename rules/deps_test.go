package rules

import (
	"os/exec"
	"strings"
	"testing"
)

// The rule catalog judges facts; it never links the HTTP or TLS stack (the
// probe does the network work). Needs the go tool, as `go test` has.
func TestRulesLinkNoNetwork(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is not on PATH; run: go list -deps ./rules | grep -E 'net/http|crypto/tls'")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "net/http" || dep == "crypto/tls" {
			t.Errorf("package rules links %s", dep)
		}
	}
}
