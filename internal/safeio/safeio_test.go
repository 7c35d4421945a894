package safeio

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// within fails the test when fn does not return in time (a read that
// waits on a FIFO forever).
func within(t *testing.T, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { fn(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: still waiting after 5 s", what)
	}
}

func TestReadFileLimit(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config.php")
	os.WriteFile(p, bytes.Repeat([]byte("x"), 100), 0o600)
	if b, err := ReadFile(p, 100); err != nil || len(b) != 100 {
		t.Errorf("exactly at the limit: %d, %v", len(b), err)
	}
	_, err := ReadFile(p, 99)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Limit != 99 || err.Error() != p+": larger than 99 bytes; espo-oidc reads at most 99 bytes from it (is it the right file?)" {
		t.Errorf("over the limit: %v", err)
	}
	if _, err := ReadFile(filepath.Join(dir, "missing"), 10); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
}

func TestReadAll(t *testing.T) {
	if b, err := ReadAll(strings.NewReader("pw\n"), 3, "standard input"); err != nil || string(b) != "pw\n" {
		t.Errorf("%q %v", b, err)
	}
	// an endless stream stops at the limit
	_, err := ReadAll(zero{}, MaxSecret, "standard input")
	if err == nil || err.Error() != "standard input: larger than 64 KiB; espo-oidc reads at most 64 KiB from it (is it the right file?)" {
		t.Errorf("endless: %v", err)
	}
}

type zero struct{}

func (zero) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func TestLimitReader(t *testing.T) {
	b, err := io.ReadAll(LimitReader(strings.NewReader("abcdef"), 6, "x"))
	if err != nil || string(b) != "abcdef" {
		t.Errorf("at the limit: %q %v", b, err)
	}
	b, err = io.ReadAll(LimitReader(strings.NewReader("abcdefg"), 6, "x"))
	if !IsLimit(err) || string(b) != "abcdef" {
		t.Errorf("over: %q %v", b, err)
	}
	b, err = io.ReadAll(LimitReader(zero{}, 1<<20, "x"))
	if !IsLimit(err) || len(b) != 1<<20 {
		t.Errorf("endless: %d %v", len(b), err)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{16 << 20: "16 MiB", 64 << 10: "64 KiB", 100: "100 bytes", 1 << 40: "1 TiB", 3 << 30: "3 GiB", 1500: "1500 bytes"} {
		if Size(n) != want {
			t.Errorf("Size(%d) = %q", n, Size(n))
		}
	}
}

func mode(t *testing.T, p string) os.FileMode {
	t.Helper()
	fi, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode()
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	if err := MkdirPrivate(out); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, out); m.Perm() != 0o700 {
		t.Errorf("folder mode %v, want 0700", m)
	}
	// new file: 0600
	p := filepath.Join(out, "report.md")
	if err := WriteFile(p, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, p); m.Perm() != 0o600 {
		t.Errorf("file mode %v, want 0600", m)
	}
	// an existing, world-readable file is replaced by a 0600 one
	os.Chmod(p, 0o644)
	if err := WriteFile(p, []byte("two")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "two" || mode(t, p).Perm() != 0o600 {
		t.Errorf("rewritten: %q %v", b, mode(t, p))
	}
	// a planted link is refused and its target untouched
	victim := filepath.Join(dir, "victim")
	os.WriteFile(victim, []byte("keep"), 0o644)
	planted := filepath.Join(out, "report.html")
	os.Symlink(victim, planted)
	err := WriteFile(planted, []byte("overwrite"))
	if err == nil || !strings.Contains(err.Error(), "a symbolic link") {
		t.Errorf("planted link: %v", err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Errorf("the link's target was written: %q", b)
	}
	// a hard link to another file is replaced, not written through
	hard := filepath.Join(out, "facts.json")
	if err := os.Link(victim, hard); err == nil {
		if err := WriteFile(hard, []byte("new")); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(victim); string(b) != "keep" {
			t.Errorf("the hard link's other name was written: %q", b)
		}
	}
	// a directory or a device is refused
	if err := WriteFile(out, []byte("x")); err == nil {
		t.Error("wrote over a directory")
	}
	if runtime.GOOS != "windows" {
		if err := WriteFile("/dev/null", []byte("x")); err == nil || !strings.Contains(err.Error(), "a device") {
			t.Errorf("/dev/null: %v", err)
		}
	}
	// nothing left behind
	ents, _ := os.ReadDir(out)
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

func TestAbort(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.json")
	f, err := Create(p)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("partial"))
	f.Abort()
	if _, err := os.Lstat(p); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("aborted file exists: %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("left: %v", ents)
	}
	if err := MkdirPrivate(p + "/sub/sub"); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "file"), nil, 0o600)
	if err := MkdirPrivate(filepath.Join(dir, "file")); err == nil {
		t.Error("MkdirPrivate on a file")
	}
}

// ReadSized reads what is there whatever size it was told (a file that
// grew or shrank after its stat), and refuses more than limit.
func TestReadSized(t *testing.T) {
	data := strings.Repeat("x", 5000)
	for _, size := range []int64{0, 10, 5000, 1 << 20, -1} {
		b, err := ReadSized(strings.NewReader(data), size, 8000, "f")
		if err != nil || string(b) != data {
			t.Errorf("size %d: %d bytes, %v", size, len(b), err)
		}
	}
	if _, err := ReadSized(strings.NewReader(data), 10, 4999, "f"); !IsLimit(err) {
		t.Errorf("over the limit: %v", err)
	}
	if b, err := ReadSized(strings.NewReader(data), 5000, 5000, "f"); err != nil || len(b) != 5000 {
		t.Errorf("at the limit: %d, %v", len(b), err)
	}
}
