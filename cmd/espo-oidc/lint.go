package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/espo-oidc/espo-oidc/config"
	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/espodb"
	"github.com/espo-oidc/espo-oidc/probe"
	"github.com/espo-oidc/espo-oidc/report"
	"github.com/espo-oidc/espo-oidc/rules"
)

func init() { registerCommand("lint", newLintCmd) }

// lintOptions are the lint command's flags; the report command reuses them.
type lintOptions struct {
	Paths      []string
	Format     string
	Outputs    []string // FORMAT=PATH
	FailOn     string
	ExitZero   bool
	Quiet      bool
	NoColor    bool
	ConfigPath string
	Baseline   string
	Manifest   string
	Probe      bool
	Issuer     string        // --probe: the issuer, when the endpoints do not imply it
	CAFile     string        // --probe: a private CA
	Timeout    time.Duration // --probe: per request
	Jobs       int
	DB         espodb.Flags     // --db, --dsn, --db-timeout
	Command    string           // "lint" unless another command reuses the pipeline
	Now        func() time.Time // the clock (tests fix it)
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
(recognised by its shape), or - for stdin. A folder's files are merged as
EspoCRM does: config.php < config-internal.php < config-override.php <
config-internal-override.php. Several PATHs are linted concurrently.`,
		Example: `  espo-oidc lint /var/www/espocrm
  espo-oidc lint data/ --app-manifest manifest.json
  espo-oidc lint site1/ site2/ --format json --fail-on warning
  espo-oidc lint . --output sarif=espo-oidc.sarif --output junit=junit.xml`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Paths = args
			return runLint(cmd.Context(), a, o)
		},
	}
	addReportFlags(cmd, o)
	cmd.Flags().StringVar(&o.Manifest, "app-manifest", "", "Entra app registration manifest (App registrations → Manifest → Download)")
	cmd.Flags().BoolVar(&o.Probe, "probe", false, "also run the live probe against the identity provider (network; espo-oidc probe has all its options)")
	cmd.Flags().StringVar(&o.Issuer, "issuer", "", "with --probe: the issuer URL (default: implied by the endpoints)")
	cmd.Flags().StringVar(&o.CAFile, "ca-file", "", "with --probe: PEM file with a private CA's certificate (TLS stays verified)")
	cmd.Flags().DurationVar(&o.Timeout, "timeout", 10*time.Second, "with --probe: timeout of each request (EspoCRM uses 10s)")
	cmd.Flags().IntVar(&o.Jobs, "jobs", runtime.GOMAXPROCS(0), "instances linted at once")
	return cmd
}

// addReportFlags adds the output and policy flags shared by lint and probe.
func addReportFlags(cmd *cobra.Command, o *lintOptions) {
	f := cmd.Flags()
	f.StringVarP(&o.Format, "format", "f", "text", "output format on stdout: "+strings.Join(report.Formats(), ", "))
	f.StringArrayVarP(&o.Outputs, "output", "o", nil, "also write FORMAT=PATH (repeatable; PATH - is stdout)")
	f.StringVar(&o.FailOn, "fail-on", "error", "exit 1 when a finding is at or above: error, warning, info, never")
	f.BoolVar(&o.ExitZero, "exit-zero", false, "exit 0 even with findings (report-only runs)")
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "print findings only")
	f.BoolVar(&o.NoColor, "no-color", false, "no colour (also when NO_COLOR is set or stdout is not a terminal)")
	f.StringVar(&o.ConfigPath, "config", "", "config file (default: .espo-oidc.yaml in this folder or a parent)")
	f.StringVar(&o.Baseline, "baseline", "", "JSON report of an earlier run: report only findings that are new since")
	addDBFlags(cmd, &o.DB)
}

func parseFailOn(s string) (rules.Severity, error) {
	if strings.EqualFold(strings.TrimSpace(s), "never") {
		return rules.SeverityNone, nil
	}
	sev, err := rules.ParseSeverity(s)
	if err != nil {
		return 0, fmt.Errorf("--fail-on: %v (or never)", err)
	}
	return sev, nil
}

func runLint(ctx context.Context, a *app, o *lintOptions) error {
	if o.Command == "" {
		o.Command = "lint"
	}
	failOn, err := parseFailOn(o.FailOn)
	if err != nil {
		return inputError("%v", err)
	}
	outs, err := parseOutputs(o.Format, o.Outputs)
	if err != nil {
		return inputError("%v", err)
	}
	rep, probeErr, err := buildReport(ctx, a, o)
	if err != nil {
		return err
	}
	rep.FailOn = failOn
	if o.Baseline != "" {
		if err := report.ApplyBaseline(rep, o.Baseline); err != nil {
			return inputError("%v", err)
		}
	}
	if err := writeOutputs(a, rep, outs, o); err != nil {
		return err
	}
	return exitStatus(a, rep, probeErr, o.ExitZero)
}

// exitStatus prints the input errors to stderr and turns a rendered report
// into the exit code: 2 input errors, 3 probe incomplete, 1 findings at or
// above --fail-on (unless --exit-zero), else 0.
func exitStatus(a *app, rep *report.Report, probeErr error, exitZero bool) error {
	for _, e := range rep.Errors {
		fmt.Fprintf(a.stderr, "espo-oidc: %s\n", e.Message)
	}
	switch {
	case len(rep.Errors) > 0:
		return &exitError{code: exitUsage}
	case probeErr != nil: // the probe or the database could not complete
		return &exitError{code: exitIncomplete, err: probeErr}
	case rep.Failed() && !exitZero:
		return &exitError{code: exitFindings}
	}
	return nil
}

// output is one rendering target.
type output struct{ format, path string }

func parseOutputs(stdoutFormat string, specs []string) ([]output, error) {
	var outs []output
	toStdout := false
	for _, s := range specs {
		format, path, ok := strings.Cut(s, "=")
		if !ok || format == "" || path == "" {
			return nil, fmt.Errorf("--output %q: want FORMAT=PATH, e.g. sarif=espo-oidc.sarif", s)
		}
		outs = append(outs, output{format, path})
		toStdout = toStdout || path == "-"
	}
	if !toStdout {
		outs = append([]output{{stdoutFormat, "-"}}, outs...)
	}
	known := map[string]bool{}
	for _, f := range report.Formats() {
		known[f] = true
	}
	for _, out := range outs {
		if !known[out.format] {
			return nil, fmt.Errorf("unknown output format %q (available: %s)", out.format, strings.Join(report.Formats(), ", "))
		}
	}
	return outs, nil
}

func writeOutputs(a *app, rep *report.Report, outs []output, o *lintOptions) error {
	for _, out := range outs {
		opts := report.Options{Quiet: o.Quiet}
		if out.path == "-" {
			opts.Color = useColor(a.stdout, o.NoColor) && out.format == "text"
			if err := report.Write(a.stdout, out.format, rep, opts); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			continue
		}
		f, err := os.Create(out.path)
		if err != nil {
			return inputError("--output %s=%s: %v", out.format, out.path, err)
		}
		werr := report.Write(f, out.format, rep, opts)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return inputError("--output %s=%s: %v", out.format, out.path, werr)
		}
	}
	return nil
}

// useColor: only on a terminal, never with NO_COLOR or --no-color.
func useColor(w io.Writer, noColor bool) bool {
	if noColor || os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// loadConfig finds and loads the config file.
func loadConfig(path string) (*config.Config, error) {
	if path == "" {
		if wd, err := os.Getwd(); err == nil {
			path = config.Find(wd)
		}
	}
	if path == "" {
		return config.Default(), nil
	}
	cfg, err := config.Load(path)
	if err != nil {
		return nil, inputError("%v", err)
	}
	return cfg, nil
}

// instanceInput is one PATH after loading.
type instanceInput struct {
	path     string
	settings *espo.Settings
	err      error
}

// buildReport loads every input once, reads the database and runs the rules
// (and the probe when asked) concurrently per instance, each portal with an
// OIDC provider as an instance of its own, and returns the report. The
// second result is the first reason a probe or a database read could not
// complete. Unusable inputs
// are recorded in Report.Errors; err is only for a broken config file.
func buildReport(ctx context.Context, a *app, o *lintOptions) (*report.Report, error, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	cfg, err := loadConfig(o.ConfigPath)
	if err != nil {
		return nil, nil, err
	}
	rep := &report.Report{Tool: "espo-oidc", Version: toolVersion(), Generated: now(), Command: o.Command}

	popts := probe.DefaultOptions()
	if o.Probe {
		client, err := probe.NewClient(o.CAFile)
		if err != nil {
			return nil, nil, inputError("--ca-file %v", err)
		}
		popts.Client, popts.Issuer = client, o.Issuer
		if o.Timeout > 0 {
			popts.Timeout = o.Timeout
		}
	}

	var manifest *entra.Manifest
	if o.Manifest != "" {
		m, err := entra.LoadManifest(o.Manifest)
		if err != nil {
			rep.Errors = append(rep.Errors, report.ToolError{Instance: o.Manifest, Message: err.Error()})
		} else {
			manifest = m
		}
	}

	// Load every PATH once; a JSON manifest among them applies to all instances.
	inputs := make([]instanceInput, len(o.Paths))
	stdinUsed := false
	for i, p := range o.Paths {
		if p == "-" {
			if stdinUsed {
				inputs[i] = instanceInput{path: p, err: errors.New("stdin (-) can be given only once")}
				continue
			}
			stdinUsed = true
		}
		s, err := espo.Load(p, a.stdin)
		if errors.Is(err, espo.ErrNotSettings) && p != "-" {
			m, merr := entra.LoadManifest(p)
			if merr != nil {
				err = merr
			} else if manifest != nil {
				err = fmt.Errorf("%s: a second app manifest; give one manifest per run", p)
			} else {
				manifest, err = m, nil
				inputs[i] = instanceInput{path: p}
				continue
			}
		}
		inputs[i] = instanceInput{path: p, settings: s, err: err}
	}

	type slot struct {
		res      *rules.Result
		in       *report.InstanceInput
		portals  []*rules.Result
		portalIn []*report.InstanceInput
		probeErr error
		db       dbLoad
	}
	slots := make([]slot, len(inputs))
	jobs := max(o.Jobs, 1)
	sem := make(chan struct{}, jobs)
	var wg sync.WaitGroup
	for i := range inputs {
		in := inputs[i]
		if in.err != nil {
			rep.Errors = append(rep.Errors, report.ToolError{Instance: in.path, Message: in.err.Error()})
			continue
		}
		if in.settings == nil {
			continue // the manifest
		}
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			ri := &rules.Input{Instance: in.path, Settings: in.settings, Manifest: manifest, Options: cfg.Options, Now: now()}
			dl := loadDB(ctx, in.settings, o.DB)
			ri.DB, ri.DBMissing = dl.snap, dl.missing
			var perr error
			probeOne := func(x *rules.Input, users []probe.User) {
				po := popts
				if users != nil {
					po.UsersData = users // the user table instead of --users
				}
				facts := probe.Run(ctx, x.Settings, po)
				x.Probe = facts
				if err := facts.Incomplete(); err != nil && perr == nil {
					perr = fmt.Errorf("probe incomplete: %s: %w", x.Instance, err)
				}
			}
			var probePortal func(*rules.Input)
			if o.Probe {
				probeOne(ri, espodb.ProbeUsers(dl.snap))
				probePortal = func(x *rules.Input) { probeOne(x, nil) } // portal logins: no CRM-user simulation
			}
			res := rules.Run(ri, cfg.Policy)
			sl := slot{res: res, probeErr: perr, db: dl,
				in: &report.InstanceInput{Instance: in.path, Settings: in.settings, Manifest: manifest, Probe: ri.Probe, DB: dl.snap, DBMissing: dl.missing}}
			sl.portals, sl.portalIn = portalRuns(ri, res, cfg.Policy, probePortal)
			sl.probeErr = perr
			slots[i] = sl
		}(i)
	}
	wg.Wait()
	var probeErr error
	for _, s := range slots {
		if s.res == nil {
			continue
		}
		rep.Results = append(rep.Results, s.res)
		rep.Inputs = append(rep.Inputs, s.in)
		rep.Results = append(rep.Results, s.portals...)
		rep.Inputs = append(rep.Inputs, s.portalIn...)
		if s.db.inErr != nil {
			rep.Errors = append(rep.Errors, report.ToolError{Instance: s.in.Instance, Message: s.db.inErr.Error()})
		}
		if probeErr == nil && s.probeErr != nil {
			probeErr = s.probeErr
		}
		if probeErr == nil && s.db.connErr != nil {
			probeErr = s.db.connErr
		}
	}
	if len(rep.Results) == 0 && len(rep.Errors) == 0 {
		rep.Errors = append(rep.Errors, report.ToolError{Instance: strings.Join(o.Paths, " "), Message: "no EspoCRM settings among the inputs (only an app manifest); give the instance too, e.g. espo-oidc lint data/ --app-manifest manifest.json"})
	}
	if sf := rules.SuppressionFindings(cfg.Policy, cfg.Path, now()); len(sf) > 0 {
		rep.Results = append(rep.Results, &rules.Result{Instance: filepath.Clean(cfg.Path), Provider: "config", Findings: sf})
	}
	return rep, probeErr, nil
}
