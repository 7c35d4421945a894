//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// Item 8: every read is bounded; a FIFO, socket or device is refused, not
// waited on.
func TestBoundedInputs(t *testing.T) {
	dir := t.TempDir()
	inst := writeInstance(t, "https://idp.example", nil)
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	cases := [][]string{
		{"lint", "--baseline", "/dev/zero", inst},
		{"lint", "--config", "/dev/zero", inst},
		{"lint", "--config", fifo, inst},
		{"lint", "--app-manifest", "/dev/zero", inst},
		{"lint", "--app-manifest", fifo, inst},
		{"lint", fifo},
		{"lint", "/dev/zero"},
		{"logs", fifo},
		{"logs", "/dev/zero"},
		{"probe", "--ca-file", "/dev/zero", inst},
		{"probe", "--ca-file", fifo, inst},
		{"probe", "--users", "/dev/zero", inst},
		{"probe", "--users", fifo, inst},
	}
	for _, args := range cases {
		what := strings.Join(args, " ")
		guard(t, what, 20*time.Second, func() {
			code, _, errs := runH(nil, args...)
			if code != exitUsage {
				t.Errorf("%s: exit %d, want %d (%s)", what, code, exitUsage, errs)
			}
			if !strings.Contains(errs, "/dev/zero") && !strings.Contains(errs, fifo) {
				t.Errorf("%s: the message names no path: %s", what, errs)
			}
			if strings.Count(strings.TrimSpace(errs), "\n") > 0 {
				t.Errorf("%s: not one line: %q", what, errs)
			}
		})
	}
	// an endless standard input for --password-stdin
	guard(t, "--password-stdin from an endless stream", 20*time.Second, func() {
		code, _, errs := runH(endless{}, "probe", "--username", "u", "--password-stdin", inst)
		if code != exitUsage {
			t.Errorf("--password-stdin endless: exit %d (%s)", code, errs)
		}
	})
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

// The signals are caught only once a command asks its context, and then
// SIGTERM cancels it; a context never asked catches nothing and stops
// cleanly.
func TestSignalContext(t *testing.T) {
	never := &signalContext{}
	never.stop()
	if never.caught {
		t.Fatal("a context never asked caught the signals")
	}
	if never.Err() == nil {
		t.Fatal("a context never asked is not done after stop, as NotifyContext's would be")
	}
	asked := &signalContext{}
	defer asked.stop()
	done := asked.Done()
	if !asked.caught {
		t.Fatal("Done did not start catching the signals")
	}
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("SIGTERM did not cancel the context")
	}
	if asked.Err() == nil {
		t.Fatal("Err is nil after SIGTERM")
	}
}

// A run that writes a file asks its context, so Ctrl-C is caught and the
// file is finished instead of a temporary file being left behind; a run
// that writes only to standard output does not.
func TestFileOutputsCatchSignals(t *testing.T) {
	for _, c := range []struct {
		outputs []string
		catch   bool
	}{
		{nil, false},
		{[]string{"sarif=-"}, false},
		{[]string{"sarif=" + filepath.Join(t.TempDir(), "out.sarif")}, true},
	} {
		cmd := &cobra.Command{}
		f := &outputFlags{}
		f.add(cmd, "text")
		for _, o := range c.outputs {
			if err := cmd.Flags().Set("output", o); err != nil {
				t.Fatal(err)
			}
		}
		ctx := &signalContext{}
		cmd.SetContext(ctx)
		if _, _, err := f.parse(cmd); err != nil {
			t.Fatal(err)
		}
		if ctx.caught != c.catch {
			t.Errorf("--output %v: signals caught %v, want %v", c.outputs, ctx.caught, c.catch)
		}
		ctx.stop()
	}
}
