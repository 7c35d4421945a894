package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/espo-oidc/espo-oidc/run"
)

// copyInstance copies an example instance's data/ folder to dst.
func copyInstance(b *testing.B, src, dst string) {
	b.Helper()
	if err := os.MkdirAll(filepath.Join(dst, "data"), 0o755); err != nil {
		b.Fatal(err)
	}
	for _, f := range []string{"config.php", "config-internal.php"} {
		data, err := os.ReadFile(filepath.Join(src, "data", f))
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, "data", f), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

func benchLint(b *testing.B, paths []string) {
	o := run.Options{Paths: paths, Jobs: 2, Command: "lint"}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rep, err := run.Run(context.Background(), o)
		if err != nil || len(rep.Errors) > 0 || len(rep.Results) != len(paths) {
			b.Fatalf("lint failed: %v %v", err, rep.Errors)
		}
	}
}

// BenchmarkLintOneInstance: load (read + parse both files) and run the whole
// catalog on one realistic instance.
func BenchmarkLintOneInstance(b *testing.B) {
	benchLint(b, []string{examples + "entra-guide"})
}

// BenchmarkLint1000Instances: a fleet of 1,000 instance folders.
func BenchmarkLint1000Instances(b *testing.B) {
	dir := b.TempDir()
	paths := make([]string, 1000)
	for i := range paths {
		paths[i] = filepath.Join(dir, "crm"+strconv.Itoa(i))
		copyInstance(b, examples+"installer-defaults", paths[i])
	}
	benchLint(b, paths)
}
