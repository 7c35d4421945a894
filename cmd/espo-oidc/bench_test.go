package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

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

// fleet writes n copies of an example instance and returns their paths.
func fleet(b *testing.B, n int, example string) []string {
	dir := b.TempDir()
	paths := make([]string, n)
	for i := range paths {
		paths[i] = filepath.Join(dir, "crm"+strconv.Itoa(i))
		copyInstance(b, examples+example, paths[i])
	}
	return paths
}

// BenchmarkLintFleetJSON: the whole lint command on 1,000 good instances,
// JSON to a discarded standard output, as a user runs it (results stream
// to the renderer). B/op is what the command allocates.
func BenchmarkLintFleetJSON(b *testing.B) {
	args := append([]string{"lint", "--format", "json", "--fail-on", "never"}, fleet(b, 1000, "entra-guide")...)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if code := execute(args, nil, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkLint10000InstancesMemory: the peak heap while linting 10,000
// instances to JSON (issue 16: the process stays under 100 MB; the heap
// must not grow with the fleet).
func BenchmarkLint10000InstancesMemory(b *testing.B) {
	args := append([]string{"lint", "--format", "json", "--fail-on", "never"}, fleet(b, 10000, "entra-guide")...)
	b.ResetTimer()
	var peak uint64
	for b.Loop() {
		runtime.GC()
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			var ms runtime.MemStats
			for {
				select {
				case <-stop:
					return
				case <-time.After(10 * time.Millisecond):
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapInuse)
				}
			}
		}()
		code := execute(args, nil, io.Discard, io.Discard)
		close(stop)
		<-done
		if code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "MB-peak-heap")
}
