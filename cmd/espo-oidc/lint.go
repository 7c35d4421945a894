package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/espo-oidc/espo-oidc/report"
	"github.com/espo-oidc/espo-oidc/run"
)

func init() { registerCommand("lint", newLintCmd) }

// lintOptions are the lint command's flags.
type lintOptions struct {
	policy   policyFlags
	output   outputFlags
	probe    probeFlags
	db       dbFlags
	Manifest string
	Probe    bool
}

func newLintCmd(a *app) *cobra.Command {
	o := &lintOptions{}
	cmd := &cobra.Command{
		Use:   "lint PATH...",
		Short: "Check EspoCRM OIDC settings (and an Entra app manifest) without touching the network",
		Long: `lint reads an EspoCRM instance's settings and checks them against the rule catalog.

PATH is an EspoCRM root (it has data/), a data/ folder, a single config .php
file, a JSON export (GET /api/v1/Settings as an admin, or
php -r 'echo json_encode(include "data/config.php");'), an Entra app manifest
(a .json file recognised by its shape), or - for stdin (settings or a
manifest). A folder's files are merged as EspoCRM does: config.php <
config-internal.php < config-override.php < config-internal-override.php <
state.php. Several PATHs are linted concurrently.

Every verdict follows the instance's EspoCRM version: read from data/state.php
(9.3+) or data/config.php, or given with --espocrm-version; without one 10.0.0
is assumed and the output says so (docs/espocrm-fidelity.md).

With --db (the credentials of the instance's database setting) or --dsn (a
read-only account) it also reads the instance's database, read-only: the
portals' authentication providers, users, teams and the auth log feed the
database rules, and each portal with an OIDC provider is linted as an
instance of its own (docs/database.md). A database that cannot be read
skips the database rules with the reason and ends in exit code 3.

Formats on standard output (--format) and in files (--output FORMAT=PATH):
text, json, sarif, junit, github, checkstyle, gitlab, markdown, html.`,
		Example: `  espo-oidc lint /var/www/espocrm
  espo-oidc lint data/ --app-manifest manifest.json
  espo-oidc lint site1/ site2/ --format json --fail-on warning
  espo-oidc lint . --output sarif=espo-oidc.sarif --output junit=junit.xml
  espo-oidc lint . --only entra --min-severity warning
  espo-oidc lint /var/www/espocrm --dsn mysql://espo_ro@127.0.0.1:3306/espo`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLint(cmd, a, o, args)
		},
	}
	o.output.add(cmd, "text")
	o.policy.add(cmd, true)
	cmd.Flags().StringVar(&o.Manifest, "app-manifest", "", "Entra app registration manifest (App registrations → Manifest → Download)")
	cmd.Flags().BoolVar(&o.Probe, "probe", false, "also run the live probe against the identity provider (network; espo-oidc probe has all its options)")
	o.probe.add(cmd, "with --probe: ")
	o.db.add(cmd)
	return cmd
}

func runLint(cmd *cobra.Command, a *app, o *lintOptions, paths []string) error {
	defer fleetGC()()
	outs, oo, err := o.output.parse(cmd)
	if err != nil {
		return inputError("%v", err)
	}
	ro, err := o.policy.options(cmd, "lint", paths, a)
	if err != nil {
		return inputError("%v", err)
	}
	ro.Manifest = o.Manifest
	if ro.DB, err = o.db.options(cmd); err != nil {
		return inputError("%v", err)
	}
	if o.Probe {
		if ro.Probe, err = o.probe.options(a); err != nil {
			return inputError("%v", err)
		}
	} else if probeFlagsUsed(cmd) {
		return inputError("--issuer, --ca-file and --timeout go with --probe")
	}
	// results stream to the renderers instance by instance: a fleet's
	// memory does not grow with it (JSON is written as they come)
	oo.Width = stdoutWidth(a)
	streams := report.OpenStreams(a.stdout, outs, oo)
	ro.Stream, ro.OnInstance = true, streams.Instance
	rep, err := run.Run(cmd.Context(), ro)
	if err != nil {
		return inputError("%v", err)
	}
	if err := streams.Finish(rep); err != nil {
		return inputError("%v", err)
	}
	return exit(a, rep, o.policy.ExitZero)
}

// fleetGC makes the collector less eager while lint runs, unless the user
// set GOGC or GOMEMLIMIT: a fleet allocates many small objects per instance
// that die with it, and collecting at every doubling of a small heap was a
// third of a 1,000-instance run. The soft limit keeps the heap small for any
// fleet (results stream; 10,000 instances stay near 70 MB). It returns the
// undo.
func fleetGC() func() { return lessEagerGC(64 << 20) }

// logsGC is the same for logs, whose workers allocate per record: a 6 %
// shorter run; the lower soft limit keeps the process under its 64 MB
// (about 53 MB on a 512 MiB log, against 46 MB collecting at every
// doubling).
func logsGC() func() { return lessEagerGC(48 << 20) }

func lessEagerGC(limit int64) func() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	gc, old := debug.SetGCPercent(400), debug.SetMemoryLimit(limit)
	return func() { debug.SetGCPercent(gc); debug.SetMemoryLimit(old) }
}

func probeFlagsUsed(cmd *cobra.Command) bool {
	for _, f := range []string{"issuer", "ca-file", "timeout"} {
		if cmd.Flags().Changed(f) {
			return true
		}
	}
	return false
}

// exit prints the input errors and incomplete checks to stderr and ends the
// command with run.ExitCode.
func exit(a *app, rep *report.Report, exitZero bool) error {
	printProblems(a.stderr, rep)
	if code := run.ExitCode(rep, exitZero); code != exitOK {
		return &exitError{code: code}
	}
	return nil
}

func printProblems(w io.Writer, rep *report.Report) {
	for _, e := range rep.Errors {
		fmt.Fprintf(w, "espo-oidc: %s\n", e.Message)
	}
	for _, m := range rep.Incomplete {
		fmt.Fprintf(w, "espo-oidc: %s\n", m)
	}
}
