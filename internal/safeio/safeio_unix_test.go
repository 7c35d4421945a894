//go:build unix

package safeio

import (
	"errors"
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
