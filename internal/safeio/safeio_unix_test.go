//go:build unix

package safeio

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for path, want := range map[string]string{fifo: "a named pipe (FIFO)", sock: "a socket", "/dev/zero": "a device", "/dev/null": "a device", dir: "a directory"} {
		within(t, path, func() {
			_, err := ReadFile(path, MaxBaseline)
			var nr *NotRegularError
			if !errors.As(err, &nr) || nr.Kind != want || !IsLimit(err) {
				t.Errorf("ReadFile(%s) = %v, want %s", path, err, want)
			}
			if err != nil && !strings.HasPrefix(err.Error(), path+": ") {
				t.Errorf("the message does not start with the path: %v", err)
			}
			if f, err := Open(path); err == nil {
				f.Close()
				t.Errorf("Open(%s) succeeded", path)
			}
		})
	}
	// a symbolic link to a regular file is read; to a FIFO, refused
	link := filepath.Join(dir, "link")
	os.Symlink(fifo, link)
	within(t, "link to fifo", func() {
		if _, err := ReadFile(link, 10); !IsLimit(err) {
			t.Errorf("ReadFile(link to fifo) = %v", err)
		}
	})
}

// ReadFile's system calls give what reading through package os gives:
// the same bytes, and errors of the same type and text, for every kind of
// path.
func TestReadFileAsOS(t *testing.T) {
	dir := t.TempDir()
	file := func(name string, n int) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, bytes.Repeat([]byte("a\n"), n)[:n], 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	os.Symlink(file("target", 700), link)
	dangling := filepath.Join(dir, "dangling")
	os.Symlink(filepath.Join(dir, "nothing"), dangling)
	paths := []string{
		file("empty", 0), file("small", 10), file("at-limit", 4096), file("over-limit", 4097),
		file("big", 3000), link, dangling, fifo, dir, "/dev/null", "/dev/zero",
		filepath.Join(dir, "missing"), filepath.Join(dir, "small", "below-a-file"), "",
	}
	if _, err := os.Stat("/proc/version"); err == nil {
		// a regular file that reports size 0: read to its end all the same
		paths = append(paths, "/proc/version")
	}
	for _, p := range paths {
		within(t, p, func() {
			got, gotErr := readFile(p, 4096)
			want, wantErr := readFileOS(p, 4096)
			if !bytes.Equal(got, want) || (got == nil) != (want == nil) {
				t.Errorf("%q: %d bytes, want %d", p, len(got), len(want))
			}
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || fmt.Sprintf("%T", gotErr) != fmt.Sprintf("%T", wantErr) {
				t.Errorf("%q: error %T %v, want %T %v", p, gotErr, gotErr, wantErr, wantErr)
			}
			if pe, ok := errors.AsType[*fs.PathError](gotErr); ok {
				if we, _ := errors.AsType[*fs.PathError](wantErr); we == nil || we.Op != pe.Op || !errors.Is(pe.Err, we.Err) {
					t.Errorf("%q: %+v, want %+v", p, pe, we)
				}
			}
		})
	}
}
