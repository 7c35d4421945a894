package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkStartOneInstance: the whole process, as a user runs it: `lint
// --format json` on one instance, against a hello-world Go binary built the
// same way (issue 16: at most 3×). It builds both binaries first
// (CGO_ENABLED=0 go build -trimpath -ldflags=-s -w, as scripts/bench.sh and
// the README's install do) and reports the mean time of each run and their
// ratio.
func BenchmarkStartOneInstance(b *testing.B) {
	dir := b.TempDir()
	build := func(out, pkgDir string) {
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, ".")
		cmd.Dir = pkgDir
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("go build %s: %v\n%s", pkgDir, err, msg)
		}
	}
	eo := filepath.Join(dir, "espo-oidc")
	build(eo, ".")
	hello := filepath.Join(dir, "hello")
	if err := os.MkdirAll(hello+"-src", 0o755); err != nil {
		b.Fatal(err)
	}
	os.WriteFile(filepath.Join(hello+"-src", "go.mod"), []byte("module hello\n\ngo 1.26\n"), 0o644)
	os.WriteFile(filepath.Join(hello+"-src", "main.go"), []byte("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello, world\") }\n"), 0o644)
	build(hello, hello+"-src")
	run := func(name string, args ...string) time.Duration {
		start := time.Now()
		cmd := exec.Command(name, args...)
		if err := cmd.Run(); err != nil {
			b.Fatalf("%s: %v", name, err)
		}
		return time.Since(start)
	}
	var tEO, tHello time.Duration
	b.ResetTimer()
	for b.Loop() {
		tEO += run(eo, "lint", "--format", "json", examples+"entra-guide")
		tHello += run(hello)
	}
	n := float64(b.N)
	b.ReportMetric(tEO.Seconds()*1000/n, "ms/lint")
	b.ReportMetric(tHello.Seconds()*1000/n, "ms/hello")
	b.ReportMetric(tEO.Seconds()/tHello.Seconds(), "ratio")
}
