package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/espo-oidc/espo-oidc/internal/termsafe"
	"github.com/espo-oidc/espo-oidc/run"
)

// version is set at build time with -ldflags "-X main.version=..."; otherwise
// it comes from the module's build info.
var version = ""

func toolVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := buildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// buildInfo is debug.ReadBuildInfo, read once: every command asks for the
// version, some twice.
var buildInfo = sync.OnceValues(debug.ReadBuildInfo)

// versionText is --version: the module version, and the VCS revision and
// time the binary was built from when the build info has them.
func versionText() string {
	v := "espo-oidc " + toolVersion()
	bi, ok := buildInfo()
	if !ok {
		return v + "\n"
	}
	var rev, at, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = ", modified"
			}
		}
	}
	if rev != "" {
		v += fmt.Sprintf(" (%s%s, %s)", rev[:min(12, len(rev))], dirty, at)
	}
	return fmt.Sprintf("%s\n%s %s/%s\n", v, bi.GoVersion, goos, goarch)
}

// clock is the commands' clock; nil is time.Now. Tests that show real
// output with dates in it (the docs' examples) fix it.
var clock func() time.Time

// app carries what every command needs: its streams and clock. Commands
// take it so tests can run them in-process with buffers.
type app struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	now    func() time.Time // nil: time.Now
}

// stdoutFile is standard output when it is a file (for its terminal width).
func (a *app) stdoutFile() *os.File {
	f, _ := a.stdout.(*os.File)
	return f
}

// Exit codes, the same for every command (run.Exit*).
const (
	exitOK         = run.ExitOK
	exitFindings   = run.ExitFindings
	exitUsage      = run.ExitUsage
	exitIncomplete = run.ExitIncomplete
)

// exitError makes a command end with a given exit code. Err is printed to
// stderr unless it is nil (findings are already printed).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

// inputError is an unusable input or bad usage: exit code 2.
func inputError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// commandBuilders are the subcommands; each command file registers its own
// builder in an init function, so adding a command touches no shared file.
var commandBuilders = map[string]func(*app) *cobra.Command{}

func registerCommand(name string, build func(*app) *cobra.Command) {
	commandBuilders[name] = build
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "espo-oidc",
		Short: "Check EspoCRM's OpenID Connect login: settings, Entra app, identity provider and logs",
		Long: `espo-oidc tells what is wrong with an EspoCRM OpenID Connect (OIDC) login and how to fix it.

  lint     static checks of an instance's settings (data/config*.php or a JSON
           export) and of the Entra app manifest (--app-manifest)
  probe    live checks against the identity provider: discovery, keys, a token
           round trip, the ID token judged strictly and as EspoCRM would
  logs     failed OIDC logins in EspoCRM's log files, grouped into incidents
  explain  a rule, an AADSTS code, an OAuth error or an EspoCRM log message
  report   a redacted support bundle (HTML, Markdown, JSON)
  rules    the rule catalog

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it,
2 usage or input error, 3 a live check (probe, database) could not complete.`,
		Version:       toolVersion(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetVersionTemplate(versionText())
	names := make([]string, 0, len(commandBuilders))
	for n := range commandBuilders {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		root.AddCommand(commandBuilders[n](a))
	}
	// cobra's completion command prints its help and exits 0 for a shell it
	// does not know (completion tcsh): that is a usage error.
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Args = cobra.ArbitraryArgs
			c.RunE = func(cmd *cobra.Command, args []string) error {
				if len(args) == 0 {
					return inputError("completion: name the shell: bash, zsh, fish or powershell")
				}
				return inputError("completion %s: no completion for that shell (bash, zsh, fish or powershell)", args[0])
			}
		}
	}
	return root
}

// execute runs the command line and returns the process exit code. It never
// panics on bad input: a panic inside a command is turned into exit code 2
// with a message asking for a bug report, never a stack trace.
func execute(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	// stderr carries messages about inputs and answers (redacted where they
	// came from): never a control character raw
	stderr = termsafe.NewWriter(stderr, false)
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, now: clock}
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "espo-oidc: internal error: %v\nThis is a bug in espo-oidc; please report it with the command line you used (not your secrets).\n", r)
			code = exitUsage
		}
	}()
	root := newRootCmd(a)
	root.SetArgs(args)
	// Ctrl-C (or SIGTERM) cancels the run: a probe stops its requests and
	// the command ends with what it has. The signals are caught only once
	// a command asks its context (probe, logs, a database): a lint of
	// files does not, and Ctrl-C ends it at once.
	ctx := &signalContext{}
	defer ctx.stop()
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(stderr, "espo-oidc: %v\n", ee.err)
		}
		return ee.code
	}
	// cobra's own errors: unknown command or flag, wrong argument count.
	fmt.Fprintf(stderr, "espo-oidc: %v\nRun 'espo-oidc --help' for usage.\n", err)
	return exitUsage
}

// signalContext is signal.NotifyContext(Background, Interrupt, SIGTERM)
// made when first asked: catching signals starts a goroutine on its own
// thread, which a command that never looks at its context does not pay for.
type signalContext struct {
	once   sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	caught bool // the signals are being caught
}

func (c *signalContext) get() context.Context {
	c.once.Do(func() {
		c.ctx, c.cancel = signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		c.caught = true
	})
	return c.ctx
}

// stop stops catching the signals, if they were caught.
func (c *signalContext) stop() {
	c.once.Do(func() { // not caught yet: they never will be, and the context ends here as it would have
		c.ctx, c.cancel = context.WithCancel(context.Background())
	})
	c.cancel()
}

func (c *signalContext) Deadline() (time.Time, bool) { return c.get().Deadline() }
func (c *signalContext) Done() <-chan struct{}       { return c.get().Done() }
func (c *signalContext) Err() error                  { return c.get().Err() }
func (c *signalContext) Value(key any) any           { return c.get().Value(key) }
