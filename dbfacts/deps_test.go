package dbfacts

import (
	"os/exec"
	"strings"
	"testing"
)

// dbfacts is what the rule catalog imports: it must not link a database
// driver, TLS or HTTP (package espodb does the connecting).
func TestNoDriverDeps(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is not on PATH; run: go list -deps ./dbfacts")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "net/http" || dep == "crypto/tls" || strings.Contains(dep, "go-sql-driver") || strings.Contains(dep, "jackc/pgx") {
			t.Errorf("package dbfacts links %s", dep)
		}
	}
}
