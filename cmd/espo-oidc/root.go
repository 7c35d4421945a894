package main

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"sort"

	"github.com/spf13/cobra"

	"github.com/espo-oidc/espo-oidc/internal/termsafe"
)

// version is set at build time with -ldflags "-X main.version=..."; otherwise
// it comes from the module's build info.
var version = ""

func toolVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// app carries what every command needs: its streams. Commands take it so
// tests can run them in-process with buffers.
type app struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// Exit codes, the same for every command.
const (
	exitOK         = 0 // nothing at or above the --fail-on threshold
	exitFindings   = 1 // findings at or above the threshold
	exitUsage      = 2 // usage, config or input error
	exitIncomplete = 3 // a probe could not complete (network, TLS, timeout)
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
2 usage or input error, 3 probe incomplete.`,
		Version:       toolVersion(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetVersionTemplate("espo-oidc {{.Version}}\n")
	names := make([]string, 0, len(commandBuilders))
	for n := range commandBuilders {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		root.AddCommand(commandBuilders[n](a))
	}
	return root
}

// run executes the command line and returns the process exit code. It never
// panics on bad input: a panic inside a command is turned into exit code 2
// with a message asking for a bug report, never a stack trace.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	// stderr carries messages about inputs and answers (already redacted
	// where they came from): never a control character raw
	stderr = termsafe.NewWriter(stderr, false)
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "espo-oidc: internal error: %v\nThis is a bug in espo-oidc; please report it with the command line you used (not your secrets).\n", r)
			code = exitUsage
		}
	}()
	root := newRootCmd(a)
	root.SetArgs(args)
	err := root.Execute()
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
